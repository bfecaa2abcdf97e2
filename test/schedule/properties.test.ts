/**
 * Properties over random schedules and durations (seeded): every generator passes the checker, and every simulated
 * timeline obeys the rules of schedules.md, re-derived here from the timeline alone (not from the compiled
 * dependencies): an op starts exactly when its rank is free and its inputs have arrived.
 */
import { describe, expect, it } from 'vitest';
import { SCHEDULES, type ScheduleKind } from '../../src/contract/config.js';
import { buildSchedule } from '../../src/schedule/build.js';
import { checkSchedule } from '../../src/schedule/check.js';
import type { Durations } from '../../src/schedule/schedule.js';
import { simulate, type Timeline, type TimelineOp, timeline } from '../../src/schedule/simulate.js';
import type { ScheduleParams } from '../../src/schedule/types.js';
import { seededUniform } from './helpers.js';

const CASES_PER_KIND = 30;
const TOLERANCE = 1e-9;

/** Random parameters that the family accepts. */
function randomParams(kind: ScheduleKind, rand: () => number): ScheduleParams {
  const int = (lo: number, hi: number): number => lo + Math.floor(rand() * (hi - lo + 1));
  switch (kind) {
    case 'gpipe':
    case '1f1b': {
      return { pp: int(1, 12), microBatches: int(1, 40) };
    }
    case 'interleaved-1f1b': {
      const pp = int(1, 8);
      return { pp, microBatches: pp * int(1, 5), vpp: int(1, 4) };
    }
    case 'zb-h1': {
      const pp = int(1, 12);
      return { pp, microBatches: int(pp, 4 * pp) };
    }
    case 'zb-h2':
    case 'zb-v': {
      const pp = int(1, 10);
      return { pp, microBatches: int(2 * pp - 1, 5 * pp) };
    }
    case 'dualpipe': {
      const pp = 2 * int(1, 6);
      return { pp, microBatches: 2 * int(pp, 3 * pp) };
    }
    case 'dualpipev': {
      const pp = int(1, 8);
      return { pp, microBatches: int(2 * pp, 5 * pp) };
    }
  }
}

function randomDurations(rand: () => number): Durations {
  const F = 0.1 + 2 * rand();
  const B = 0.1 + 2 * rand();
  const W = 0.1 + 2 * rand();
  return { F, B, W, FB: Math.max(F, B + W) + rand() * F, p2p: rand() < 0.3 ? 0 : 0.5 * rand() };
}

/** Re-derives each op's earliest start from the timeline and compares it with the simulated start. */
function expectTimelineObeysRules(t: Timeline, d: Durations, lastStage: number): void {
  const forwardDone = new Map<string, { rank: number; end: number }>();
  const backwardDone = new Map<string, { rank: number; end: number }>();
  const key = (mb: number, stage: number): string => `${mb}/${stage}`;
  const readyAt = (rank: number, from: { rank: number; end: number } | undefined): number => {
    expect(from, 'a dependency ran before its dependent in the timeline').toBeDefined();
    return from!.end + (from!.rank === rank ? 0 : d.p2p);
  };
  const backwardInput = (mb: number, stage: number) =>
    stage === lastStage ? forwardDone.get(key(mb, stage)) : backwardDone.get(key(mb, stage + 1));
  // Visit ops in global start order so every dependency is recorded before it is needed.
  const ops = t.ranks.flatMap((r) =>
    r.ops.map((op, i) => ({ op, rank: r.rank, prevEnd: i === 0 ? 0 : r.ops[i - 1]!.end })),
  );
  ops.sort((a, b) => a.op.start - b.op.start || a.op.end - b.op.end);
  for (const { op, rank, prevEnd } of ops) {
    let earliest = prevEnd;
    const needForward = (o: Pick<TimelineOp, 'microBatch' | 'stage'>) => {
      if (o.stage > 0) earliest = Math.max(earliest, readyAt(rank, forwardDone.get(key(o.microBatch, o.stage - 1))));
    };
    const needBackward = (o: Pick<TimelineOp, 'microBatch' | 'stage'>) => {
      earliest = Math.max(earliest, readyAt(rank, backwardInput(o.microBatch, o.stage)));
    };
    switch (op.kind) {
      case 'F':
        needForward(op);
        break;
      case 'B':
      case 'BW':
        needBackward(op);
        break;
      case 'W':
        earliest = Math.max(earliest, readyAt(rank, backwardDone.get(key(op.microBatch, op.stage))));
        break;
      case 'FB':
        needForward(op);
        needBackward(op.backward!);
        break;
    }
    expect(Math.abs(op.start - earliest)).toBeLessThan(TOLERANCE * Math.max(1, t.stepTime));
    if (op.kind === 'F' || op.kind === 'FB') forwardDone.set(key(op.microBatch, op.stage), { rank, end: op.end });
    if (op.kind === 'B' || op.kind === 'BW') backwardDone.set(key(op.microBatch, op.stage), { rank, end: op.end });
    if (op.kind === 'FB') backwardDone.set(key(op.backward!.microBatch, op.backward!.stage), { rank, end: op.end });
  }
}

