/**
 * ZB-H2 (Qi et al., Zero Bubble Pipeline Parallelism, section 3.1): extra warm-up forwards fill the bubble before the
 * first B (rank r runs 2(p-1-r)+1 forwards first, so rank 0 holds 2p-1 micro-batches), then 1F1B1W, and the W's are
 * moved to the tail so each rank's busy span is a parallelogram: with F = B = W every rank works without a gap from
 * its first op to its last. The paper reaches zero bubble by also dropping the optimizer-step synchronisation; with
 * it (as simulated here) the step still pays the (p-1)F fill at the head of the last rank. Measured: span bubble
 * (p-1) max(0, F+B-2W, B-F), i.e. the paper's (p-1)(F+B-2W) when W <= F and 2W <= F+B; step bubble
 * (p-1) max(F, F+B-2W, B-F) (closed-forms.test.ts).
 */

import { RankProgram } from '../rank-program.js';
import { requireBasics, requireNoVpp, ScheduleParamError } from '../requirements.js';
import type { Program, ProgramShape, ScheduleParams } from '../types.js';
import { linearStage } from './layouts.js';

/** zbH2's rules on its parameters (throws ScheduleParamError) and the program's shape. */
export function zbH2Shape(params: ScheduleParams): ProgramShape {
  const { pp, m } = requireBasics('zb-h2', params);
  requireNoVpp('zb-h2', params);
  if (m < 2 * pp - 1) {
    throw new ScheduleParamError(
      'zb-h2',
      'microBatches',
      m,
      `must be >= 2*pp-1 = ${2 * pp - 1} (ZB-H2's warm-up runs 2*pp-1 forwards on rank 0)`,
    );
  }
  return { kind: 'zb-h2', pp, microBatches: m, chunksPerRank: 1, chunksPerMicroBatch: pp, parameterCopies: 1 };
}

export function zbH2(params: ScheduleParams): Program {
  const shape = zbH2Shape(params);
  const { pp, microBatches: m } = shape;
  const ranks = Array.from({ length: pp }, (_, r) => {
    const rank = new RankProgram();
    let f = 0;
    let b = 0;
    for (let i = 0; i < 2 * (pp - 1 - r) + 1; i++) rank.f(f++, 0); // nF: extended warm-up
    for (let i = 0; i < m - 2 * pp + 1; i++) {
      rank.bDeferred(b++, 0);
      rank.w();
      rank.f(f++, 0);
    } // nB1W1F1: steady
    for (let i = 0; i < 2 * r; i++) {
      rank.bDeferred(b++, 0);
      rank.f(f++, 0);
    } // nB1F1: W deferred
    for (let i = 0; i < 2 * (pp - 1 - r) + 1; i++) {
      rank.bDeferred(b++, 0);
      rank.w();
    } // nB1W1: cool-down
    for (let i = 0; i < 2 * r; i++) rank.w(); // nW: the tail of the parallelogram
    return rank.ops;
  });
  return { ...shape, stageOf: linearStage, ranks };
}
