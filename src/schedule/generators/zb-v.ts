/**
 * ZB-V (Qi et al., Zero Bubble Pipeline Parallelism, the V-shape schedule): the model is cut into 2p chunks laid out
 * as a V (rank r holds chunks r and 2p-1-r), steady state 1F-1B-1W, at most 2p chunks (= p stages, 1F1B's memory)
 * in flight per rank. The paper's schedule comes out of a heuristic search run at F = B = W; this is a closed-form
 * program with the same properties, written in DualPipeV's phase form. With F = B = W it is optimal under an
 * optimizer-step barrier: step = 2m(F+B+W) + (p-1)F, the (p-1)F being the descent of the first forward.
 */

import { RankProgram } from '../rank-program.js';
import { requireBasics, requireNoVpp, ScheduleParamError } from '../requirements.js';
import type { Program, ProgramShape, ScheduleParams } from '../types.js';
import { vStage } from './layouts.js';

function zbVRank(pp: number, r: number, m: number): RankProgram {
  const rank = new RankProgram();
  const nextF = [0, 0];
  const nextB = [0, 0];
  const F = (chunk: 0 | 1): void => rank.f(nextF[chunk]!++, chunk);
  const B = (chunk: 0 | 1): void => rank.bDeferred(nextB[chunk]!++, chunk);
  const W = (): void => rank.w();
  for (let i = 0; i < 2 * (pp - r - 1); i++) F(0); // 1: nF0
  for (let i = 0; i < r + 1; i++) {
    F(0);
    F(1);
  } // 2: nF0F1, now 2p chunks in flight
  for (let i = 0; i < pp - r - 1; i++) {
    B(1);
    W();
    F(1);
  } // 3: nB1W1F1
  for (let i = 0; i < m - 2 * pp + r + 1; i++) {
    B(1);
    W();
    F(0);
    B(0);
    W();
    F(1);
  } // 4: nB1W1F0B0W0F1 (steady)
  for (let i = 0; i < pp - r - 1; i++) {
    B(1);
    W();
    B(0);
    W();
    F(1);
  } // 5: nB1W1B0W0F1
  for (let i = 0; i < r + 1; i++) {
    B(1);
    B(0);
  } // 6: nB1B0, W's deferred
  for (let i = 0; i < pp - r - 1; i++) {
    W();
    B(0);
  } // 7: nWB0
  for (let i = 0; i < 2 * (r + 1); i++) W(); // 8: nW
  return rank;
}

/** zbV's rules on its parameters (throws ScheduleParamError) and the program's shape. */
export function zbVShape(params: ScheduleParams): ProgramShape {
  const { pp, m } = requireBasics('zb-v', params);
  requireNoVpp('zb-v', params);
  if (m < 2 * pp - 1) {
    throw new ScheduleParamError(
      'zb-v',
      'microBatches',
      m,
      `must be >= 2*pp-1 = ${2 * pp - 1} (rank 0's warm-up runs 2*pp-1 forwards of its first chunk)`,
    );
  }
  return { kind: 'zb-v', pp, microBatches: m, chunksPerRank: 2, chunksPerMicroBatch: 2 * pp, parameterCopies: 1 };
}

export function zbV(params: ScheduleParams): Program {
  const shape = zbVShape(params);
  const { pp, microBatches: m } = shape;
  const ranks = Array.from({ length: pp }, (_, r) => zbVRank(pp, r, m).ops);
  return { ...shape, stageOf: vStage(pp), ranks };
}
