/**
 * A deterministic synthetic study for the UI's tests, benchmark and demo: plausible configs and metrics with a
 * best-so-far that improves quickly, then rarely. Numbers are invented (no model runs); only their shape matters.
 */
import type { Config } from '../src/config.js';
import type { Metrics } from '../src/model/metrics.js';
import type { StudyEvent, StudyStartEvent, TrialCompleteEvent } from '../src/ui/studyEvents.js';

export interface SyntheticOptions {
  readonly trials: number;
  readonly seed?: number;
  /** Trials per second the elapsed times imply. */
  readonly rate?: number;
  /** Attach the pipeline timing the Gantt needs. */
  readonly withPipeline?: boolean;
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function startEvent(budget: number): StudyStartEvent {
  return {
    type: 'study-start', name: 'deepseek-v3-h800', workload: 'deepseek-v3', chip: 'h800-sxm', gpus: 2048,
    optimizer: 'bo', seed: 0, budget, objective: { metric: 'tokensPerSecPerGpu', goal: 'maximize' }, sms: 132,
  };
}

export function syntheticMetrics(config: Config, tokensPerSecPerGpu: number, withPipeline = false): Metrics {
  const stepTimeS = 3e4 / tokensPerSecPerGpu; // ~30k tokens per GPU per step
  const share = { forwardS: 0.22, backwardInputS: 0.2, backwardWeightS: 0.14, overlappedS: 0.3, bubbleS: 0.06, optimizerS: 0.03, exposedCommS: 0.05 };
  const breakdown = Object.fromEntries(Object.entries(share).map(([k, v]) => [k, v * stepTimeS])) as unknown as Metrics['breakdown'];
  const memory = {
    parametersGiB: 9.5, gradientsGiB: 4.8, optimizerGiB: 14.2, activationsGiB: 20 + 4 * config.microBatchSize,
    commBuffersGiB: 2.1, reservedGiB: 3, totalGiB: 0, capacityGiB: 80,
  };
  memory.totalGiB = memory.parametersGiB + memory.gradientsGiB + memory.optimizerGiB + memory.activationsGiB + memory.commBuffersGiB + memory.reservedGiB;
  const metrics: Metrics & { details?: unknown } = {
    feasible: true, stepTimeS, tokensPerSecPerGpu, mfu: tokensPerSecPerGpu / 4000, bubbleFraction: share.bubbleS,
    memoryGiB: memory.totalGiB, memory, breakdown, bottleneck: config.commSMs < 20 ? 'scale-out' : 'compute',
  };
  if (withPipeline) metrics.details = { pipeline: { microBatches: 2 * config.pp, durations: { F: 1, B: 1, W: 0.8, FB: 1.6, p2p: 0.02 } } };
  return metrics;
}

/** study-start, `trials` trial-complete events, study-end. */
export function syntheticStudy({ trials, seed = 1, rate = 10_000, withPipeline = false }: SyntheticOptions): StudyEvent[] {
  const random = mulberry32(seed);
  const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)]!;
  const events: StudyEvent[] = [startEvent(trials)];
  let best: number | null = null;
  let bestTrial: TrialCompleteEvent | null = null;
  for (let trial = 1; trial <= trials; trial++) {
    const config: Config = {
      schedule: pick(['1f1b', 'zb-h1', 'dualpipe', 'dualpipev'] as const), pp: pick([4, 8, 16]), ep: pick([32, 64]),
      tp: 1, microBatchSize: pick([1, 2]), commSMs: 2 * (4 + Math.floor(random() * 16)),
    };
    const feasible = random() > 0.1;
    // Quality rises with log(trial), so improvements thin out as a real search's do.
    const tokens = 900 + 120 * Math.log1p(trial) * random() + 200 * random();
    const metrics = syntheticMetrics(config, tokens, withPipeline);
    const objective = feasible ? tokens : null;
    const isBest = objective !== null && (best === null || objective > best);
    if (isBest) best = objective;
    const event: TrialCompleteEvent = {
      type: 'trial-complete', trial, config, metrics: feasible ? metrics : { ...metrics, feasible: false, infeasibleReason: 'activations do not fit' },
      objective, isBest, bestSoFar: best, evaluationsPerSec: rate, elapsed: trial / rate,
    };
    if (isBest) bestTrial = event;
    events.push(event);
  }
  events.push({ type: 'study-end', result: { best: bestTrial ? { config: bestTrial.config, metrics: bestTrial.metrics, objective: bestTrial.objective ?? 0 } : null } });
  return events;
}
