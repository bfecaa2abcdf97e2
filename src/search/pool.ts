/**
 * Evaluations in a pool of worker threads, or in this thread (threads = 0). Each worker builds its own evaluator
 * from a serialisable description (factory module, export name, the spec's ids). Results come back in input order
 * whatever the finishing order, so a study does not depend on thread timing.
 * Workers run the compiled dist/src/search/worker.js: from source (vitest) only threads = 0 is available.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Config } from '../contract/config.js';
import type { Evaluator } from '../contract/evaluator.js';
import { UserError } from '../errors.js';
import { PACKAGE_ROOT } from '../paths.js';
import {
  COST_MODEL,
  type EvaluatorArgs,
  type EvaluatorModule,
  loadEvaluator,
  type Outcome,
  runEvaluator,
  SERVE_MODEL,
} from './evaluator.js';

export interface EvaluationPool {
  readonly threads: number;
  /**
   * Evaluates the configs; `onDone` fires as each finishes (in any order); resolves with outcomes in input order.
   * Once `stopped()` says so, no further config starts: the ones running finish, the rest stay holes in the result.
   */
  run(
    configs: readonly Config[],
    onDone: (index: number, outcome: Outcome) => void,
    stopped?: () => boolean,
  ): Promise<Outcome[]>;
  close(): Promise<void>;
}

export interface PoolOptions {
  threads: number;
  evaluator: EvaluatorModule;
  args: EvaluatorArgs;
  /** An evaluator already built from `evaluator` and `args`, used when threads = 0 instead of building another. */
  inline?: Evaluator;
}

/** Messages between the pool and a worker. */
export type ToWorker = { type: 'job'; id: number; config: Config };
export type FromWorker =
  | { type: 'ready' }
  | { type: 'done'; id: number; outcome: Outcome }
  | { type: 'failed'; id: number | null; error: SerialisedError };
export interface SerialisedError {
  name: string;
  message: string;
  stack?: string;
}

export function serialiseError(err: unknown): SerialisedError {
  const e = err instanceof Error ? err : new Error(String(err));
  return { name: e.name, message: e.message, stack: e.stack };
}

/** Rebuilds an error from a worker: UserErrors stay UserErrors (exit code 2), anything else is internal. */
export function reviveError(e: SerialisedError, where = 'an evaluation worker'): Error {
  const err = e.name === 'UserError' ? new UserError(e.message) : new Error(`${e.message} (in ${where})`);
  if (e.stack) err.stack = e.stack;
  return err;
}

/** The worker next to this module: present when running compiled code, absent when running from source. */
function siblingWorker(): string | null {
  const here = fileURLToPath(new URL('./worker.js', import.meta.url));
  return existsSync(here) ? here : null;
}

/** The compiled worker script (from source: the build's, if there is one), or null. */
export function workerScript(): string | null {
  const built = join(PACKAGE_ROOT, 'dist', 'src', 'search', 'worker.js');
  return siblingWorker() ?? (existsSync(built) ? built : null);
}

/**
 * 'auto': in this thread for the cost model, which is cheaper to run than to post to a worker (a 60-trial random
 * study took 1.41 s with workers against 0.68 s in-thread, and workers add 0.25 s of start-up; bench/README.md);
 * for any other evaluator, which may be expensive, one thread per point of a batch, at most the machine's
 * parallelism, when running compiled code. From source always 0: a plain worker could not import .ts modules.
 */
export function resolveThreads(
  requested: number | 'auto',
  batchSize: number,
  evaluator: EvaluatorModule = COST_MODEL,
): number {
  if (requested !== 'auto') return requested;
  if (isAnalyticalModel(evaluator)) return 0;
  return siblingWorker() ? Math.max(1, Math.min(batchSize, availableParallelism())) : 0;
}

/** The training and serving cost models answer in microseconds: a worker's message round trip costs more. */
function isAnalyticalModel(evaluator: EvaluatorModule): boolean {
  const path = (module: string): string => (module.startsWith('file:') ? fileURLToPath(module) : module);
  return [COST_MODEL, SERVE_MODEL].some(
    (model) => path(evaluator.module) === path(model.module) && evaluator.exportName === model.exportName,
  );
}

