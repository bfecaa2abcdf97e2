/**
 * The periodic fast path (schedule/periodic.ts) against the full simulator: random schedules of every family with
 * random per-rank durations (some ranks sharing theirs, as the cost model's do), to 1e-9 relative on every summary
 * field; and hand-checked cases where the steady state must be skipped.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SCHEDULES, type ScheduleKind } from '../../src/contract/config.js';
import { compile, generate } from '../../src/schedule/index.js';
import { PeriodicSimulator } from '../../src/schedule/periodic.js';
import type { Durations, OpDurations } from '../../src/schedule/schedule.js';
import { simulate } from '../../src/schedule/simulate.js';
import type { ScheduleParams } from '../../src/schedule/types.js';

const RELATIVE = 1e-9;

/** Parameters each family accepts, long enough (up to 12 micro-batches per rank) for a steady state. */
function params(kind: ScheduleKind): fc.Arbitrary<ScheduleParams> {
  const pp = (lo: number, hi: number) => fc.integer({ min: lo, max: hi });
  switch (kind) {
    case 'gpipe':
    case '1f1b':
      return fc.record({ pp: pp(1, 8), microBatches: fc.integer({ min: 1, max: 96 }) });
    case 'interleaved-1f1b':
      return fc
        .tuple(pp(1, 6), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 3 }))
        .map(([p, k, v]) => ({ pp: p, microBatches: p * k, vpp: v }));
    case 'zb-h1':
      return pp(1, 8).chain((p) =>
        fc.record({ pp: fc.constant(p), microBatches: fc.integer({ min: p, max: 12 * p }) }),
      );
    case 'zb-h2':
    case 'zb-v':
      return pp(1, 8).chain((p) =>
        fc.record({ pp: fc.constant(p), microBatches: fc.integer({ min: 2 * p - 1, max: 12 * p }) }),
      );
    case 'dualpipe':
      return pp(1, 4).chain((h) =>
        fc.record({ pp: fc.constant(2 * h), microBatches: fc.integer({ min: 2 * h, max: 24 * h }).map((k) => 2 * k) }),
      );
    case 'dualpipev':
      return pp(1, 8).chain((p) =>
        fc.record({ pp: fc.constant(p), microBatches: fc.integer({ min: 2 * p, max: 12 * p }) }),
      );
  }
}

const time = fc.double({ min: 0.05, max: 3, noNaN: true });
const opDurations: fc.Arbitrary<OpDurations> = fc.record({ F: time, B: time, W: time, FB: time });

/** Per-rank durations drawn from a few classes (ranks of a cost-model config share theirs), and a p2p latency. */
function durations(pp: number): fc.Arbitrary<Durations> {
  return fc
    .record({
      classes: fc.array(opDurations, { minLength: 1, maxLength: 3 }),
      assignment: fc.array(fc.nat(), { minLength: pp, maxLength: pp }),
      p2p: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 0.5, noNaN: true })),
    })
    .map(({ classes, assignment, p2p }) => {
      const ranks = assignment.map((k) => classes[k % classes.length]!);
      return { ...ranks[0]!, p2p, ranks };
    });
}

function expectClose(actual: number, expected: number, what: string): void {
  expect(Math.abs(actual - expected), `${what}: ${actual} vs ${expected}`).toBeLessThanOrEqual(
    RELATIVE * Math.max(1, Math.abs(expected)),
  );
}

describe("PeriodicSimulator gives the full simulation's summary", () => {
  it.each(SCHEDULES)('%s: random parameters and per-rank durations', (kind) => {
    let skipped = 0;
    fc.assert(
      fc.property(
        params(kind).chain((p) => fc.tuple(fc.constant(p), durations(p.pp))),
        ([p, d]) => {
          const s = compile(generate(kind, p));
          const fast = new PeriodicSimulator(s);
          const got = fast.run(d);
          if (fast.extrapolated) skipped++;
          const want = simulate(s, d);
          expectClose(got.stepTime, want.stepTime, 'stepTime');
          expect(got.criticalRank).toBe(want.criticalRank);
          for (let r = 0; r < s.pp; r++) {
            expectClose(got.busy[r]!, want.busy[r]!, `busy[${r}]`);
            expectClose(got.idle[r]!, want.idle[r]!, `idle[${r}]`);
            expect(got.peakActivations[r]).toBe(want.peakActivations[r]);
          }
          // Without looking for a cycle every op is simulated: simulate's finishes, bit for bit.
          const whole = fast.run(d, false);
          expect(fast.extrapolated).toBe(false);
          expect(whole.stepTime).toBe(want.stepTime);
          expect(whole.criticalRank).toBe(want.criticalRank);
          expect([...whole.idle]).toEqual([...want.idle]);
        },
      ),
      { numRuns: 60, seed: 17 },
    );
    // Not a vacuous comparison: the fast path skips the steady state in some of these runs (gpipe has none to skip).
    if (kind !== 'gpipe') expect(skipped).toBeGreaterThan(0);
  });
});

describe('PeriodicSimulator skips the steady state', () => {
  const uniform = (pp: number, d: OpDurations, p2p: number): Durations => ({
    ...d,
    p2p,
    ranks: Array.from({ length: pp }, () => d),
  });

  it('1F1B, equal ranks, no latency: (m + p - 1)(F + BW), without simulating every op', () => {
    const [pp, m, F, B, W] = [8, 200, 1, 1.5, 0.5];
    const fast = new PeriodicSimulator(compile(generate('1f1b', { pp, microBatches: m })));
    const got = fast.run(uniform(pp, { F, B, W, FB: 0 }, 0));
    expect(fast.extrapolated).toBe(true);
    // Every rank works m (F + BW) and idles (p - 1)(F + BW) (the warm-up and cool-down bubble).
    expectClose(got.stepTime, (m + pp - 1) * (F + B + W), 'stepTime');
  });

  it('a steady state that repeats only every few shifts (one lighter rank) is found and extrapolated', () => {
    const pp = 16,
      m = 200;
    const s = compile(generate('1f1b', { pp, microBatches: m }));
    const heavy = { F: 73.574, B: 91.489, W: 25.93, FB: 0 },
      light = { F: 55.18, B: 68.617, W: 19.447, FB: 0 };
    const ranks = Array.from({ length: pp }, (_, r) => (r === 11 ? light : heavy));
    const d: Durations = { ...heavy, p2p: 2.64, ranks };
    const fast = new PeriodicSimulator(s);
    const got = fast.run(d).stepTime;
    expect(fast.extrapolated).toBe(true);
    expectClose(got, simulate(s, d).stepTime, 'stepTime');
  });

  it('falls back to the full simulation where no checkpoint shows a cycle (too few micro-batches)', () => {
    const s = compile(generate('1f1b', { pp: 4, microBatches: 6 }));
    const fast = new PeriodicSimulator(s);
    const d = uniform(4, { F: 1, B: 2, W: 0, FB: 0 }, 0);
    expect(fast.periodic).toBe(false);
    expect(fast.run(d).stepTime).toBe(simulate(s, d).stepTime);
    expect(fast.extrapolated).toBe(false);
  });
});
