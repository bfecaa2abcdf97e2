import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { StudyController } from '../../src/search/control.js';
import { canonicalKey } from '../../src/search/space.js';
import { loadSpec } from '../../src/search/spec.js';
import { runStudy } from '../../src/search/study.js';
import { studyPaths } from '../../src/search/study-files.js';
import { SYNTHETIC_SPACE } from '../../src/search/synthetic.js';
import { comparable, recorder, SYNTHETIC, syntheticSpec } from './helpers/study.js';

const tmp = (): string => mkdtempSync(join(tmpdir(), 'autotune-study-'));

describe('runStudy', () => {
  it('spends the budget on distinct configs and reports them in order', async () => {
    const { events, onEvent } = recorder();
    const result = await runStudy({ spec: syntheticSpec(), evaluator: SYNTHETIC, threads: 0, onEvent });
    expect(result.endReason).toBe('budget');
    expect(result.trials.map((t) => t.number)).toEqual(Array.from({ length: 24 }, (_, i) => i + 1));
    expect(new Set(result.trials.map((t) => canonicalKey(t.config as never))).size).toBe(24);
    const ok = result.trials.filter((t) => t.status === 'ok');
    expect(ok.length).toBeGreaterThan(0);
    expect(result.best!.objective).toBe(Math.max(...ok.map((t) => t.objective!)));
    expect(result.top.length).toBe(Math.min(10, ok.length));
    expect(result.top.map((t) => t.objective)).toEqual([...result.top.map((t) => t.objective!)].sort((a, b) => b - a));
    for (const t of result.trials) {
      expect(t.config).toMatchObject({ tp: 1, nodeLimit: 4 });
      expect(typeof t.config.schedule).toBe('string'); // real values, never indices
      if (t.status === 'rejected') expect(t.metrics).toBeNull();
      else expect(t.metrics!.feasible).toBe(t.status === 'ok');
    }
    expect(events[0]!.type).toBe('study-start');
    expect(events.at(-1)!.type).toBe('study-end');
    const completes = events.filter((e) => e.type === 'trial-complete');
    expect(completes.map((e) => e.trial)).toEqual(result.trials.map((t) => t.number));
    const bests = completes.filter((e) => e.isBest).map((e) => e.objective!);
    expect(bests).toEqual([...bests].sort((a, b) => a - b)); // each new best improves on the last
    expect(completes.at(-1)!.bestSoFar).toBe(result.best!.objective);
  });

  it('gives the same result for the same spec and seed, another for another seed', async () => {
    const a = await runStudy({ spec: syntheticSpec(), evaluator: SYNTHETIC, threads: 0 });
    const b = await runStudy({ spec: syntheticSpec(), evaluator: SYNTHETIC, threads: 0 });
    const c = await runStudy({ spec: syntheticSpec(), evaluator: SYNTHETIC, threads: 0, seed: 1 });
    expect(comparable(b)).toEqual(comparable(a));
    expect(c.seed).toBe(1);
    expect(c.trials.map((t) => t.config)).not.toEqual(a.trials.map((t) => t.config));
  });

  it('minimises when the goal says so', async () => {
    const spec = syntheticSpec({
      objective: { metric: 'stepTimeS', goal: 'minimize' },
      optimizer: 'random',
      budget: 16,
    });
    const result = await runStudy({ spec, evaluator: SYNTHETIC, threads: 0 });
    const ok = result.trials.filter((t) => t.status === 'ok').map((t) => t.objective!);
    expect(result.best!.objective).toBe(Math.min(...ok));
    expect(result.best!.objective).toBe(result.best!.metrics!.stepTimeS);
  });

  it('writes the result next to its journal', async () => {
    const dir = tmp();
    const result = await runStudy({
      spec: syntheticSpec({ optimizer: 'evo', seed: 3 }),
      evaluator: SYNTHETIC,
      threads: 0,
      outDir: dir,
      profileHashes: { chip: 'abc' },
    });
    const file = JSON.parse(readFileSync(studyPaths(dir, syntheticSpec({ optimizer: 'evo', seed: 3 })).result, 'utf8'));
    expect(file).toEqual(JSON.parse(JSON.stringify(result)));
    expect(file.provenance).toMatchObject({
      tool: 'autotune',
      version: expect.any(String),
      profileHashes: { chip: 'abc' },
    });
    const lines = readFileSync(studyPaths(dir, syntheticSpec({ optimizer: 'evo', seed: 3 })).journal, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines[0]).toMatchObject({
      kind: 'study-journal',
      schemaVersion: '1.0',
      type: 'header',
      optimizer: 'evo',
      seed: 3,
      budget: 24,
      batchSize: 4,
    });
    expect(
      lines
        .slice(1)
        .map((l) => l.trial.number)
        .sort((a: number, b: number) => a - b),
    ).toEqual(result.trials.map((t) => t.number));
  });

  it('stops gracefully: the evaluation running finishes, the rest of its batch never starts, the result says stopped', async () => {
    const control = new StudyController();
    const { events, onEvent } = recorder();
    const result = await runStudy({
      spec: syntheticSpec({ optimizer: 'random' }),
      evaluator: SYNTHETIC,
      threads: 0,
      control,
      onEvent: (e) => {
        onEvent(e);
        if (e.type === 'trial-complete' && e.trial === 5) control.stop();
      },
    });
    expect(result.endReason).toBe('stopped');
    expect(result.trials).toHaveLength(5); // in this thread, trials 6-8 of the second batch were not started yet
    expect(events.map((e) => e.type)).toContain('study-stopping');
  });

  it('pauses and resumes without changing the result', async () => {
    const control = new StudyController();
    const { events, onEvent } = recorder();
    const paused = runStudy({
      spec: syntheticSpec(),
      evaluator: SYNTHETIC,
      threads: 0,
      control,
      onEvent: (e) => {
        onEvent(e);
        if (e.type === 'trial-complete' && e.trial === 4) control.pause();
        if (e.type === 'study-paused') setTimeout(() => control.resume(), 20);
      },
    });
    const plain = await runStudy({ spec: syntheticSpec(), evaluator: SYNTHETIC, threads: 0 });
    expect(comparable(await paused)).toEqual(comparable(plain));
    const types = events.map((e) => e.type);
    expect(types.indexOf('study-paused')).toBeGreaterThan(0);
    expect(types.indexOf('study-resumed')).toBeGreaterThan(types.indexOf('study-paused'));
  });
});

