/**
 * Timing of a compiled Schedule for given per-chunk durations. Each rank runs its list in order; an op starts when
 * its rank is free and its dependencies have finished (+ p2p latency per cross-rank hop). Because ops are numbered in
 * a topological order that respects both, one linear pass computes every finish time.
 */
import { assertInvariant } from '../errors.js';
import {
  CROSS0_BIT,
  CROSS1_BIT,
  type Durations,
  durationOf,
  KIND_MASK,
  PACKED_STRIDE,
  type Schedule,
  type SimSummary,
} from './schedule.js';
import { OP_INDEX, OP_KINDS, type OpKind } from './types.js';

function runPass(s: Schedule, d: Durations): void {
  if (s.violations.length !== 0)
    assertInvariant(false, `simulate: schedule ${s.kind} is invalid: ${s.violations[0]!.message}`);
  const { end, free, duration } = s.scratch;
  const kinds = OP_KINDS.length;
  for (let r = 0; r < s.pp; r++) {
    const own = d.ranks?.[r] ?? d;
    for (const kind of OP_KINDS) duration[r * kinds + OP_INDEX[kind]] = durationOf(kind, own);
  }
  free.fill(0);
  const ops = s.packed;
  const p2p = d.p2p;
  const n = s.opCount;
  for (let i = 0, at = 0; i < n; i++, at += PACKED_STRIDE) {
    const r = ops[at]!;
    const dep0 = ops[at + 1]!;
    const dep1 = ops[at + 2]!;
    const meta = ops[at + 3]!;
    let start = free[r]!;
    if (dep0 >= 0) {
      const ready = end[dep0]! + ((meta >> CROSS0_BIT) & 1) * p2p;
      if (ready > start) start = ready;
    }
    if (dep1 >= 0) {
      const ready = end[dep1]! + ((meta >> CROSS1_BIT) & 1) * p2p;
      if (ready > start) start = ready;
    }
    const finish = start + duration[r * kinds + (meta & KIND_MASK)]!;
    end[i] = finish;
    free[r] = finish;
  }
}

/**
 * Simulates `s` with durations `d` (per chunk). Allocates nothing: the returned summary is the Schedule's own object,
 * overwritten by the next call.
 */
export function simulate(s: Schedule, d: Durations): SimSummary {
  runPass(s, d);
  const { free, duration } = s.scratch;
  let stepTime = 0;
  for (let r = 0; r < s.pp; r++) if (free[r]! > stepTime) stepTime = free[r]!;
  return summarise(s, duration, stepTime, s.summary);
}

/** Fills `out` with each rank's busy and idle time and the busiest rank, given the step time; `duration` is per rank and kind. */
export function summarise(s: Schedule, duration: ArrayLike<number>, stepTime: number, out: SimSummary): SimSummary {
  const kinds = OP_KINDS.length;
  let critical = 0;
  for (let r = 0; r < s.pp; r++) {
    let busy = 0;
    for (let k = 0; k < kinds; k++) busy += s.opCounts[r * kinds + k]! * duration[r * kinds + k]!;
    out.busy[r] = busy;
    out.idle[r] = stepTime - busy;
    if (busy > out.busy[critical]!) critical = r;
  }
  out.stepTime = stepTime;
  out.criticalRank = critical;
  return out;
}

export interface TimelineOp {
  kind: OpKind;
  /** Of the op (of the forward half for FB). */
  microBatch: number;
  /** Rank-local chunk; for dualpipe, the direction. */
  chunk: number;
  /** Position along the micro-batch's path (0 = first stage). */
  stage: number;
  /** FB only: the full-backward half. */
  backward?: { microBatch: number; chunk: number; stage: number };
  start: number;
  end: number;
}

export interface RankTimeline {
  rank: number;
  ops: TimelineOp[];
  busy: number;
  idle: number;
  peakActivations: number;
}

export interface Timeline {
  schedule: Schedule['kind'];
  pp: number;
  microBatches: number;
  chunksPerRank: number;
  chunksPerMicroBatch: number;
  stepTime: number;
  /** Mean idle over ranks / stepTime. */
  bubbleFraction: number;
  ranks: RankTimeline[];
}

/** Full per-rank timeline (allocates; for the CLI and the UI, not the search loop). */
export function timeline(s: Schedule, d: Durations): Timeline {
  const summary = simulate(s, d);
  const { end, duration } = s.scratch;
  const kinds = OP_KINDS.length;
  const ranks: RankTimeline[] = [];
  let idleSum = 0;
  for (let r = 0; r < s.pp; r++) {
    const ops: TimelineOp[] = [];
    for (let k = s.rankOffsets[r]!; k < s.rankOffsets[r + 1]!; k++) {
      const i = s.rankOrder[k]!;
      const kind = OP_KINDS[s.opKind[i]!]!;
      const op: TimelineOp = {
        kind,
        microBatch: s.microBatch[i]!,
        chunk: s.chunk[i]!,
        stage: s.stage[i]!,
        start: end[i]! - duration[r * kinds + s.opKind[i]!]!,
        end: end[i]!,
      };
      if (kind === 'FB') op.backward = { microBatch: s.bMicroBatch[i]!, chunk: s.bChunk[i]!, stage: s.bStage[i]! };
      ops.push(op);
    }
    idleSum += summary.idle[r]!;
    ranks.push({
      rank: r,
      ops,
      busy: summary.busy[r]!,
      idle: summary.idle[r]!,
      peakActivations: summary.peakActivations[r]!,
    });
  }
  return {
    schedule: s.kind,
    pp: s.pp,
    microBatches: s.microBatches,
    chunksPerRank: s.chunksPerRank,
    chunksPerMicroBatch: s.chunksPerMicroBatch,
    stepTime: summary.stepTime,
    bubbleFraction: summary.stepTime > 0 ? idleSum / s.pp / summary.stepTime : 0,
    ranks,
  };
}
