/** 1F1B (PipeDream-flush / Megatron): p-1-r warm-up forwards, then one forward / one fused backward, then cool-down. */

import { RankProgram } from '../rank-program.js';
import { requireBasics, requireNoVpp } from '../requirements.js';
import type { Program, ScheduleParams } from '../types.js';
import { linearStage } from './layouts.js';

export function oneFOneB(params: ScheduleParams): Program {
  const { pp, m } = requireBasics('1f1b', params);
  requireNoVpp('1f1b', params);
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
  return {
    kind: '1f1b',
    pp,
    microBatches: m,
    chunksPerRank: 1,
    chunksPerMicroBatch: pp,
    parameterCopies: 1,
    stageOf: linearStage,
    ranks,
  };
}
