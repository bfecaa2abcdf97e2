/**
 * Exhaustive search of small serving spaces (a few thousand configs, microseconds each): the best tokens/s per GPU
 * under a latency limit, per phase. Used by `compare --mode serve` and the published-figure checks.
 */
import type { ServeConfig, ServePhase } from '../contract/serve-config.js';
import type { ServeEvaluator, ServeMetrics } from './evaluate.js';

export interface ServeSpace {
  readonly phase: ServePhase;
  readonly tp: readonly number[];
  readonly ep: readonly number[];
  readonly batchPerGpu: readonly number[];
  readonly contextLength: number;
  readonly microBatches: readonly (1 | 2)[];
  /** Prefill only (ignored for decode). */
  readonly commSMs?: readonly number[];
  /** Latency limit (TPOT or TTFT), seconds. */
  readonly maxLatencyS: number;
}

export interface ServeBest {
  readonly config: ServeConfig;
  readonly metrics: ServeMetrics;
  /** Configs evaluated (valid ones) and how many met the limit and fit. */
  readonly evaluated: number;
  readonly admissible: number;
}

/** Batch sizes 1, 2, 4, 8, then steps of 8 up to `max`. */
export function batchGrid(max: number): number[] {
  const out = [1, 2, 4];
  for (let b = 8; b <= max; b += 8) out.push(b);
  return out.filter((b) => b <= max);
}

export function bestServeConfig(evaluator: ServeEvaluator, space: ServeSpace): ServeBest | null {
  let best: ServeBest | null = null;
  let evaluated = 0,
    admissible = 0;
  const commChoices = space.phase === 'prefill' ? (space.commSMs ?? [0]) : [undefined];
  for (const tp of space.tp)
    for (const ep of space.ep)
      for (const microBatches of space.microBatches)
        for (const commSMs of commChoices) {
          for (const batchPerGpu of space.batchPerGpu) {
            const config: ServeConfig = {
              phase: space.phase,
              tp,
              ep,
              batchPerGpu,
              contextLength: space.contextLength,
              microBatches,
              ...(space.phase === 'prefill' && ep > 1 && commSMs !== undefined ? { commSMs } : {}),
            };
            if (evaluator.check(config) !== null) continue;
            const metrics = evaluator.evaluate(config);
            evaluated++;
            if (!metrics.feasible || metrics.latencyS > space.maxLatencyS) continue;
            admissible++;
            if (best === null || metrics.tokensPerSecPerGpu > best.metrics.tokensPerSecPerGpu)
              best = { config, metrics, evaluated: 0, admissible: 0 };
          }
        }
  return best === null ? null : { ...best, evaluated, admissible };
}
