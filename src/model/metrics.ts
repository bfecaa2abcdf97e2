import type { Breakdown } from '../config.js';

/** What limits a config most; the model names one so a user knows where to push. */
export const BOTTLENECKS = [
  'compute', // GEMMs and attention on the SMs left to compute
  'memory-bandwidth', // element-wise / small-M work bound by HBM
  'scale-up', // NVLink all-to-all or TP collectives left exposed
  'scale-out', // IB/RoCE all-to-all left exposed
  'pipeline-bubble',
  'data-parallel', // gradient reduce-scatter / parameter all-gather at the step boundary
  'optimizer',
  'memory-capacity', // infeasible: does not fit
] as const;
export type Bottleneck = (typeof BOTTLENECKS)[number];

export interface MemoryBreakdown {
  parametersGiB: number;
  gradientsGiB: number;
  optimizerGiB: number;
  activationsGiB: number;
  commBuffersGiB: number;
  /** Workspace, fragmentation and CUDA context held back from the budget. */
  reservedGiB: number;
  totalGiB: number;
  capacityGiB: number;
}

/** Result of one evaluation (DESIGN.md section 4: `autotune evaluate --json`). */
export interface Metrics {
  feasible: boolean;
  /** Present when feasible is false: names the binding constraint and a fix. */
  infeasibleReason?: string;
  stepTimeS: number;
  tokensPerSecPerGpu: number;
  /** Model FLOPs (causal attention) / (BF16 dense peak x step time x GPUs). */
  mfu: number;
  /** The same against the FP8 dense peak, where the chip has one and the workload runs FP8 GEMMs. */
  mfuFp8?: number;
  bubbleFraction: number;
  /** Peak per GPU. */
  memoryGiB: number;
  memory: MemoryBreakdown;
  breakdown: Breakdown;
  bottleneck: Bottleneck;
}
