/**
 * DualPipeV (deepseek-ai/DualPipe `DualPipeV`): DualPipe cut in half. The model is cut into 2*pp chunks laid out as a
 * V (device r holds chunks r and 2pp-1-r); every device runs DualPipe's program with h = devices and hr = its index,
 * the V turning at the last device.
 */
import { requireBasics, requireNoVpp, ScheduleParamError } from '../requirements.js';
import type { Program, ProgramShape, ScheduleParams } from '../types.js';
import { dualProgram } from './dual-program.js';
import { vStage } from './layouts.js';

/** dualPipeV's rules on its parameters (throws ScheduleParamError) and the program's shape. */
export function dualPipeVShape(params: ScheduleParams): ProgramShape {
  const { pp, m } = requireBasics('dualpipev', params);
  requireNoVpp('dualpipev', params);
  if (m < 2 * pp) {
    throw new ScheduleParamError(
      'dualpipev',
      'microBatches',
      m,
      `must be >= 2*pp = ${2 * pp} (DualPipeV's main phase needs 2 micro-batches per device)`,
    );
  }
  return { kind: 'dualpipev', pp, microBatches: m, chunksPerRank: 2, chunksPerMicroBatch: 2 * pp, parameterCopies: 1 };
}

export function dualPipeV(params: ScheduleParams): Program {
  const shape = dualPipeVShape(params);
  const { pp, microBatches: m } = shape;
  const ranks = Array.from({ length: pp }, (_, r) =>
    dualProgram({
      halfRanks: pp,
      halfRank: r,
      perChunk: m,
      microBatchOf: (_phase, ordinal) => ordinal,
      chunkOf: (phase) => phase,
    }),
  );
  // One copy: 2 chunks of a 2pp-chunk model per device. The "2x" of DeepSeek's table compares a device with one
  // stage of DualPipe's 2pp-stage pipeline, not with a pp-device pipeline.
  return { ...shape, stageOf: vStage(pp), ranks };
}
