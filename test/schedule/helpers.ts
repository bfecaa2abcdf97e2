/** Shared helpers for the schedule tests: a seeded generator and span/idle figures computed from timelines. */
import type { ScheduleKind } from '../../src/contract/config.js';
import { buildSchedule } from '../../src/schedule/build.js';
import type { Durations } from '../../src/schedule/schedule.js';
import { simulate, timeline } from '../../src/schedule/simulate.js';
import { createRng, uniform } from '../../src/search/rng.js';

/** A seeded uniform [0, 1) stream (the search's pure-rand generator) so failures reproduce. */
export function seededUniform(seed: number): () => number {
  const stream = createRng(seed);
  return () => uniform(stream);
}

export const zeroLatency = (d: { F: number; B: number; W: number; FB?: number }): Durations => ({
  FB: d.F + d.B + d.W,
  ...d,
  p2p: 0,
});

/** Largest idle over ranks (stepTime - busy). */
export function worstIdle(kind: ScheduleKind, pp: number, microBatches: number, d: Durations, vpp?: number): number {
  return Math.max(...simulate(buildSchedule(kind, { pp, microBatches, vpp }), d).idle);
}

/** Per rank, idle inside the rank's own span (first start to last end): the bubble when steps are not synchronised. */
export function spanIdle(kind: ScheduleKind, pp: number, microBatches: number, d: Durations): number[] {
  return timeline(buildSchedule(kind, { pp, microBatches }), d).ranks.map(
    (r) => r.ops.at(-1)!.end - r.ops[0]!.start - r.busy,
  );
}

/** Relative tolerance for sums of a few hundred floating-point durations. */
export const EPS = 1e-9;
