/**
 * A deterministic synthetic study for the UI's tests, benchmark and demo: plausible configs and metrics with a
 * best-so-far that improves quickly, then rarely. Numbers are invented (no model runs); only their shape matters.
 */
import type { Config } from '../src/contract/config.js';
import type { Metrics, ModelDetails } from '../src/contract/metrics.js';
import type { EndReason, Trial } from '../src/contract/results.js';
import type { SearchSpec } from '../src/contract/spec.js';
import { versionStamp } from '../src/contract/versions.js';
import type { StudyEvent, StudyStartEvent, TrialCompleteEvent } from '../src/search/events.js';
import type { StudyResult } from '../src/search/result.js';
import { createRng, uniform } from '../src/search/rng.js';

export interface SyntheticOptions {
  readonly trials: number;
  readonly seed?: number;
  /** Trials per second the elapsed times imply. */
  readonly rate?: number;
  /** Attach the pipeline timing the Gantt needs. */
  readonly withPipeline?: boolean;
}

const SPEC: SearchSpec = {
  name: 'deepseek-v3-h800',
  workload: 'deepseek-v3',
  chip: 'h800-sxm',
  gpus: 2048,
  objective: { metric: 'tokensPerSecPerGpu', goal: 'maximize' },
  space: {},
  fixed: {},
  constraints: [],
  budget: 0,
  optimizer: 'bo',
  seed: 0,
  batchSize: 4,
};

export function startEvent(budget: number): StudyStartEvent {
  return {
    type: 'study-start',
    spec: { ...SPEC, budget },
    name: SPEC.name,
    workload: SPEC.workload,
    chip: SPEC.chip,
    gpus: SPEC.gpus,
    optimizer: 'bo',
    seed: 0,
    budget,
    batchSize: 4,
    threads: 4,
    objective: SPEC.objective,
    spaceSize: 12960,
    validPoints: 8100,
    resumedTrials: 0,
    sms: 132,
    startedAt: '2025-01-01T00:00:00.000Z',
    journalPath: null,
  };
}

/** A trial-complete event; `best` is the best trial so far including this one. */
export function trialEvent(
  trial: Trial,
  best: Trial | null,
  budget: number,
  elapsedS: number,
  evaluationsPerSec: number,
): TrialCompleteEvent {
  return {
    type: 'trial-complete',
    trial: trial.number,
    record: trial,
    config: trial.config,
    metrics: trial.metrics,
    objective: trial.objective,
    isBest: best === trial,
    bestSoFar: best?.objective ?? null,
    best,
    budget,
    replayed: false,
    evaluationsPerSec,
    elapsedS,
  };
}

export function endEvent(
  trials: readonly Trial[],
  best: Trial | null,
  budget: number,
  endReason: EndReason = 'budget',
): StudyEvent {
  const result: StudyResult = {
    ...versionStamp('study'),
    name: SPEC.name,
    optimizer: 'bo',
    seed: 0,
    budget,
    batchSize: 4,
    objective: SPEC.objective,
    endReason,
    best,
    top: best ? [best] : [],
    trials: [...trials],
    constraintReport: {
      spacePoints: 12960,
      validPoints: 8100,
      specConstraints: [],
      evaluatorCheck: null,
      rejected: [],
      infeasible: [],
      feasibleTrials: 0,
      summary: '',
    },
    rangeEdges: [],
    provenance: {
      tool: 'autotune',
      version: '0',
      spec: { ...SPEC, budget },
      profileHashes: {},
      startedAt: '',
      finishedAt: '',
      elapsedS: 0,
    },
  };
  return { type: 'study-end', result, resultPath: null, journalPath: null };
}

