/**
 * A synthetic objective shaped like the DeepSeek-V3 search space, for tests and benchmarks while (and after) the
 * real cost model exists: closed-form, cheap, deterministic. Throughput rises then falls in commSMs (faster
 * all-to-all against fewer GEMM SMs) with a peak that moves with ep and the schedule's overlap; pipeline bubbles
 * depend on schedule, pp and micro-batch count; memory makes part of the space infeasible; ep must fit in dp.
 * The numbers are invented, not a model of any chip.
 */
import type { Config, ScheduleKind } from '../contract/config.js';
import type { Evaluator } from '../contract/evaluator.js';
import type { Metrics, ModelDetails } from '../contract/metrics.js';
import type { EvaluatorArgs } from './evaluator.js';

const SMS = 132;
const CAPACITY_GIB = 80;
const GLOBAL_BATCH = 15360;
const SEQUENCE = 4096;

/** The search space the synthetic objective is shaped for (a spec without its header fields). */
export const SYNTHETIC_SPACE = {
  commSMs: { type: 'int', min: 2, max: 64, step: 2 },
  schedule: { type: 'choice', values: ['1f1b', 'zb-h1', 'zb-v', 'dualpipe', 'dualpipev'] },
  pp: { type: 'choice', values: [4, 8, 16, 32] },
  ep: { type: 'choice', values: [8, 16, 32, 64, 128] },
  microBatchSize: { type: 'choice', values: [1, 2, 4] },
  recompute: { type: 'choice', values: ['none', 'selective'] },
} as const;

/** Fraction of the all-to-all each schedule hides behind compute. */
function overlapOf(schedule: ScheduleKind): number {
  switch (schedule) {
    case 'dualpipe':
      return 0.9;
    case 'dualpipev':
      return 0.86;
    case 'zb-v':
      return 0.45;
    case 'zb-h1':
    case 'zb-h2':
      return 0.35;
    default:
      return 0.3; // 1f1b, interleaved-1f1b, gpipe, and a schedule the synthetic objective does not know
  }
}

function bubbleOf(schedule: ScheduleKind, pp: number, microBatches: number): number {
  const plain = (pp - 1) / (microBatches + pp - 1);
  switch (schedule) {
    case 'interleaved-1f1b':
      return plain / 2;
    case 'zb-h1':
      return plain / 3;
    case 'zb-h2':
    case 'zb-v':
      return plain / 8;
    case 'dualpipe':
    case 'dualpipev':
      return (pp / 2 - 1) / (microBatches + pp / 2 - 1) / 2;
    default:
      return plain; // gpipe, 1f1b, and a schedule the synthetic objective does not know
  }
}

export function syntheticMetrics(config: Config, gpus: number): Metrics {
  const { schedule, pp, ep, microBatchSize: mbs, commSMs: k, tp } = config;
  const recompute = config.recompute ?? 'selective';
  const dp = gpus / (pp * tp);
  const microBatches = Math.max(1, Math.ceil(GLOBAL_BATCH / (dp * mbs)));
  const gemmEfficiency = (mbs === 1 ? 0.84 : mbs === 2 ? 0.95 : 1) * (0.7 + 0.3 * (1 - 8 / ep));
  const recomputeCost = recompute === 'none' ? 1 : recompute === 'selective' ? 1.04 : 1.3;
  const computeS = (9 / gemmEfficiency) * (SMS / (SMS - k)) * recomputeCost;
  const halfSaturation = 5 + 3 * Math.log2(ep / 8); // wider EP crosses more nodes: needs more SMs for full rate
  const commS = (12 * (0.3 + 0.7 * (1 - 8 / ep))) / (1 - Math.exp(-k / halfSaturation));
  const exposedCommS = commS - Math.min(commS * overlapOf(schedule), 0.6 * computeS); // overlap needs compute to hide behind
  const dataParallelS = 1.2 / Math.sqrt((pp * ep) / 8);
  const bubble = bubbleOf(schedule, pp, microBatches);
  const stepTimeS = (computeS + exposedCommS) / (1 - bubble) + dataParallelS;
  const twoCopies = schedule === 'dualpipe' ? 2 : 1;
  const parametersGiB = (640 / pp / ep ** 0.6) * twoCopies;
  const activationsGiB =
    9 *
    mbs *
    (recompute === 'none' ? 1.6 : recompute === 'selective' ? 1 : 0.3) *
    (schedule === 'dualpipe' || schedule === 'dualpipev' ? 1.25 : 1) *
    (schedule === 'zb-v' ? 1.1 : 1);
  const commBuffersGiB = 0.1 * k;
  const totalGiB = parametersGiB * 3 + activationsGiB + commBuffersGiB + 4;
  const feasible = totalGiB <= CAPACITY_GIB;
  const tokensPerSecPerGpu = (GLOBAL_BATCH * SEQUENCE) / stepTimeS / gpus;
  return {
    feasible,
    ...(feasible
      ? {}
      : {
          infeasibleReason: `does not fit in ${CAPACITY_GIB} GiB: needs ${totalGiB.toFixed(1)} GiB (parameters ${(parametersGiB * 3).toFixed(1)} GiB)`,
        }),
    stepTimeS,
    tokensPerSecPerGpu,
    mfu: tokensPerSecPerGpu / 12000,
    bubbleFraction: bubble,
    memoryGiB: totalGiB,
    memory: {
      parametersGiB,
      gradientsGiB: parametersGiB,
      optimizerGiB: parametersGiB,
      activationsGiB,
      commBuffersGiB,
      reservedGiB: 4,
      totalGiB,
      capacityGiB: CAPACITY_GIB,
    },
    breakdown: {
      forwardS: computeS / 3,
      backwardInputS: computeS / 3,
      backwardWeightS: computeS / 3,
      overlappedS: commS - exposedCommS,
      bubbleS: stepTimeS * bubble,
      optimizerS: 0.2,
      exposedCommS,
    },
    bottleneck: !feasible
      ? 'memory-capacity'
      : exposedCommS > computeS / 4
        ? 'scale-out'
        : bubble > 0.2
          ? 'pipeline-bubble'
          : 'compute',
    details: syntheticDetails(config, {
      dp,
      microBatches,
      computeS,
      commS,
      exposedCommS,
      dataParallelS,
      stepTimeS,
      bubble,
    }),
  };
}

