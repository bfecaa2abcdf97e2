/** 1F1B (PipeDream-flush / Megatron): p-1-r warm-up forwards, then one forward / one fused backward, then cool-down. */

import { RankProgram } from '../rank-program.js';
import { requireBasics, requireNoVpp } from '../requirements.js';
import type { Program, ProgramShape, ScheduleParams } from '../types.js';
import { linearStage } from './layouts.js';

/** oneFOneB's rules on its parameters (throws ScheduleParamError) and the program's shape. */
export function oneFOneBShape(params: ScheduleParams): ProgramShape {
  const { pp, m } = requireBasics('1f1b', params);
  requireNoVpp('1f1b', params);
  return { kind: '1f1b', pp, microBatches: m, chunksPerRank: 1, chunksPerMicroBatch: pp, parameterCopies: 1 };
}

export function oneFOneB(params: ScheduleParams): Program {
  const shape = oneFOneBShape(params);
  const { pp, microBatches: m } = shape;
  const ranks = Array.from({ length: pp }, (_, r) => {
    const rank = new RankProgram();
    const warmup = Math.min(pp - 1 - r, m);
    let f = 0;
    let b = 0;
    for (let i = 0; i < warmup; i++) rank.f(f++, 0); // nF
    for (let i = 0; i < m - warmup; i++) {
      rank.f(f++, 0); // nF1BW1
      rank.bw(b++, 0);
    }
    for (let i = 0; i < warmup; i++) rank.bw(b++, 0); // nBW
    return rank.ops;
  });
  return { ...shape, stageOf: linearStage, ranks };
}
