/**
 * The studies of one compare or sweep, side by side in worker threads. They are independent and each is
 * deterministic in its spec and seed, and their cost is the optimiser's own work (a CPU profile of a 3-chip compare:
 * ~60% in bo's asks, ~10% in the model), so N cores finish N studies in the time of one. The results are those of
 * running them one after another in this thread (test/report/study-threads.test.ts).
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ModelInput } from '../model/index.js';
import { PACKAGE_ROOT } from '../paths.js';
import type { Evaluator, SearchSpec, StudyResult } from '../search/index.js';
import { reviveError, type SerialisedError } from '../search/pool.js';
import type { Validity } from '../search/space.js';
import { tune } from './tune.js';

/** One study: its spec, the profiles its cost model is built from, and its check key (see checkKeyOf). */
export interface StudyJob {
  readonly spec: SearchSpec;
  readonly input: ModelInput;
  readonly checkKey: string;
}

export type ToStudyWorker = { id: number; job: StudyJob };
export type FromStudyWorker =
  | { type: 'done'; id: number; result: StudyResult }
  | { type: 'failed'; id: number; error: SerialisedError };

export interface StudyCallbacks {
  onStart?(index: number): void;
  onDone?(index: number, result: StudyResult): void;
}

/** The compiled worker beside this module, or the build's when running from source; null when there is none. */
function workerScript(): string | null {
  const sibling = fileURLToPath(new URL('./study-worker.js', import.meta.url));
  if (existsSync(sibling)) return sibling;
  const built = join(PACKAGE_ROOT, 'dist', 'src', 'report', 'study-worker.js');
  return existsSync(built) ? built : null;
}

/**
 * Studies to run at once: as requested (0 or 1: one after another), by default one per core, at most one per study.
 */
export function studyLanes(requested: number | undefined, jobs: number): number {
  return Math.max(1, Math.min(requested ?? availableParallelism(), jobs));
}

/**
 * Runs every job, `lanes` at once: this thread and lanes - 1 worker threads (this thread alone when there is no
 * compiled worker), each taking the next job when it is free; the results come back in job order. A job run here
 * uses `evaluators[i]`, built from `jobs[i].input`; a worker builds its model from the same profiles. Studies with
 * equal check keys share one enumeration within a thread.
 */
export async function runStudies(
  jobs: readonly StudyJob[],
  evaluators: readonly Evaluator[],
  lanes: number,
  callbacks: StudyCallbacks = {},
): Promise<StudyResult[]> {
  const script = lanes > 1 ? workerScript() : null;
  const workers =
    script === null ? [] : Array.from({ length: Math.min(lanes, jobs.length) - 1 }, () => new Worker(script));
  const results: StudyResult[] = new Array(jobs.length);
  let next = 0;
  const finish = (id: number, result: StudyResult): void => {
    results[id] = result;
    callbacks.onDone?.(id, result);
  };
  const here = async (): Promise<void> => {
    const validity = new Map<string, Validity>();
    while (next < jobs.length) {
      const id = next++;
      callbacks.onStart?.(id);
      const job = jobs[id]!;
      finish(id, await tune(job.spec, evaluators[id]!, { checkKey: job.checkKey, cache: validity }));
    }
  };
  const inWorker = (worker: Worker): Promise<void> =>
    new Promise((resolve, reject) => {
      const feed = (): void => {
        if (next >= jobs.length) {
          resolve();
          return;
        }
        const id = next++;
        callbacks.onStart?.(id);
        worker.postMessage({ id, job: jobs[id]! } satisfies ToStudyWorker);
      };
      const fail = (err: Error): void => {
        next = jobs.length; // no lane starts another study
        reject(err);
      };
      worker.on('message', (message: FromStudyWorker) => {
        if (message.type === 'failed') {
          fail(reviveError(message.error, 'a study worker'));
          return;
        }
        finish(message.id, message.result);
        feed();
      });
      worker.on('error', fail);
      worker.on('exit', (code) => fail(new Error(`a study worker exited (code ${code}) before its studies ended`)));
      feed();
    });
  try {
    await Promise.all([here(), ...workers.map(inWorker)]);
    return results;
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
}
