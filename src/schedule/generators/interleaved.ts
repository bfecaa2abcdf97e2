/**
 * Interleaved 1F1B (Narayanan et al., 2021; Megatron-LM `forward_backward_pipelining_with_interleaving`): each rank
 * holds v chunks (stages r, r+p, ...); micro-batches advance through a rank's chunks in groups of p, backwards walk
 * the chunks in reverse. Warm-up is 2(p-1-r) + (v-1)p virtual forwards (all of them when m = p), then 1F1B on
 * virtual micro-batches, then cool-down. Megatron requires m to be a multiple of p; relaxing it with a short last
 * group (as later Megatron-core tables do) deadlocks this warm-up for many (p, m, v), which the checker shows.
 */

import { RankProgram } from '../rank-program.js';
import { requireBasics, requireInt, ScheduleParamError } from '../requirements.js';
import type { Program, ProgramShape, ScheduleParams } from '../types.js';
import { interleavedStage } from './layouts.js';

/** interleaved1F1B's rules on its parameters (throws ScheduleParamError) and the program's shape. */
export function interleaved1F1BShape(params: ScheduleParams): ProgramShape {
  const { pp, m } = requireBasics('interleaved-1f1b', params);
  const v = requireInt('interleaved-1f1b', 'vpp', params.vpp, 1, 'virtual stages per rank');
  if (m % pp !== 0) {
    throw new ScheduleParamError(
      'interleaved-1f1b',
      'microBatches',
      m,
      `must be a multiple of pp = ${pp} (micro-batches advance through the chunks in groups of pp)`,
    );
  }
  return {
    kind: 'interleaved-1f1b',
    pp,
    microBatches: m,
    chunksPerRank: v,
    chunksPerMicroBatch: pp * v,
    parameterCopies: 1,
  };
}

export function interleaved1F1B(params: ScheduleParams): Program {
  const shape = interleaved1F1BShape(params);
  const { pp, microBatches: m, chunksPerRank: v } = shape;
  const total = m * v;
  // Virtual micro-batch k: group floor(k / pv), forward chunk ascending within the group, backward chunk descending.
  const microBatchOf = (k: number): number => Math.floor(k / (pp * v)) * pp + (k % pp);
  const forwardChunk = (k: number): number => Math.floor((k % (pp * v)) / pp);
  const ranks = Array.from({ length: pp }, (_, r) => {
    const rank = new RankProgram();
    const warmup = m === pp ? total : Math.min(2 * (pp - 1 - r) + (v - 1) * pp, total);
    const forward = (k: number): void => rank.f(microBatchOf(k), forwardChunk(k));
    const backward = (k: number): void => rank.bw(microBatchOf(k), v - 1 - forwardChunk(k));
    let f = 0;
    let b = 0;
    while (f < warmup) forward(f++); // nF
    while (f < total) {
      forward(f++);
      backward(b++);
    } // nF1BW1
    while (b < total) backward(b++); // nBW
    return rank.ops;
  });
  return { ...shape, stageOf: interleavedStage(pp), ranks };
}
