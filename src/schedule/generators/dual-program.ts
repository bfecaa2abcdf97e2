/**
 * The per-rank 8-phase program of DeepSeek's DualPipe (`DualPipe.step` in deepseek-ai/DualPipe), shared by dualpipe
 * and dualpipev. "Chunk 0/1" here are the program's two phases: 0 = the chunk nearer this rank's input end, 1 = the
 * other; the caller maps them to micro-batches and rank-local chunks. Notation: F0 forward of chunk 0, B1 full
 * backward of chunk 1, "(zb)" input backward with the weight backward deferred to a later W, F0&B1 an overlapped pair.
 */

import { RankProgram } from '../rank-program.js';
import type { Op } from '../types.js';

export interface DualProgramShape {
  /** DualPipe: p/2; DualPipeV: devices. */
  readonly halfRanks: number;
  /** DualPipe: min(r, p-1-r); DualPipeV: r. */
  readonly halfRank: number;
  /** Micro-batches through each chunk (DualPipe: per direction, N/2; DualPipeV: all, N). */
  readonly perChunk: number;
  /** Micro-batch id of the `ordinal`-th micro-batch through program chunk `phase`. */
  microBatchOf(phase: 0 | 1, ordinal: number): number;
  /** Rank-local chunk index of program chunk `phase`. */
  chunkOf(phase: 0 | 1): number;
}

export function dualProgram(shape: DualProgramShape): Op[] {
  const { halfRanks: h, halfRank: hr, perChunk } = shape;
  const rank = new RankProgram();
  const nextF = [0, 0];
  const nextB = [0, 0];
  const fwd = (phase: 0 | 1): [number, number] => [shape.microBatchOf(phase, nextF[phase]!++), shape.chunkOf(phase)];
  const bwd = (phase: 0 | 1): [number, number] => [shape.microBatchOf(phase, nextB[phase]!++), shape.chunkOf(phase)];
  const F = (phase: 0 | 1): void => rank.f(...fwd(phase));
  const B = (phase: 0 | 1, zeroBubble: boolean): void =>
    zeroBubble ? rank.bDeferred(...bwd(phase)) : rank.bw(...bwd(phase));
  const FB = (fPhase: 0 | 1, bPhase: 0 | 1): void => rank.fb(...fwd(fPhase), ...bwd(bPhase));
  const isMiddle = hr === h - 1;

  for (let i = 0; i < 2 * (h - hr - 1); i++) F(0); // 1: nF0
  for (let i = 0; i < hr + 1; i++) {
    F(0);
    F(1);
  } // 2: nF0F1
  for (let i = 0; i < h - hr - 1; i++) {
    B(1, true);
    rank.w();
    F(1);
  } // 3: nB1W1F1 (zb)
  for (let i = 0; i < perChunk - 2 * h + hr + 1; i++) {
    // 4: nF0B1F1B0 (main)
    if (i === 0 && isMiddle) {
      F(0);
      B(1, false);
    } // not overlapped on the middle ranks: shrinks the bubble
    else FB(0, 1);
    FB(1, 0);
  }
  for (let i = 0; i < h - hr - 1; i++) {
    B(1, false);
    FB(1, 0);
  } // 5: nB1F1B0
  const step6 = hr + 1; // 6: nB1B0, the second half as zb
  let zeroBubble = false;
  for (let i = 0; i < step6; i++) {
    if (i === Math.floor(step6 / 2) && hr % 2 === 1) zeroBubble = true;
    B(1, zeroBubble);
    if (i === Math.floor(step6 / 2) && hr % 2 === 0) zeroBubble = true;
    B(0, zeroBubble);
  }
  for (let i = 0; i < h - hr - 1; i++) {
    rank.w();
    B(0, true);
  } // 7: nWB0 (zb)
  for (let i = 0; i < hr + 1; i++) rank.w(); // 8: nW
  return rank.ops;
}