describe('on the cost model', () => {
  it('runs a shipped spec with the default evaluator, never asking a config the model refuses', async () => {
    const result = await runStudy({
      spec: loadSpec('searches/deepseek-v3-h800.json'),
      optimizer: 'random',
      budget: 40,
      threads: 0,
    });
    expect(result.trials).toHaveLength(40);
    for (const t of result.trials) {
      expect(['ok', 'infeasible']).toContain(t.status); // the model's check shaped the space
      expect(t.metrics!.tokensPerSecPerGpu).toBeGreaterThan(0);
    }
    // 5 schedules x 4 pp x 5 ep x 3 micro-batch sizes x 2 recompute x 32 commSMs; the model refuses e.g. ep 128 at pp 32
    const check = result.constraintReport.evaluatorCheck!;
    expect(check).toMatchObject({ checked: 19200, sampled: false });
    expect(result.constraintReport.validPoints).toBe(19200 - check.refused);
    expect(check.refused).toBeGreaterThan(0);
    expect(check.reasons.reduce((n, r) => n + r.count, 0)).toBeLessThanOrEqual(check.refused);
    expect(
      check.reasons.some((r) => /^config\.ep = 128: must divide the 64 GPUs of a pipeline stage/.test(r.example)),
    ).toBe(true);
  });
});

describe('constraint report', () => {
  it('says which spec constraint empties the space instead of returning a best', async () => {
    const spec = syntheticSpec({ constraints: [{ expr: 'pp * ep <= 16384' }, { expr: 'commSMs > 64' }] });
    const result = await runStudy({ spec, evaluator: SYNTHETIC, threads: 0 });
    expect(result.best).toBeNull();
    expect(result.trials).toEqual([]);
    expect(result.endReason).toBe('exhausted');
    const report = result.constraintReport;
    expect(report.validPoints).toBe(0);
    expect(report.specConstraints).toEqual([
      { expr: 'pp * ep <= 16384', excluded: 0, checked: 19200, sampled: false },
      { expr: 'commSMs > 64', excluded: 19200, checked: 19200, sampled: false },
    ]);
    expect(report.summary).toMatch(
      /no config satisfies the constraints: "commSMs > 64" alone excludes 19200 of 19200 points/,
    );
  });

  it("names the evaluator's reason when it refuses every config the spec allows", async () => {
    // dp = 2048 / 32 = 64 at pp 32: ep 128 cannot divide it (the synthetic evaluator's check)
    const space = { ...SYNTHETIC_SPACE, pp: { type: 'choice', values: [32] }, ep: { type: 'choice', values: [128] } };
    const result = await runStudy({ spec: syntheticSpec({ space }), evaluator: SYNTHETIC, threads: 0 });
    expect(result.trials).toEqual([]);
    expect(result.best).toBeNull();
    const report = result.constraintReport;
    expect(report.validPoints).toBe(0);
    expect(report.evaluatorCheck).toEqual({
      refused: 960,
      checked: 960,
      sampled: false,
      reasons: [
        {
          kind: 'ep (#) must divide dp = gpus / (pp x tp) = #',
          example: 'ep (128) must divide dp = gpus / (pp x tp) = 64',
          count: 960,
        },
      ],
    });
    expect(report.summary).toBe(
      'no config of the space can run: the evaluator refuses all 960 that satisfy the spec constraints (960: ep (128) must divide dp = gpus / (pp x tp) = 64); widen the space',
    );
  });

  it('counts the infeasibility reasons when nothing evaluated fits', async () => {
    const space = {
      commSMs: { type: 'int', min: 2, max: 20, step: 2 },
      schedule: { type: 'choice', values: ['dualpipe'] },
      pp: { type: 'choice', values: [4] },
      ep: { type: 'choice', values: [8, 16] },
      microBatchSize: { type: 'choice', values: [4] },
      recompute: { type: 'choice', values: ['none'] },
    };
    const result = await runStudy({ spec: syntheticSpec({ space, budget: 12 }), evaluator: SYNTHETIC, threads: 0 });
    expect(result.best).toBeNull();
    expect(result.top).toEqual([]);
    expect(result.trials.every((t) => t.status === 'infeasible')).toBe(true);
    const [reason] = result.constraintReport.infeasible;
    expect(reason).toMatchObject({ kind: 'does not fit in # GiB: needs # GiB (parameters # GiB)', count: 12 });
    expect(result.constraintReport.summary).toMatch(
      /^none of 12 trials was feasible\. 12 infeasible: does not fit in 80 GiB/,
    );
  });
});
