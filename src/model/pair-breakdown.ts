/**
 * Where one overlapped DualPipe chunk pair spends its time, category by category, in the same categories as a
 * profiler trace (GEMM forward / input backward / weight backward, attention, non-GEMM, gaps, all-to-all, peer waits).
 * Used to hold the model against DeepSeek's trace of one such pair (models/measurements, docs/fidelity.md).
 */
import type { Config } from '../contract/config.js';
import { createContext, type ModelInput } from './context.js';
import { DEFAULT_RECOMPUTE } from './evaluate.js';
import { COST_CATEGORIES, type CostCategories, type ItemCost } from './item-cost.js';
import { pairTime } from './overlap.js';
import { ITEM_INDEX } from './params.js';
import type { MemoryKernelCategory } from './shapes.js';

export interface PairBreakdown {
  /** Steady-state seconds of the pair (one forward chunk and one backward chunk of `layers` MoE layers each). */
  readonly pairS: number;
  readonly computeBusyS: number;
  readonly commBusyS: number;
  /** Seconds per category over the pair; `gaps` includes the compute stream's waits on communication. */
  readonly categories: CostCategories;
  readonly nonGemm: Partial<Record<MemoryKernelCategory, number>>;
}

/** The pair of `layers` MoE layers that DeepSeek profiled, for `config`'s SM split, EP width and node limit. */
export function moeChunkPair(input: ModelInput, config: Config, layers: number): PairBreakdown {
  const ctx = createContext(input);
  const { chip } = input;
  const costs = ctx.costs(
    config.microBatchSize,
    config.tp,
    config.ep,
    config.nodeLimit,
    config.recompute ?? DEFAULT_RECOMPUTE,
    chip.sms - config.commSMs,
    config.commSMs,
    true,
  );
  const moe: ItemCost = costs[ITEM_INDEX.moe]!;
  const items = new Uint8Array(layers).fill(ITEM_INDEX.moe);
  const pair = pairTime(items, items, costs, { time: 0, computeBusy: 0, commBusy: 0 });
  const categories = Object.fromEntries(COST_CATEGORIES.map((k) => [k, moe.categories[k] * layers])) as CostCategories;
  categories.gaps += Math.max(0, pair.time - pair.computeBusy);
  const nonGemm: Partial<Record<MemoryKernelCategory, number>> = {};
  for (const [k, v] of Object.entries(moe.nonGemm) as [MemoryKernelCategory, number][]) nonGemm[k] = v * layers;
  return { pairS: pair.time, computeBusyS: pair.computeBusy, commBusyS: pair.commBusy, categories, nonGemm };
}
