/**
 * The figures a comparison or a sweep reports for one config on one chip: the model's headline metrics, the SM
 * split as a share of the chip, and throughput per watt and per dollar. Also the regime a bottleneck belongs to.
 */

import type { Config } from '../contract/config.js';
import type { Bottleneck, Breakdown, MemoryBreakdown, Metrics } from '../contract/metrics.js';
import type { Chip } from '../profiles/schemas.js';

export interface ConfigFigures {
  config: Config;
  tokensPerSecPerGpu: number;
  /** Against the BF16 dense peak (the contract's MFU); above 1 is possible when GEMMs run FP8. */
  mfu: number;
  /** Against the FP8 dense peak, where the chip has one and the workload's GEMMs run FP8. */
  mfuFp8: number | null;
  stepTimeS: number;
  bubbleFraction: number;
  memoryGiB: number;
  memory: MemoryBreakdown;
  breakdown: Breakdown;
  bottleneck: Bottleneck;
  regime: Regime;
  /** commSMs / the chip's SMs. */
  commSMsShare: number;
  /**
   * Whether communication overlaps compute (paired schedules): then commSMs are taken from the GEMMs. Otherwise
   * the all-to-all runs alone on commSMs and GEMMs get every SM, so more commSMs never cost compute.
   */
  overlapsCommunication: boolean;
  /** Per GPU, at the chip's TDP. */
  tokensPerSecPerWatt: number;
  /** Tokens per dollar of GPU time; null when the chip profile has no priceUsdPerHour. */
  tokensPerDollar: number | null;
}

export function figuresOf(config: Config, metrics: Metrics, chip: Chip): ConfigFigures {
  return {
    config,
    tokensPerSecPerGpu: metrics.tokensPerSecPerGpu,
    mfu: metrics.mfu,
    mfuFp8: metrics.mfuFp8 ?? null,
    stepTimeS: metrics.stepTimeS,
    bubbleFraction: metrics.bubbleFraction,
    memoryGiB: metrics.memoryGiB,
    memory: metrics.memory,
    breakdown: metrics.breakdown,
    bottleneck: metrics.bottleneck,
    regime: regimeOf(metrics.bottleneck),
    commSMsShare: config.commSMs / chip.sms,
    overlapsCommunication: metrics.details.overlap !== undefined,
    tokensPerSecPerWatt: metrics.tokensPerSecPerGpu / chip.tdpW,
    tokensPerDollar:
      chip.priceUsdPerHour === undefined ? null : (metrics.tokensPerSecPerGpu * 3600) / chip.priceUsdPerHour,
  };
}

/** What kind of limit a bottleneck is; a sweep marks where the optimum's regime changes. */
export type Regime = 'communication' | 'compute' | 'pipeline' | 'step-boundary' | 'memory-capacity';

export function regimeOf(bottleneck: Bottleneck): Regime {
  switch (bottleneck) {
    case 'scale-up':
    case 'scale-out':
    case 'comm-sms':
      return 'communication';
    case 'compute':
    case 'memory-bandwidth':
      return 'compute';
    case 'pipeline-bubble':
      return 'pipeline';
    case 'data-parallel':
    case 'optimizer':
      return 'step-boundary';
    case 'memory-capacity':
      return 'memory-capacity';
  }
}

/** b / a, or null when either is missing. */
export function ratio(b: number | null | undefined, a: number | null | undefined): number | null {
  return b == null || a == null || a === 0 ? null : b / a;
}