export function syntheticMetrics(config: Config, tokensPerSecPerGpu: number, withPipeline = false): Metrics {
  const stepTimeS = 3e4 / tokensPerSecPerGpu; // ~30k tokens per GPU per step
  const share = {
    forwardS: 0.22,
    backwardInputS: 0.2,
    backwardWeightS: 0.14,
    overlappedS: 0.3,
    bubbleS: 0.06,
    optimizerS: 0.03,
    exposedCommS: 0.05,
  };
  const breakdown = Object.fromEntries(
    Object.entries(share).map(([k, v]) => [k, v * stepTimeS]),
  ) as unknown as Metrics['breakdown'];
  const memory = {
    parametersGiB: 9.5,
    gradientsGiB: 4.8,
    optimizerGiB: 14.2,
    activationsGiB: 20 + 4 * config.microBatchSize,
    commBuffersGiB: 2.1,
    reservedGiB: 3,
    totalGiB: 0,
    capacityGiB: 80,
  };
  memory.totalGiB =
    memory.parametersGiB +
    memory.gradientsGiB +
    memory.optimizerGiB +
    memory.activationsGiB +
    memory.commBuffersGiB +
    memory.reservedGiB;
  return {
    feasible: true,
    stepTimeS,
    tokensPerSecPerGpu,
    mfu: tokensPerSecPerGpu / 4000,
    bubbleFraction: share.bubbleS,
    memoryGiB: memory.totalGiB,
    memory,
    breakdown,
    bottleneck: config.commSMs < 20 ? 'scale-out' : 'compute',
    details: syntheticDetails(config, withPipeline),
  };
}

/** Details with the fields the UI reads (micro-batches, chunk times) filled; the rest zeroed. */
function syntheticDetails(config: Config, withPipeline: boolean): ModelDetails {
  const zeroShares = {
    computeS: 0,
    memoryBoundS: 0,
    scaleOutS: 0,
    scaleUpS: 0,
    commSmsS: 0,
    bubbleS: 0,
    dataParallelS: 0,
    optimizerS: 0,
  };
  return {
    dp: 2048 / config.pp,
    edp: 2048 / config.pp / config.ep,
    microBatches: withPipeline ? 2 * config.pp : 0,
    tokensPerMicroBatch: 4096 * config.microBatchSize,
    tokensPerStep: 15360 * 4096,
    chunks: config.pp,
    chunksPerRank: 1,
    layersPerChunk: [],
    criticalChunk: 0,
    computeSMsOverlapped: 132 - config.commSMs,
    commSMs: config.commSMs,
    gemmFormat: 'fp8',
    itemTimesS: {},
    chunkS: { F: 1, B: 1, W: 0.8, FB: 1.6, p2p: 0.02, commInF: 0, commInB: 0 },
    dataParallel: { reduceScatterS: 0, allGatherS: 0, exposedS: 0 },
    optimizerS: 0,
    pipeline: { simulatedS: 0, criticalRank: 0, peakActivationChunks: 0, opCounts: {} },
    flops: { modelPerToken: 0, matmulPerToken: 0, attentionPerToken: 0, achievedTflopsPerGpu: 0 },
    timeShares: zeroShares,
  };
}

/** study-start, `trials` trial-complete events, study-end. */
export function syntheticStudy({
  trials,
  seed = 1,
  rate = 10_000,
  withPipeline = false,
}: SyntheticOptions): StudyEvent[] {
  const stream = createRng(seed);
  const random = () => uniform(stream);
  const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)]!;
  const events: StudyEvent[] = [startEvent(trials)];
  const done: Trial[] = [];
  let best: Trial | null = null;
  for (let number = 1; number <= trials; number++) {
    const config: Config = {
      schedule: pick(['1f1b', 'zb-h1', 'dualpipe', 'dualpipev'] as const),
      pp: pick([4, 8, 16]),
      ep: pick([32, 64]),
      tp: 1,
      microBatchSize: pick([1, 2]),
      commSMs: 2 * (4 + Math.floor(random() * 16)),
    };
    const feasible = random() > 0.1;
    // Quality rises with log(trial), so improvements thin out as a real search's do.
    const tokens = 900 + 120 * Math.log1p(number) * random() + 200 * random();
    const metrics = syntheticMetrics(config, tokens, withPipeline);
    const trial: Trial = feasible
      ? { number, config, status: 'ok', metrics, objective: tokens }
      : {
          number,
          config,
          status: 'infeasible',
          metrics: { ...metrics, feasible: false, infeasibleReason: 'activations do not fit' },
          objective: null,
          reason: 'activations do not fit',
        };
    if (trial.objective !== null && (best === null || trial.objective > best.objective!)) best = trial;
    done.push(trial);
    events.push(trialEvent(trial, best, trials, number / rate, rate));
  }
  events.push(endEvent(done, best, trials));
  return events;
}
