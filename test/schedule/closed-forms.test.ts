/**
 * The closed forms of schedules.md, reproduced by simulation with zero P2P latency. Durations are per chunk; where a
 * schedule's chunk is smaller than a stage (interleaved, zb-v, dualpipev) the form is stated in chunk units.
 * Where a form holds only for some durations, the test pins the exact condition and the general form we measured.
 */
import { describe, expect, it } from 'vitest';
import { buildSchedule } from '../../src/schedule/build.js';
import { simulate } from '../../src/schedule/simulate.js';
import { spanIdle, worstIdle, zeroLatency } from './helpers.js';

/** A spread of durations: equal, backward-heavy, forward-heavy, W-heavy. */
const DURATIONS = [
  { F: 1, B: 1, W: 1 },
  { F: 1, B: 2, W: 0.6 },
  { F: 1.5, B: 1, W: 0.6 },
  { F: 0.7, B: 0.5, W: 1.8 },
  { F: 1, B: 1.3, W: 0.9 },
];
const PPS = [1, 2, 3, 4, 8];

describe('1F1B and GPipe: every rank idles (p-1)(F+B+W)', () => {
  for (const kind of ['1f1b', 'gpipe'] as const) {
    it(kind, () => {
      for (const p of PPS)
        for (const m of [p, 2 * p + 1, 3 * p])
          for (const d of DURATIONS) {
            const idle = simulate(buildSchedule(kind, { pp: p, microBatches: m }), zeroLatency(d)).idle;
            for (const x of idle) expect(x).toBeCloseTo((p - 1) * (d.F + d.B + d.W), 9);
          }
    });
  }
});

describe('ZB-H1', () => {
  it('bubble (p-1)(F+B-W) exactly when W <= min(F, B)', () => {
    for (const p of PPS)
      for (const m of [p, 2 * p + 1, 3 * p]) {
        for (const d of DURATIONS.filter((x) => x.W <= Math.min(x.F, x.B))) {
          expect(worstIdle('zb-h1', p, m, zeroLatency(d))).toBeCloseTo((p - 1) * (d.F + d.B - d.W), 9);
        }
      }
  });
  it('in general (p-1) max(F, B, F+B-W): a W longer than F or B cannot fill the whole cool-down gap', () => {
    for (const p of PPS)
      for (const m of [p, 2 * p + 1])
        for (const d of DURATIONS) {
          expect(worstIdle('zb-h1', p, m, zeroLatency(d))).toBeCloseTo(
            (p - 1) * Math.max(d.F, d.B, d.F + d.B - d.W),
            9,
          );
        }
  });
});

describe('ZB-H2', () => {
  // The paper's bubble is per rank, inside each rank's own span: it drops the optimizer-step barrier so the
  // parallelogram's stagger is not paid. With the barrier, the step also pays the last rank's (p-1)F head start.
  it('span bubble (p-1)(F+B-2W) exactly when W <= F and 2W <= F+B; zero with F = B = W', () => {
    for (const p of PPS)
      for (const m of [2 * p - 1, 2 * p + 1, 3 * p]) {
        for (const d of DURATIONS.filter((x) => x.W <= x.F && 2 * x.W <= x.F + x.B)) {
          expect(Math.max(...spanIdle('zb-h2', p, m, zeroLatency(d)))).toBeCloseTo((p - 1) * (d.F + d.B - 2 * d.W), 9);
        }
      }
  });
  it('in general span bubble (p-1) max(0, F+B-2W, B-F), step bubble (p-1) max(F, F+B-2W, B-F)', () => {
    for (const p of PPS)
      for (const m of [2 * p - 1, 3 * p])
        for (const d of DURATIONS) {
          const span = Math.max(0, d.F + d.B - 2 * d.W, d.B - d.F);
          expect(Math.max(...spanIdle('zb-h2', p, m, zeroLatency(d)))).toBeCloseTo((p - 1) * span, 9);
          expect(worstIdle('zb-h2', p, m, zeroLatency(d))).toBeCloseTo((p - 1) * Math.max(d.F, span), 9);
        }
  });
});

describe('interleaved 1F1B', () => {
  it('bubble (p-1)(F+B+W)/v in stage time = (p-1)(f+b+w) in chunk time, for m a multiple of p', () => {
    for (const p of PPS)
      for (const v of [1, 2, 3])
        for (const m of [p, 2 * p, 3 * p])
          for (const d of DURATIONS) {
            expect(worstIdle('interleaved-1f1b', p, m, zeroLatency(d), v)).toBeCloseTo((p - 1) * (d.F + d.B + d.W), 9);
          }
  });
});

