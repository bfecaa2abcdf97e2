/**
 * ZB-H1 (Qi et al., Zero Bubble Pipeline Parallelism, section 3.1): 1F1B's warm-up and memory (at most p micro-batches
 * in flight per rank), with the weight backward split off so the cool-down chain carries only input backwards
 * and the W's fill the cool-down. Rank r defers r W's during the last forwards and runs them at the end.
 * Bubble (p-1) max(F, B, F+B-W): the paper's (p-1)(F+B-W) exactly when W <= min(F, B) (closed-forms.test.ts).
 */

import { RankProgram } from '../rank-program.js';
import { requireBasics, requireNoVpp, ScheduleParamError } from '../requirements.js';
import type { Program, ProgramShape, ScheduleParams } from '../types.js';
import { linearStage } from './layouts.js';

/** zbH1's rules on its parameters (throws ScheduleParamError) and the program's shape. */
export function zbH1Shape(params: ScheduleParams): ProgramShape {
  const { pp, m } = requireBasics('zb-h1', params);
  requireNoVpp('zb-h1', params);
  if (m < pp)
    throw new ScheduleParamError(
      'zb-h1',
      'microBatches',
      m,
      `must be >= pp = ${pp} (ZB-H1 keeps 1F1B's warm-up of pp micro-batches)`,
    );
  return { kind: 'zb-h1', pp, microBatches: m, chunksPerRank: 1, chunksPerMicroBatch: pp, parameterCopies: 1 };
}

export function zbH1(params: ScheduleParams): Program {
  const shape = zbH1Shape(params);
  const { pp, microBatches: m } = shape;
  const ranks = Array.from({ length: pp }, (_, r) => {
    const rank = new RankProgram();
    let f = 0;
    let b = 0;
    for (let i = 0; i < pp - r; i++) rank.f(f++, 0); // nF: warm-up as 1F1B
    for (let i = 0; i < m - pp; i++) {
      rank.bDeferred(b++, 0);
      rank.w();
      rank.f(f++, 0);
    } // nB1W1F1: steady
    for (let i = 0; i < r; i++) {
      rank.bDeferred(b++, 0);
      rank.f(f++, 0);
    } // nB1F1: W deferred, B chain speeds up
    for (let i = 0; i < pp - r; i++) {
      rank.bDeferred(b++, 0);
      rank.w();
    } // nB1W1: cool-down
    for (let i = 0; i < r; i++) rank.w(); // nW: deferred W's fill the tail
    return rank.ops;
  });
  return { ...shape, stageOf: linearStage, ranks };
}
