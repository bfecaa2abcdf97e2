/**
 * Vocabulary of the schedule engine: what a generator emits (a Program: per rank, an ordered op list) and the
 * parameters a user chooses. Units everywhere are CHUNKS: a chunk is the slice of the model one rank runs for one
 * micro-batch in one op; one micro-batch traverses `chunksPerMicroBatch` chunks (stages) in order.
 */
import type { ScheduleKind } from '../contract/config.js';

/**
 * F: forward of one chunk. B: input backward (activation gradient). W: weight backward of a B run earlier.
 * BW: input + weight backward fused (gpipe, 1f1b, interleaved). FB: a forward of one (micro-batch, chunk) overlapped
 * with the FULL backward (input + weight) of another, as one op on one rank (DualPipe's F&B).
 */
export const OP_KINDS = ['F', 'B', 'W', 'BW', 'FB'] as const;
export type OpKind = (typeof OP_KINDS)[number];

/** Dense index of an op kind, for typed arrays (`OP_KINDS[OP_INDEX[k]] === k`). */
export const OP_INDEX: { readonly [K in OpKind]: number } = { F: 0, B: 1, W: 2, BW: 3, FB: 4 };

/**
 * One op as a generator emits it. `chunk` is the rank-local chunk index (0 .. chunksPerRank-1). For FB, `microBatch`
 * and `chunk` name the forward half and `backward` the full-backward half.
 */
export interface Op {
  readonly kind: OpKind;
  readonly microBatch: number;
  readonly chunk: number;
  readonly backward?: { readonly microBatch: number; readonly chunk: number };
}

export interface ScheduleParams {
  /** Ranks (devices). For dualpipev: devices, each holding 2 chunks of a 2*pp-chunk model. */
  readonly pp: number;
  /** All micro-batches of one step (for dualpipe both directions together, half each way). */
  readonly microBatches: number;
  /** Virtual stages (chunks) per rank: interleaved-1f1b only. */
  readonly vpp?: number;
}

/** The shape of a pipeline program: what both the generator's data and the compiled schedule say about it. */
export interface ProgramShape {
  readonly kind: ScheduleKind;
  readonly pp: number;
  readonly microBatches: number;
  /** Model chunks each rank holds (1; v for interleaved; 2 for zb-v, dualpipe, dualpipev). */
  readonly chunksPerRank: number;
  /** Chunks (model stages) one micro-batch traverses, in path order 0 .. chunksPerMicroBatch-1. */
  readonly chunksPerMicroBatch: number;
  /**
   * Copies of the pipelined model's parameters the pp ranks hold together: each rank holds parameterCopies / pp of
   * the model. 2 for dualpipe (rank r holds stage r and stage p-1-r of a p-stage model); 1 for the rest, zb-v and
   * dualpipev included (2 chunks of a 2p-chunk model per rank).
   */
  readonly parameterCopies: number;
}

/** What a generator returns: the op lists plus the placement of chunks, as data. */
export interface Program extends ProgramShape {
  /**
   * Position along micro-batch `microBatch`'s path of the chunk `chunk` held by `rank`, or -1 when that chunk does
   * not carry that micro-batch (dualpipe: each chunk serves one direction).
   */
  stageOf(rank: number, chunk: number, microBatch: number): number;
  /** Per rank, the ops in execution order. */
  readonly ranks: readonly (readonly Op[])[];
}