describe('ZB-V', () => {
  it("with F = B = W every rank idles exactly (p-1)F: only the first forward's descent, bubble (p-1)/(6m+p-1)", () => {
    for (const p of PPS)
      for (const m of [2 * p - 1, 2 * p, 3 * p, 4 * p + 2])
        for (const F of [1, 0.5]) {
          const s = buildSchedule('zb-v', { pp: p, microBatches: m });
          const r = simulate(s, zeroLatency({ F, B: F, W: F }));
          for (const x of r.idle) expect(x).toBeCloseTo((p - 1) * F, 9);
          expect(r.stepTime).toBeCloseTo((6 * m + p - 1) * F, 9);
        }
  });
});

describe('DualPipe and DualPipeV: worst-rank idle (h-1)(F&B + Bfull - 3W)', () => {
  // schedules.md: exact for the worst (middle) ranks when F = W = Bfull/2, i.e. F = B = W. We find it exact for any
  // pair time from FB = Bfull (the forward fully hidden) to FB = F + Bfull (no overlap gain); a pair faster than Bfull
  // leaves ranks waiting on each other and the form underestimates.
  const cases = [1, 0.5].flatMap((F) => [2, 2.5, 3].map((k) => ({ F, B: F, W: F, FB: k * F })));
  it('dualpipe, h = p/2, for several p and m', () => {
    for (const p of [2, 4, 6, 8, 16])
      for (const m of [2 * p, 2 * p + 2, 3 * p, 4 * p + 2])
        for (const d of cases) {
          expect(worstIdle('dualpipe', p, m, { ...d, p2p: 0 })).toBeCloseTo(
            (p / 2 - 1) * (d.FB + d.B + d.W - 3 * d.W),
            9,
          );
        }
  });
  it('dualpipev on pp devices: same form with h = pp (DualPipe with 2pp stages cut in half)', () => {
    for (const p of [1, 2, 3, 4, 8])
      for (const m of [2 * p, 2 * p + 1, 3 * p])
        for (const d of cases) {
          expect(worstIdle('dualpipev', p, m, { ...d, p2p: 0 })).toBeCloseTo((p - 1) * (d.FB + d.B + d.W - 3 * d.W), 9);
        }
  });
  it('idle does not grow with the number of micro-batches', () => {
    for (const [kind, p] of [
      ['dualpipe', 8],
      ['dualpipev', 4],
    ] as const) {
      const d = { F: 1, B: 1.2, W: 0.8, FB: 2.6, p2p: 0 };
      const idles = [2 * p, 3 * p, 6 * p, 20 * p].map((m) => worstIdle(kind, p, m, d));
      for (const x of idles) expect(x).toBeCloseTo(idles[0]!, 9);
    }
  });
  it('a faster pair than Bfull breaks the form (documented limit)', () => {
    expect(worstIdle('dualpipe', 8, 24, { F: 1, B: 1, W: 1, FB: 1.5, p2p: 0 })).toBeGreaterThan(3 * (1.5 + 2 - 3) + 1);
  });
});

describe('peak activations (max over ranks)', () => {
  const peak = (kind: Parameters<typeof buildSchedule>[0], pp: number, microBatches: number, vpp?: number) => {
    const s = buildSchedule(kind, { pp, microBatches, vpp });
    return { chunks: simulate(s, zeroLatency({ F: 1, B: 1, W: 1 })).maxPeakActivations, s };
  };
  it('in units of one stage (1/p of the model) for one micro-batch', () => {
    for (const p of [2, 3, 4, 8]) {
      const m = 3 * p;
      expect(peak('1f1b', p, m).chunks).toBe(p);
      expect(peak('gpipe', p, m).chunks).toBe(m);
      expect(peak('zb-h1', p, m).chunks).toBe(p);
      expect(peak('zb-h2', p, m).chunks).toBe(2 * p - 1);
      // zb-v chunks are half stages: 2p chunks = p stages, 1F1B's memory
      const zbv = peak('zb-v', p, m);
      expect((zbv.chunks * p) / zbv.s.chunksPerMicroBatch).toBe(p);
      // interleaved: p(1 + (p-1)/(pv)) stages = pv + p - 1 chunks of 1/(pv)
      const inter = peak('interleaved-1f1b', p, 2 * p, 2);
      expect((inter.chunks * p) / inter.s.chunksPerMicroBatch).toBeCloseTo(p * (1 + (p - 1) / (2 * p)), 12);
    }
    for (const p of [2, 4, 8]) expect(peak('dualpipe', p, 3 * p).chunks).toBe(p + 1);
    // dualpipev on d devices is DualPipe with p = 2d stages: p+1 chunks of 1/(2d)
    for (const d of [1, 2, 4]) expect(peak('dualpipev', d, 3 * d).chunks).toBe(2 * d + 1);
  });
});
