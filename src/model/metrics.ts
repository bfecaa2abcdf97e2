import type { Breakdown } from '../config.js';

/** What limits a config most; the model names one so a user knows where to push. */
export const BOTTLENECKS = [
  'compute', // GEMMs and attention on the SMs left to compute
  'memory-bandwidth', // element-wise / small-M work bound by HBM
  'scale-up', // NVLink all-to-all or TP collectives left exposed
  'scale-out', // IB/RoCE all-to-all left exposed
  'comm-sms', // all-to-all left exposed because the SMs given to it cannot drive the links
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
  /** How the figures above came about (component times, volumes, routing, pipeline); for the UI and curious users. */
  details: ModelDetails;
}

/** Seconds of one item's components for one micro-batch. */
export interface ItemTimes {
  attnF: number;
  attnB: number;
  attnW: number;
  mlpF: number;
  mlpB: number;
  mlpW: number;
  dispatchF: number;
  combineF: number;
  /** Backward of the dispatch (input gradients back along the combine path). */
  dispatchB: number;
  /** Backward of the combine (output gradients to the experts along the dispatch path). */
  combineB: number;
  tpF: number;
  tpB: number;
}

/** Seconds spent per cause on the critical rank over one step; the largest names the bottleneck. */
export interface TimeShares {
  computeS: number;
  memoryBoundS: number;
  scaleOutS: number;
  scaleUpS: number;
  commSmsS: number;
  bubbleS: number;
  dataParallelS: number;
  optimizerS: number;
}

export interface ModelDetails {
  dp: number;
  /** Expert-data-parallel width: replicas of each expert (dp x tp / ep). */
  edp: number;
  microBatches: number;
  tokensPerMicroBatch: number;
  tokensPerStep: number;
  /** Chunks a micro-batch traverses, chunks a rank holds, and the layers in each chunk (model order). */
  chunks: number;
  chunksPerRank: number;
  layersPerChunk: number[];
  /** The heaviest chunk of the busiest rank (the simulator runs that rank's mean chunk times for every op). */
  criticalChunk: number;
  /** SMs running GEMMs inside overlapped pairs (elsewhere compute has every SM). */
  computeSMsOverlapped: number;
  commSMs: number;
  gemmFormat: 'fp8' | 'bf16';
  /** Present when the chip's efficiency for that GEMM format is a guess (its source says GUESS): the source text. */
  gemmEfficiencyGuess?: string;
  routing?: {
    nodes: number;
    candidateNodes: number;
    nodesPerToken: number;
    remoteNodesPerToken: number;
    gpusPerToken: number;
    nvlinkCopiesPerToken: number;
    expertsPerNodeVisited: number;
    /** The workload's published figure, where it has one (see docs/cost-model.md on what it measures). */
    publishedExpertsPerNodeVisited?: number;
  };
  /** Bytes one GPU sends per MoE layer per micro-batch in the forward dispatch and combine. */
  allToAllBytes?: {
    dispatch: { scaleOut: number; scaleUp: number; logical: number };
    combine: { scaleOut: number; scaleUp: number; logical: number };
    limit: 'scale-out' | 'scale-up' | 'comm-sms';
  };
  /** Per item kind present in the model, with compute on all SMs (serial ops). */
  itemTimesS: Record<string, ItemTimes>;
  /** Per item kind, with compute on SMs - commSMs (overlapped pairs); only for schedules with pairs. */
  itemTimesOverlappedS?: Record<string, ItemTimes>;
  /** Durations fed to the schedule simulator (seconds per chunk) and the exposed communication inside them. */
  /** Of the critical rank; `ranks`: every rank's own durations (what the simulator ran). */
  chunkS: { F: number; B: number; W: number; FB: number; p2p: number; commInF: number; commInB: number; ranks?: readonly { readonly F: number; readonly B: number; readonly W: number; readonly FB: number }[] };
  overlap?: { pairS: number; computeS: number; commS: number; hiddenCommS: number; exposedCommS: number };
  dataParallel: { reduceScatterS: number; allGatherS: number; exposedS: number };
  optimizerS: number;
  pipeline: { simulatedS: number; criticalRank: number; peakActivationChunks: number; opCounts: Record<string, number> };
  flops: { modelPerToken: number; matmulPerToken: number; attentionPerToken: number; achievedTflopsPerGpu: number };
  timeShares: TimeShares;
}