describe.each(SCHEDULES.map((kind, i) => ({ kind, seed: 1000 + i })))(
  '$kind over random pp, micro-batches and durations',
  ({ kind, seed }) => {
    it('passes the checker, and its simulation is sound', () => {
      const rand = seededUniform(seed);
      for (let c = 0; c < CASES_PER_KIND; c++) {
        const params = randomParams(kind, rand);
        const d = randomDurations(rand);
        const s = buildSchedule(kind, params);
        expect(checkSchedule(s), JSON.stringify(params)).toEqual([]);
        const r = simulate(s, d);
        expect(Number.isFinite(r.stepTime)).toBe(true);
        for (let rank = 0; rank < s.pp; rank++) {
          expect(Number.isNaN(r.busy[rank]!) || Number.isNaN(r.idle[rank]!)).toBe(false);
          expect(r.idle[rank]!).toBeGreaterThanOrEqual(-TOLERANCE * r.stepTime);
          expect(r.stepTime + TOLERANCE * r.stepTime).toBeGreaterThanOrEqual(r.busy[rank]!);
        }
        expect(r.busy[r.criticalRank]).toBe(Math.max(...r.busy));
        const t = timeline(s, d);
        for (const rank of t.ranks) {
          const sum = rank.ops.reduce((acc, op) => acc + (op.end - op.start), 0);
          expect(sum).toBeCloseTo(rank.busy, 6);
        }
        expectTimelineObeysRules(t, d, s.chunksPerMicroBatch - 1);
      }
    });
  },
);

describe('simulation', () => {
  it('reuses its summary object: the next call overwrites it', () => {
    const s = buildSchedule('1f1b', { pp: 4, microBatches: 8 });
    const first = simulate(s, { F: 1, B: 1, W: 1, FB: 3, p2p: 0 });
    const firstStep = first.stepTime;
    const second = simulate(s, { F: 2, B: 2, W: 2, FB: 6, p2p: 0 });
    expect(second).toBe(first);
    expect(second.stepTime).toBe(2 * firstStep);
  });
  it('never gets faster when the P2P latency grows', () => {
    for (const kind of SCHEDULES) {
      const s = buildSchedule(kind, { pp: 4, microBatches: 16, vpp: kind === 'interleaved-1f1b' ? 2 : undefined });
      let last = 0;
      for (const p2p of [0, 0.1, 0.5, 2]) {
        const step = simulate(s, { F: 1, B: 1.1, W: 0.9, FB: 2.4, p2p }).stepTime;
        expect(step).toBeGreaterThanOrEqual(last);
        last = step;
      }
    }
  });
  it("1F1B pays at least the 2(p-1) hops of the first micro-batch's round trip", () => {
    const s = buildSchedule('1f1b', { pp: 4, microBatches: 8 });
    const base = simulate(s, { F: 1, B: 1, W: 1, FB: 3, p2p: 0 }).stepTime;
    expect(simulate(s, { F: 1, B: 1, W: 1, FB: 3, p2p: 0.25 }).stepTime).toBeGreaterThanOrEqual(base + 2 * 3 * 0.25);
  });
});
