/**
 * The execution-plan contract (DESIGN.md section 4): what a user chooses and the tool exports.
 * Shared by the cost model, the search and the CLI; it imports nothing.
 */

export const SCHEDULES = [
  'gpipe',
  '1f1b',
  'interleaved-1f1b',
  'zb-h1',
  'zb-h2',
  'zb-v',
  'dualpipe',
  'dualpipev',
] as const;
export type ScheduleKind = (typeof SCHEDULES)[number];

export const RECOMPUTE = ['none', 'selective', 'full'] as const;
/** none: keep every activation; selective: recompute norms and up-projections (DeepSeek-V3); full: keep only stage inputs. */
export type Recompute = (typeof RECOMPUTE)[number];

export interface Config {
  schedule: ScheduleKind;
  /** Pipeline stages. For DualPipeV this is the device count (each device holds 2 chunks). */
  pp: number;
  /** Expert-parallel group size (GPUs that share one copy of the experts). */
  ep: number;
  /** Tensor-parallel width (inside a node, on NVLink). */
  tp: number;
  /** Sequences per micro-batch. */
  microBatchSize: number;
  /** SMs given to communication kernels; the rest run GEMMs. */
  commSMs: number;
  /** Virtual stages per rank (interleaved-1f1b only). */
  vpp?: number;
  /** Most nodes one token's experts may span (node-limited routing); absent = unlimited. */
  nodeLimit?: number;
  recompute?: Recompute;
  /**
   * With tp > 1: true (the default) runs norms, dropout and residuals on 1/tp of the tokens and moves TP activations
   * by all-gather / reduce-scatter (Megatron's sequence parallelism); false replicates them and all-reduces.
   */
  sequenceParallel?: boolean;
}

/** Seconds, per step and per GPU, of the worst (critical) pipeline rank. */
export interface Breakdown {
  forwardS: number;
  backwardInputS: number;
  backwardWeightS: number;
  /** Time of overlapped forward/backward pairs (DualPipe-style), counted once. */
  overlappedS: number;
  bubbleS: number;
  optimizerS: number;
  exposedCommS: number;
}