interface Figures {
  dp: number;
  microBatches: number;
  computeS: number;
  commS: number;
  exposedCommS: number;
  dataParallelS: number;
  stepTimeS: number;
  bubble: number;
}

/** The model-details block, filled with the synthetic figures (most are nominal). */
function syntheticDetails(config: Config, f: Figures): ModelDetails {
  const tokensPerMicroBatch = config.microBatchSize * SEQUENCE;
  const perChunk = f.computeS / f.microBatches / 3;
  return {
    dp: f.dp,
    edp: (f.dp * config.tp) / config.ep,
    microBatches: f.microBatches,
    tokensPerMicroBatch,
    tokensPerStep: GLOBAL_BATCH * SEQUENCE,
    chunks: config.pp,
    chunksPerRank: 1,
    layersPerChunk: Array(config.pp).fill(1),
    criticalChunk: 0,
    computeSMsOverlapped: SMS - config.commSMs,
    commSMs: config.commSMs,
    gemmFormat: 'fp8',
    itemTimesS: {},
    chunkS: { F: perChunk, B: perChunk, W: perChunk, FB: 2 * perChunk, p2p: 0, commInF: 0, commInB: 0 },
    dataParallel: { reduceScatterS: f.dataParallelS / 2, allGatherS: f.dataParallelS / 2, exposedS: f.dataParallelS },
    optimizerS: 0.2,
    pipeline: { simulatedS: f.stepTimeS, criticalRank: 0, peakActivationChunks: config.pp, opCounts: {} },
    flops: { modelPerToken: 0, matmulPerToken: 0, attentionPerToken: 0, achievedTflopsPerGpu: 0 },
    timeShares: {
      computeS: f.computeS,
      memoryBoundS: 0,
      scaleOutS: f.exposedCommS,
      scaleUpS: 0,
      commSmsS: 0,
      bubbleS: f.stepTimeS * f.bubble,
      dataParallelS: f.dataParallelS,
      optimizerS: 0.2,
    },
  };
}

/** Rejects what the synthetic cluster cannot lay out: the EP group must fit in the data-parallel group. */
export function syntheticCheck(config: Config, gpus: number): string | null {
  const dp = gpus / (config.pp * config.tp);
  return Number.isInteger(dp) && dp % config.ep === 0
    ? null
    : `ep (${config.ep}) must divide dp = gpus / (pp x tp) = ${dp}`;
}

/** EvaluatorFactory export: the synthetic objective for the spec's gpus (workload and chip are ignored). */
export function createSyntheticEvaluator(args: EvaluatorArgs): Evaluator {
  return {
    check: (config) => syntheticCheck(config, args.gpus),
    evaluate: (config) => syntheticMetrics(config, args.gpus),
  };
}
