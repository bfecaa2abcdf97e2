/**
 * DualPipe (DeepSeek-V3 report; deepseek-ai/DualPipe): micro-batches enter from both ends, each rank holds its stage
 * in both directions (two parameter copies) and overlaps a forward of one direction with a backward of the other.
 */
import { requireBasics, requireEven, requireNoVpp, ScheduleParamError } from '../requirements.js';
import type { Program, ProgramShape, ScheduleParams } from '../types.js';
import { dualProgram } from './dual-program.js';
import { dualStage } from './layouts.js';

/** dualPipe's rules on its parameters (throws ScheduleParamError) and the program's shape. */
export function dualPipeShape(params: ScheduleParams): ProgramShape {
  const { pp, m } = requireBasics('dualpipe', params);
  requireNoVpp('dualpipe', params);
  requireEven('dualpipe', 'pp', pp, 'DualPipe pairs rank r with rank pp-1-r');
  requireEven('dualpipe', 'microBatches', m, 'half of the micro-batches enter from each end');
  if (m < 2 * pp) {
    throw new ScheduleParamError(
      'dualpipe',
      'microBatches',
      m,
      `must be >= 2*pp = ${2 * pp} (DualPipe's main phase needs pp micro-batches per direction)`,
    );
  }
  return { kind: 'dualpipe', pp, microBatches: m, chunksPerRank: 2, chunksPerMicroBatch: pp, parameterCopies: 2 };
}

export function dualPipe(params: ScheduleParams): Program {
  const shape = dualPipeShape(params);
  const { pp, microBatches: m } = shape;
  const h = pp / 2;
  const half = m / 2;
  const ranks = Array.from({ length: pp }, (_, r) => {
    // DualPipe flips the program's chunks on the second half of the ranks (`phase ^= is_in_second_half`).
    const flip = r >= h ? 1 : 0;
    const direction = (phase: 0 | 1): number => phase ^ flip;
    return dualProgram({
      halfRanks: h,
      halfRank: Math.min(r, pp - 1 - r),
      perChunk: half,
      microBatchOf: (phase, ordinal) => direction(phase) * half + ordinal,
      chunkOf: direction,
    });
  });
  return { ...shape, stageOf: dualStage(pp, m), ranks };
}
