/** GPipe (Huang et al., 2019): every forward, then every backward (fused B+W) in reverse micro-batch order. */

import { RankProgram } from '../rank-program.js';
import { requireBasics, requireNoVpp } from '../requirements.js';
import type { Program, ProgramShape, ScheduleParams } from '../types.js';
import { linearStage } from './layouts.js';

/** gpipe's rules on its parameters (throws ScheduleParamError) and the program's shape. */
export function gpipeShape(params: ScheduleParams): ProgramShape {
  const { pp, m } = requireBasics('gpipe', params);
  requireNoVpp('gpipe', params);
  return { kind: 'gpipe', pp, microBatches: m, chunksPerRank: 1, chunksPerMicroBatch: pp, parameterCopies: 1 };
}

export function gpipe(params: ScheduleParams): Program {
  const shape = gpipeShape(params);
  const { pp, microBatches: m } = shape;
  const ranks = Array.from({ length: pp }, () => {
    const rank = new RankProgram();
    for (let k = 0; k < m; k++) rank.f(k, 0); // mF
    for (let k = m - 1; k >= 0; k--) rank.bw(k, 0); // mBW, last in first out
    return rank.ops;
  });
  return { ...shape, stageOf: linearStage, ranks };
}
