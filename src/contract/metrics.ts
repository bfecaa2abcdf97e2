/**
 * What one evaluation answers (DESIGN.md section 4: `autotune evaluate --json`), as zod schemas the types are
 * inferred from. The headline metrics are described once, in METRICS: a new one is a descriptor here and the code
 * that computes it (model/assemble.ts); the objective list of a search spec, the UI's and the reports' units and
 * formats, and the JSON Schemas read the descriptors.
 */
import { z } from 'zod';

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

/** Which way an objective is better. */
export const GOALS = ['maximize', 'minimize'] as const;
export type Goal = (typeof GOALS)[number];

/** True when `a` is strictly better than `b` for the goal. */
export function isBetter(a: number, b: number, goal: Goal): boolean {
  return goal === 'maximize' ? a > b : a < b;
}

export interface MetricDescriptor {
  /** Words for a heading or an axis: "throughput". */
  readonly label: string;
  /** What the value is, for the JSON Schema and --help. */
  readonly description: string;
  /** Shown after the value: "tok/s/GPU"; for a percent, after the "%". */
  readonly unit: string;
  /** Which way is better. */
  readonly direction: Goal;
  /** 'number': the value as it is; 'percent': a fraction shown x100 with "%". */
  readonly format: 'number' | 'percent';
  /** Absent from some answers (the chip or workload has no such figure). */
  readonly optional?: true;
}

/** The headline metrics: numeric top-level fields of Metrics, each one a study can optimise. Order: display order. */
export const METRICS = {
  tokensPerSecPerGpu: {
    label: 'throughput',
    description: 'Tokens per second per GPU.',
    unit: 'tok/s/GPU',
    direction: 'maximize',
    format: 'number',
  },
  mfu: {
    label: 'MFU',
    description: 'Model FLOPs (causal attention) / (BF16 dense peak x step time x GPUs).',
    unit: 'MFU',
    direction: 'maximize',
    format: 'percent',
  },
  mfuFp8: {
    label: 'MFU (FP8 peak)',
    description: 'The same against the FP8 dense peak, where the chip has one and the workload runs FP8 GEMMs.',
    unit: 'MFU(FP8)',
    direction: 'maximize',
    format: 'percent',
    optional: true,
  },
  stepTimeS: {
    label: 'step time',
    description: 'Seconds per training step.',
    unit: 's/step',
    direction: 'minimize',
    format: 'number',
  },
  memoryGiB: {
    label: 'peak memory',
    description: 'Peak memory per GPU, GiB.',
    unit: 'GiB',
    direction: 'minimize',
    format: 'number',
  },
  bubbleFraction: {
    label: 'bubble',
    description: 'Share of the step the critical rank idles in pipeline bubbles.',
    unit: 'bubble',
    direction: 'minimize',
    format: 'percent',
  },
} as const satisfies Record<string, MetricDescriptor>;

export type MetricName = keyof typeof METRICS;
export const METRIC_NAMES = Object.keys(METRICS) as [MetricName, ...MetricName[]];

/** The descriptor of a metric name, or undefined for a name that is not one (e.g. read from an old file). */
export function metricDescriptor(name: string): MetricDescriptor | undefined {
  return Object.hasOwn(METRICS, name) ? METRICS[name as MetricName] : undefined;
}

type HeadlineShape = {
  [K in MetricName]: (typeof METRICS)[K] extends { optional: true } ? z.ZodOptional<z.ZodNumber> : z.ZodNumber;
};
const headlineShape = Object.fromEntries(
  METRIC_NAMES.map((name) => {
    const d: MetricDescriptor = METRICS[name];
    const value = z.number().meta({ description: d.description });
    return [name, d.optional ? value.optional() : value];
  }),
) as HeadlineShape;

/** Seconds, per step and per GPU, of the worst (critical) pipeline rank. */
export const breakdownSchema = z
  .strictObject({
    forwardS: z.number(),
    backwardInputS: z.number(),
    backwardWeightS: z.number(),
    /** Time of overlapped forward/backward pairs (DualPipe-style), counted once. */
    overlappedS: z.number(),
    bubbleS: z.number(),
    optimizerS: z.number(),
    exposedCommS: z.number(),
  })
  .meta({ id: 'breakdown' });
export type Breakdown = z.infer<typeof breakdownSchema>;

export const memoryBreakdownSchema = z.object({
  parametersGiB: z.number(),
  gradientsGiB: z.number(),
  optimizerGiB: z.number(),
  activationsGiB: z.number(),
  commBuffersGiB: z.number(),
  /** Workspace, fragmentation and CUDA context held back from the budget. */
  reservedGiB: z.number(),
  totalGiB: z.number(),
  capacityGiB: z.number(),
});
export type MemoryBreakdown = z.infer<typeof memoryBreakdownSchema>;

