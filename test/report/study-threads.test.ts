import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { createModel } from '../../src/model/index.js';
import { runStudies, type StudyJob, studyLanes } from '../../src/report/study-threads.js';
import { checkKeyOf } from '../../src/report/tune.js';
import type { StudyResult } from '../../src/search/index.js';
import { catalog, inputFor, tinySpec } from './helpers.js';

const withoutTimes = (result: StudyResult) => {
  const { startedAt, finishedAt, elapsedS, ...provenance } = result.provenance;
  return { ...result, provenance };
};

describe('studies side by side', () => {
  it('runs as many at once as asked, by default one per core, never more than there are studies', () => {
    expect(studyLanes(undefined, 9)).toBe(Math.min(availableParallelism(), 9));
    expect(studyLanes(undefined, 1)).toBe(1);
    expect(studyLanes(4, 3)).toBe(3);
    expect(studyLanes(1, 3)).toBe(1);
    expect(studyLanes(0, 3)).toBe(1);
  });

  it('gives the results of running them one after another, in job order, in this thread and in workers', async () => {
    // npm test compiles first: the workers run dist/src/report/study-worker.js.
    expect(existsSync('dist/src/report/study-worker.js')).toBe(true);
    const spec = tinySpec({
      optimizer: 'bo',
      budget: 5,
      space: { ...tinySpec().space, ep: { type: 'choice', values: [32, 64] } },
      fixed: { tp: 1, pp: 16, microBatchSize: 1, nodeLimit: 4 },
    });
    const jobs: StudyJob[] = ['h800-sxm', 'h100-sxm', 'h20', 'h800-sxm'].map((chip, i) => {
      const input = inputFor(spec, catalog.get('chip', chip));
      return { spec: { ...spec, chip, seed: i }, input, checkKey: checkKeyOf(input) };
    });
    const models = () => jobs.map((job) => createModel(job.input));
    const started: number[] = [];
    const done: number[] = [];
    const serial = await runStudies(jobs, models(), 1);
    const parallel = await runStudies(jobs, models(), 3, {
      onStart: (i) => started.push(i),
      onDone: (i) => done.push(i),
    });
    expect(parallel.map(withoutTimes)).toEqual(serial.map(withoutTimes));
    expect(serial.map((r) => r.seed)).toEqual([0, 1, 2, 3]); // job order
    expect(serial[2]!.best!.objective!).toBeLessThan(serial[0]!.best!.objective! / 2); // the H20 job ran on the H20
    expect(serial.every((r) => r.trials.length === 5 && r.best !== null)).toBe(true);
    expect(started).toEqual([0, 1, 2, 3]); // taken in order
    expect([...done].sort()).toEqual([0, 1, 2, 3]);
  });

  it('a study that fails in a worker fails the call, naming where it failed', async () => {
    const spec = tinySpec({ optimizer: 'bo', budget: 3 });
    const input = inputFor(spec);
    const broken = { ...input, chip: null } as unknown as typeof input; // the model cannot be built
    const jobs: StudyJob[] = [input, broken, input, input].map((job) => ({
      spec,
      input: job,
      checkKey: checkKeyOf(input),
    }));
    const models = jobs.map(() => createModel(input));
    // This thread takes job 0, the worker job 1.
    await expect(runStudies(jobs, models, 2)).rejects.toThrow(/of null.*\(in a study worker\)/);
  });
});
