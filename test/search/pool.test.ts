import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import { COST_MODEL } from '../../src/search/evaluator.js';
import { createPool, resolveThreads } from '../../src/search/pool.js';
import { runStudy } from '../../src/search/study.js';
import { comparable, SYNTHETIC, syntheticSpec } from './helpers/study.js';
import { transpileTree } from './helpers/transpile.js';

describe('evaluation in worker threads', () => {
  let tree: string;
  beforeAll(() => {
    tree = transpileTree('pool', [
      'test/search/fixtures/study-child.ts',
      'src/search/worker.ts',
      'src/search/synthetic.ts',
    ]);
  });

  /** Runs the study in a child process with `threads` worker threads. */
  function inChild(threads: number, exportName = 'createSyntheticEvaluator'): ReturnType<typeof spawnSync> {
    const dir = mkdtempSync(join(tmpdir(), 'autotune-pool-'));
    const specFile = join(dir, 'spec.json');
    writeFileSync(specFile, JSON.stringify(syntheticSpec({ budget: 20 })));
    const script = join(tree, 'test/search/fixtures/study-child.js');
    return spawnSync(
      process.execPath,
      [script, specFile, dir, join(tree, 'src/search/synthetic.js'), exportName, String(threads)],
      { encoding: 'utf8' },
    );
  }

  it('gives the same result as evaluation in one thread', async () => {
    const child = inChild(3);
    expect(child.stderr).toBe('');
    const threaded = JSON.parse(child.stdout as string);
    const inline = await runStudy({ spec: syntheticSpec({ budget: 20 }), evaluator: SYNTHETIC, threads: 0 });
    expect(comparable(threaded)).toEqual(comparable(inline));
  });

  it('fails with the factory error of a worker', () => {
    const child = inChild(2, 'noSuchFactory');
    expect(child.status).not.toBe(0);
    expect(child.stderr).toMatch(/UserError: .*synthetic\.js: no evaluator factory export "noSuchFactory"/);
  });
});

describe('the in-thread pool', () => {
  it('answers in input order and names a missing factory', async () => {
    const pool = await createPool({ threads: 0, evaluator: SYNTHETIC, args: { workload: 'w', chip: 'c', gpus: 2048 } });
    const configs = [4, 8].map((pp) => ({
      schedule: '1f1b' as const,
      pp,
      ep: 8,
      tp: 1,
      microBatchSize: 1,
      commSMs: 20,
    }));
    const seen: number[] = [];
    const outcomes = await pool.run(configs, (i) => seen.push(i));
    expect(seen).toEqual([0, 1]);
    expect(outcomes.map((o) => o.kind)).toEqual(['evaluated', 'evaluated']);
    await pool.close();
    await expect(
      createPool({
        threads: 0,
        evaluator: { ...SYNTHETIC, exportName: 'nope' },
        args: { workload: 'w', chip: 'c', gpus: 1 },
      }),
    ).rejects.toBeInstanceOf(UserError);
  });
});

describe('resolveThreads', () => {
  it('evaluates the cost model in this thread by default, and keeps an explicit count', () => {
    expect(resolveThreads('auto', 4, COST_MODEL)).toBe(0);
    expect(
      resolveThreads('auto', 4, { module: `file://${COST_MODEL.module}`, exportName: COST_MODEL.exportName }),
    ).toBe(0);
    expect(resolveThreads(3, 4, COST_MODEL)).toBe(3);
    expect(resolveThreads(0, 4, { module: '/elsewhere/evaluator.js', exportName: 'create' })).toBe(0);
    // another evaluator gets one thread per batch point when compiled; from source, as vitest runs this, none
    expect(resolveThreads('auto', 4, { module: '/elsewhere/evaluator.js', exportName: 'create' })).toBe(0);
  });
});