/** Seconds of one item's components for one micro-batch. */
export const itemTimesSchema = z.object({
  attnF: z.number(),
  attnB: z.number(),
  attnW: z.number(),
  mlpF: z.number(),
  mlpB: z.number(),
  mlpW: z.number(),
  dispatchF: z.number(),
  combineF: z.number(),
  /** Backward of the dispatch (input gradients back along the combine path). */
  dispatchB: z.number(),
  /** Backward of the combine (output gradients to the experts along the dispatch path). */
  combineB: z.number(),
  tpF: z.number(),
  tpB: z.number(),
});
export type ItemTimes = z.infer<typeof itemTimesSchema>;

/** Seconds spent per cause on the critical rank over one step; the largest names the bottleneck. */
export const timeSharesSchema = z.object({
  computeS: z.number(),
  memoryBoundS: z.number(),
  scaleOutS: z.number(),
  scaleUpS: z.number(),
  commSmsS: z.number(),
  bubbleS: z.number(),
  dataParallelS: z.number(),
  optimizerS: z.number(),
});
export type TimeShares = z.infer<typeof timeSharesSchema>;

const tierBytes = z.object({ scaleOut: z.number(), scaleUp: z.number(), logical: z.number() });
const chunkDurations = z.object({ F: z.number(), B: z.number(), W: z.number(), FB: z.number() }).readonly();

export const modelDetailsSchema = z.object({
  dp: z.number(),
  /** Expert-data-parallel width: replicas of each expert (dp x tp / ep). */
  edp: z.number(),
  microBatches: z.number(),
  tokensPerMicroBatch: z.number(),
  tokensPerStep: z.number(),
  /** Chunks a micro-batch traverses, chunks a rank holds, and the layers in each chunk (model order). */
  chunks: z.number(),
  chunksPerRank: z.number(),
  layersPerChunk: z.array(z.number()),
  /** The heaviest chunk of the busiest rank (the simulator runs that rank's mean chunk times for every op). */
  criticalChunk: z.number(),
  /** SMs running GEMMs inside overlapped pairs (elsewhere compute has every SM). */
  computeSMsOverlapped: z.number(),
  commSMs: z.number(),
  gemmFormat: z.enum(['fp8', 'bf16']),
  /** Present when the chip's efficiency for that GEMM format is a guess (its source says GUESS): the source text. */
  gemmEfficiencyGuess: z.string().optional(),
  routing: z
    .object({
      nodes: z.number(),
      candidateNodes: z.number(),
      nodesPerToken: z.number(),
      remoteNodesPerToken: z.number(),
      gpusPerToken: z.number(),
      nvlinkCopiesPerToken: z.number(),
      expertsPerNodeVisited: z.number(),
      /** The workload's published figure, where it has one (see docs/cost-model.md on what it measures). */
      publishedExpertsPerNodeVisited: z.number().optional(),
    })
    .optional(),
  /** Bytes one GPU sends per MoE layer per micro-batch in the forward dispatch and combine. */
  allToAllBytes: z
    .object({ dispatch: tierBytes, combine: tierBytes, limit: z.enum(['scale-out', 'scale-up', 'comm-sms']) })
    .optional(),
  /** Per item kind present in the model, with compute on all SMs (serial ops). */
  itemTimesS: z.record(z.string(), itemTimesSchema),
  /** Per item kind, with compute on SMs - commSMs (overlapped pairs); only for schedules with pairs. */
  itemTimesOverlappedS: z.record(z.string(), itemTimesSchema).optional(),
  /**
   * Durations fed to the schedule simulator (seconds per chunk) and the exposed communication inside them, of the
   * critical rank; `ranks`: every rank's own durations (what the simulator ran).
   */
  chunkS: z.object({
    F: z.number(),
    B: z.number(),
    W: z.number(),
    FB: z.number(),
    p2p: z.number(),
    commInF: z.number(),
    commInB: z.number(),
    ranks: z.array(chunkDurations).readonly().optional(),
  }),
  overlap: z
    .object({
      pairS: z.number(),
      computeS: z.number(),
      commS: z.number(),
      hiddenCommS: z.number(),
      exposedCommS: z.number(),
    })
    .optional(),
  dataParallel: z.object({ reduceScatterS: z.number(), allGatherS: z.number(), exposedS: z.number() }),
  optimizerS: z.number(),
  pipeline: z.object({
    simulatedS: z.number(),
    criticalRank: z.number(),
    peakActivationChunks: z.number(),
    opCounts: z.record(z.string(), z.number()),
  }),
  flops: z.object({
    modelPerToken: z.number(),
    matmulPerToken: z.number(),
    attentionPerToken: z.number(),
    achievedTflopsPerGpu: z.number(),
  }),
  timeShares: timeSharesSchema,
});
export type ModelDetails = z.infer<typeof modelDetailsSchema>;

export const metricsSchema = z.object({
  feasible: z.boolean(),
  /** Present when feasible is false: names the binding constraint and a fix. */
  infeasibleReason: z.string().optional(),
  ...headlineShape,
  memory: memoryBreakdownSchema,
  breakdown: breakdownSchema,
  bottleneck: z.enum(BOTTLENECKS),
  /** How the figures above came about (component times, volumes, routing, pipeline); for the UI and curious users. */
  details: modelDetailsSchema,
});
export type Metrics = z.infer<typeof metricsSchema>;