export async function createPool(options: PoolOptions): Promise<EvaluationPool> {
  if (options.threads <= 0)
    return new InlinePool(options.inline ?? (await loadEvaluator(options.evaluator, options.args)));
  const script = workerScript();
  if (!script)
    throw new UserError('evaluation threads need the compiled worker (npm run build); run with threads 0 instead');
  const workers = await Promise.all(Array.from({ length: options.threads }, () => startWorker(script, options)));
  return new WorkerPool(workers);
}

const never = (): boolean => false;
/** A turn of the event loop (timers and I/O run: a live UI answers). */
export const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

class InlinePool implements EvaluationPool {
  readonly threads = 0;
  constructor(private readonly evaluator: Evaluator) {}

  async run(
    configs: readonly Config[],
    onDone: (index: number, outcome: Outcome) => void,
    stopped: () => boolean = never,
  ): Promise<Outcome[]> {
    const outcomes: Outcome[] = [];
    for (const [i, config] of configs.entries()) {
      if (stopped()) break;
      outcomes.push(runEvaluator(this.evaluator, config));
      onDone(i, outcomes[i]!);
      await nextTurn(); // lets a UI draw and signals arrive between evaluations
    }
    return outcomes;
  }

  async close(): Promise<void> {}
}

function startWorker(script: string, options: PoolOptions): Promise<Worker> {
  const worker = new Worker(script, { workerData: { evaluator: options.evaluator, args: options.args } });
  return new Promise((resolve, reject) => {
    const onMessage = (message: FromWorker): void => {
      worker.off('error', reject);
      if (message.type === 'ready') resolve(worker);
      else if (message.type === 'failed') void worker.terminate().then(() => reject(reviveError(message.error)));
    };
    worker.once('message', onMessage);
    worker.once('error', reject);
  });
}

class WorkerPool implements EvaluationPool {
  readonly threads: number;
  constructor(private readonly workers: Worker[]) {
    this.threads = workers.length;
  }

  run(
    configs: readonly Config[],
    onDone: (index: number, outcome: Outcome) => void,
    stopped: () => boolean = never,
  ): Promise<Outcome[]> {
    const outcomes = new Array<Outcome>(configs.length);
    let next = 0;
    let finished = 0;
    let running = 0;
    return new Promise((resolve, reject) => {
      let failed = false;
      const fail = (err: Error): void => {
        if (failed) return;
        failed = true;
        cleanup();
        reject(err);
      };
      const feed = (worker: Worker): void => {
        if (failed || next >= configs.length) return;
        if (stopped()) {
          next = configs.length; // start nothing more; resolve once the running ones are in
          if (running === 0) {
            cleanup();
            resolve(outcomes);
          }
          return;
        }
        running++;
        const id = next++;
        worker.postMessage({ type: 'job', id, config: configs[id]! } satisfies ToWorker);
      };
      const listeners = this.workers.map((worker) => {
        const onMessage = (message: FromWorker): void => {
          if (message.type === 'failed') {
            fail(reviveError(message.error));
            return;
          }
          if (message.type !== 'done') return;
          outcomes[message.id] = message.outcome;
          running--;
          onDone(message.id, message.outcome);
          if (++finished === configs.length || (next >= configs.length && running === 0)) {
            cleanup();
            resolve(outcomes);
          } else {
            feed(worker);
          }
        };
        const onError = (err: Error): void => fail(err);
        worker.on('message', onMessage);
        worker.on('error', onError);
        return { worker, onMessage, onError };
      });
      const cleanup = (): void => {
        for (const { worker, onMessage, onError } of listeners) {
          worker.off('message', onMessage);
          worker.off('error', onError);
        }
      };
      if (configs.length === 0) {
        cleanup();
        resolve(outcomes);
        return;
      }
      for (const worker of this.workers) feed(worker);
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
