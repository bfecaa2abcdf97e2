/**
 * The evaluator's fast paths (the periodic step-time simulation and the simulation memo) against the full
 * simulation with no memo at all, on random configs of every schedule: every number and every other field of the
 * metrics must match, numbers to 1e-9 relative.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Config, RECOMPUTE, SCHEDULES } from '../../src/contract/config.js';
import { createModel } from '../../src/model/evaluate.js';
import { compile, createScheduleCache, generate, PeriodicSimulator } from '../../src/schedule/index.js';
import { DEEPSEEK, profiles } from './helpers.js';

const RELATIVE = 1e-9;

/** Every leaf of the metrics with its path (numbers and the rest). */
function leaves(value: unknown, path = '$'): [string, unknown][] {
  if (value === null || typeof value !== 'object') return [[path, value]];
  return Object.entries(value).flatMap(([k, v]) => leaves(v, `${path}.${k}`));
}

describe('fast evaluation = full simulation, every metric and breakdown field', () => {
  const input = profiles('h800-sxm', 'deepseek-v3', 1024); // 15 pp tp / micro-batch size micro-batches: interleaved-1f1b's multiple of pp
  const reference = createModel(input, { periodicAfter: Infinity, chunkCacheSize: 0 });

  it.each(SCHEDULES)('%s: random configs', (schedule) => {
    const fast = createModel(input, { periodicAfter: 0 });
    const config = fc
      .record({
        pp: fc.constantFrom(4, 8, 16, 32),
        ep: fc.constantFrom(8, 16, 32, 64),
        tp: fc.constantFrom(1, 1, 2),
        microBatchSize: fc.constantFrom(1, 1, 2),
        commSMs: fc.integer({ min: 1, max: 40 }).map((k) => 2 * k),
        vpp: schedule === 'interleaved-1f1b' ? fc.constantFrom(2, 4) : fc.constant(undefined),
        recompute: fc.constantFrom(...RECOMPUTE),
      })
      .map((c): Config => ({ schedule, nodeLimit: 4, ...c }));
    let valid = 0,
      extrapolated = 0;
    fc.assert(
      fc.property(config, (c) => {
        if (reference.check(c) !== null) return;
        valid++;
        const want = leaves(reference.evaluate(c));
        for (const answer of [fast.evaluate(c), fast.evaluate(c)]) {
          // the second comes from the memo
          const got = leaves(answer);
          expect(got.map(([p]) => p)).toEqual(want.map(([p]) => p));
          got.forEach(([path, v], k) => {
            const w = want[k]![1];
            if (typeof w === 'number' && typeof v === 'number') {
              expect(Math.abs(v - w), `${path}: ${v} vs ${w}`).toBeLessThanOrEqual(RELATIVE * Math.abs(w));
            } else expect(v, path).toEqual(w);
          });
        }
        // Count the configs whose simulation the fast path shortens, so the comparison is not vacuous.
        const m = fast.evaluate(c);
        const d = m.details;
        const sim = new PeriodicSimulator(
          compile(generate(schedule, { pp: c.pp, microBatches: d.microBatches, vpp: c.vpp })),
        );
        sim.run({ ...d.chunkS.ranks![0]!, p2p: d.chunkS.p2p, ranks: d.chunkS.ranks });
        if (sim.extrapolated) extrapolated++;
      }),
      { numRuns: 25, seed: 1717 },
    );
    expect(valid).toBeGreaterThan(10);
    if (schedule !== 'gpipe') expect(extrapolated).toBeGreaterThan(0);
  });
});

describe('models sharing compiled schedules (the studies of one compare)', () => {
  it('answer exactly as models with their own, and compile each schedule once', () => {
    const chips = ['h800-sxm', 'h100-sxm', 'h20'];
    const schedules = createScheduleCache();
    const shared = chips.map((chip) => createModel(profiles(chip, 'deepseek-v3', 1024), { schedules }));
    const own = chips.map((chip) => createModel(profiles(chip, 'deepseek-v3', 1024)));
    const configs: Config[] = [];
    for (const schedule of ['1f1b', 'zb-v', 'dualpipe', 'dualpipev'] as const)
      for (const pp of [4, 8, 16])
        for (const commSMs of [16, 24]) configs.push({ ...DEEPSEEK, schedule, pp, ep: 32, commSMs, vpp: undefined });
    let compared = 0;
    for (const c of configs) {
      chips.forEach((_, i) => {
        if (own[i]!.check(c) !== null) return expect(shared[i]!.check(c)).toBe(own[i]!.check(c));
        expect(leaves(shared[i]!.evaluate(c))).toEqual(leaves(own[i]!.evaluate(c)));
        compared++;
      });
    }
    expect(compared).toBeGreaterThan(30);
    // one entry per (schedule, pp) with valid configs: 4 schedules x 3 pp at most, not one per chip
    expect(schedules.size).toBeGreaterThan(0);
    expect(schedules.size).toBeLessThanOrEqual(12);
  });
});

describe('evaluation order', () => {
  // chunkTiming sums into scratch shared by every call: a config must not see what the one before it left there.
  it('does not change an answer: configs of different depths in opposite orders, no memo', () => {
    const input = profiles('h800-sxm', 'deepseek-v3', 1024);
    const configs: Config[] = [];
    for (const schedule of ['1f1b', 'dualpipev', 'zb-v'] as const)
      for (const pp of [16, 4, 8])
        for (const microBatchSize of [1, 2]) configs.push({ ...DEEPSEEK, schedule, pp, ep: 32, microBatchSize });
    const forward = createModel(input, { chunkCacheSize: 0 });
    const backward = createModel(input, { chunkCacheSize: 0 });
    const valid = configs.filter((c) => forward.check(c) === null);
    expect(valid.length).toBeGreaterThan(8);
    const ahead = valid.map((c) => leaves(forward.evaluate(c)));
    const behind = [...valid].reverse().map((c) => leaves(backward.evaluate(c)));
    behind.reverse();
    valid.forEach((c, k) => expect(behind[k], JSON.stringify(c)).toEqual(ahead[k]));
  });
});
