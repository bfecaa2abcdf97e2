/**
 * The compiled form of a Program: flat typed arrays, dependencies resolved to op indices, and ops numbered in one
 * topological order (each op after its dependencies and after its predecessor on its rank), so that simulating with
 * new durations is a single linear pass that allocates nothing.
 */
import type { OpKind, ProgramShape } from './types.js';

/** Durations of one op of each kind for ONE chunk. */
export interface OpDurations {
  readonly F: number;
  /** Input backward only. */
  readonly B: number;
  readonly W: number;
  /** One forward overlapped with one full (input + weight) backward on the same rank. */
  readonly FB: number;
}

/** Op durations (every rank's, unless `ranks` gives each rank its own) and the P2P latency per cross-rank hop. */
export interface Durations extends OpDurations {
  readonly p2p: number;
  /** Per rank, its own op durations (a DualPipe rank holds two different stages; the first and last hold embedding and head). */
  readonly ranks?: readonly OpDurations[];
}

/**
 * Result of `simulate`. The object and its arrays belong to the Schedule and are OVERWRITTEN by the next `simulate`
 * call on the same Schedule: copy what must outlive it.
 */
export interface SimSummary {
  /** Latest finish over ranks (the first op starts at 0). */
  stepTime: number;
  /** Per rank, the sum of its op durations. */
  readonly busy: Float64Array;
  /** Per rank, stepTime - busy. */
  readonly idle: Float64Array;
  /**
   * Per rank, the most (micro-batch, chunk) activations held at once: forward started, freeing backward not finished
   * (the W where the weight gradient is deferred, else the B of a BW or FB; an FB holds its new forward's
   * activation before its backward frees the other). In chunks: multiply by layers / chunksPerMicroBatch for
   * layers' worth. Independent of durations.
   */
  readonly peakActivations: Int32Array;
  maxPeakActivations: number;
  /** The busiest rank (lowest index on ties); its busy + idle = stepTime. */
  criticalRank: number;
}

/** A structural problem found while compiling: a missing/duplicated op, or an op that can never run. */
export interface Violation {
  readonly rank: number;
  /** Position in the rank's list, or -1 when the problem is an op that no rank runs. */
  readonly position: number;
  readonly message: string;
}

/**
 * Units for the cost model: one chunk = layers / chunksPerMicroBatch layers; F, B, W, FB are per-chunk times;
 * activation memory per rank = peakActivations (chunks) x (layers / chunksPerMicroBatch) x per-layer activation;
 * parameters per rank = parameterCopies / pp of the pipelined model.
 */
export interface Schedule extends ProgramShape {
  /** Ops in topological order; op i runs on rank[i]. */
  readonly opCount: number;
  readonly opKind: Uint8Array;
  readonly rank: Int32Array;
  readonly microBatch: Int32Array;
  /** Rank-local chunk (for FB: of the forward half). */
  readonly chunk: Int32Array;
  /** Position along the micro-batch's path (for FB: of the forward half). */
  readonly stage: Int32Array;
  /** FB only (else -1): the full-backward half. */
  readonly bMicroBatch: Int32Array;
  readonly bChunk: Int32Array;
  readonly bStage: Int32Array;
  /** Up to two dependencies per op (-1 = none): ops that must finish before it starts. */
  readonly dep0: Int32Array;
  readonly dep1: Int32Array;
  /**
   * What the simulation's inner loop reads, PACKED_STRIDE int32 per op so one op is one cache-friendly record:
   * [rank, dep0, dep1, kindIndex | crossRank0 << CROSS0_BIT | crossRank1 << CROSS1_BIT], crossRank = the dependency
   * is on another rank and pays the p2p latency.
   */
  readonly packed: Int32Array;
  /** Execution order per rank: op indices rankOrder[rankOffsets[r] .. rankOffsets[r+1]-1]. */
  readonly rankOffsets: Int32Array;
  readonly rankOrder: Int32Array;
  /** opCounts[r * OP_KINDS.length + OP_INDEX[kind]]: ops of each kind on each rank. */
  readonly opCounts: Int32Array;
  /** Structural violations and deadlocks found at compile time (empty for a valid schedule). */
  readonly violations: readonly Violation[];
  /** Preallocated state that `simulate` overwrites. */
  /** `duration`: per rank, per op kind (rank-major, OP_KINDS order). */
  readonly scratch: { readonly end: Float64Array; readonly free: Float64Array; readonly duration: Float64Array };
  readonly summary: SimSummary;
}

/** Layout of Schedule.packed. */
export const PACKED_STRIDE = 4;
export const KIND_MASK = 0b111;
export const CROSS0_BIT = 3;
export const CROSS1_BIT = 4;

/** Duration of one op of `kind` in chunks' time: BW = B + W (fused, no overlap). */
export function durationOf(kind: OpKind, d: OpDurations): number {
  switch (kind) {
    case 'F':
      return d.F;
    case 'B':
      return d.B;
    case 'W':
      return d.W;
    case 'BW':
      return d.B + d.W;
    case 'FB':
      return d.FB;
  }
}
