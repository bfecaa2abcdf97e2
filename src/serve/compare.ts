/**
 * Serving across chips: for each scenario (workload, phase, latency limit), the best tokens/s per GPU each chip
 * reaches (exhaustive over a small space), per GPU and per kW of TDP, with its config and bottleneck.
 */

import type { ServeConfig, ServePhase } from '../contract/serve-config.js';
import { Catalog } from '../profiles/catalog.js';
import type { ServeBottleneck } from './evaluate.js';
import { createServeEvaluator } from './index.js';
import { batchGrid, bestServeConfig, type ServeSpace } from './tune.js';

export interface ServeScenario {
  readonly name: string;
  readonly workload: string;
  readonly space: ServeSpace;
}

const PREFILL_COMM_SMS = [8, 12, 16, 20, 24, 32];

/** The default scenarios: DeepSeek-V3 (MLA, MoE) and Llama-3-70B (GQA, dense), decode under a TPOT limit, decode at batch 1, prefill under a TTFT limit. */
export function defaultServeScenarios(contextLength = 4096, maxTpotS = 0.05, maxTtftS = 2): ServeScenario[] {
  const decode = (batches: readonly number[]): Omit<ServeSpace, 'tp' | 'ep'> => ({
    phase: 'decode',
    batchPerGpu: batches,
    contextLength,
    microBatches: [1, 2],
    maxLatencyS: maxTpotS,
  });
  const prefill: Omit<ServeSpace, 'tp' | 'ep'> = {
    phase: 'prefill',
    batchPerGpu: [512, 1024, 2048, 4096, 8192, 16384, 32768],
    contextLength,
    microBatches: [1, 2],
    commSMs: PREFILL_COMM_SMS,
    maxLatencyS: maxTtftS,
  };
  return [
    {
      name: `DeepSeek-V3 decode, TPOT <= ${maxTpotS * 1e3} ms`,
      workload: 'deepseek-v3',
      space: { ...decode(batchGrid(256)), tp: [1], ep: [32, 64, 128, 256] },
    },
    {
      name: 'DeepSeek-V3 decode, batch 1 (latency-bound)',
      workload: 'deepseek-v3',
      space: { ...decode([1]), microBatches: [1], tp: [1], ep: [64, 128, 256], maxLatencyS: Infinity },
    },
    {
      name: `DeepSeek-V3 prefill, TTFT <= ${maxTtftS} s`,
      workload: 'deepseek-v3',
      space: { ...prefill, tp: [1], ep: [16, 32, 64] },
    },
    {
      name: `Llama-3-70B decode, TPOT <= ${maxTpotS * 1e3} ms`,
      workload: 'llama3-70b',
      space: { ...decode(batchGrid(256)), tp: [1, 2, 4, 8], ep: [1] },
    },
    {
      name: 'Llama-3-70B decode, batch 1 (latency-bound)',
      workload: 'llama3-70b',
      space: { ...decode([1]), microBatches: [1], tp: [8], ep: [1], maxLatencyS: Infinity },
    },
    {
      name: `Llama-3-70B prefill, TTFT <= ${maxTtftS} s`,
      workload: 'llama3-70b',
      space: { ...prefill, tp: [1, 2, 4, 8], ep: [1] },
    },
  ];
}

export interface ServeCompareCell {
  readonly chip: string;
  readonly tdpW: number;
  /** null when no config meets the limit and fits. */
  readonly config: ServeConfig | null;
  readonly tokensPerSecPerGpu: number;
  readonly tokensPerSecPerKw: number;
  readonly latencyS: number;
  readonly bottleneck: ServeBottleneck | null;
  /** tokens/s per GPU over the reference chip's (the first). */
  readonly vsReference: number;
  readonly vsReferencePerWatt: number;
}

export interface ServeCompareRow {
  readonly scenario: string;
  readonly workload: string;
  readonly phase: ServePhase;
  readonly cells: readonly ServeCompareCell[];
}

export interface ServeCompareResult {
  readonly chips: readonly string[];
  readonly rows: readonly ServeCompareRow[];
}

export function runServeCompare(
  chips: readonly string[],
  scenarios: readonly ServeScenario[] = defaultServeScenarios(),
  catalog = new Catalog(),
): ServeCompareResult {
  const rows = scenarios.map((s): ServeCompareRow => {
    const raw = chips.map((chip) => {
      const evaluator = createServeEvaluator({ workload: s.workload, chip }, catalog);
      const best = bestServeConfig(evaluator, s.space);
      const tdpW = evaluator.input.chip.tdpW;
      const tps = best?.metrics.tokensPerSecPerGpu ?? 0;
      return {
        chip: evaluator.input.chip.id,
        tdpW,
        config: best?.config ?? null,
        tokensPerSecPerGpu: tps,
        tokensPerSecPerKw: (tps / tdpW) * 1e3,
        latencyS: best?.metrics.latencyS ?? 0,
        bottleneck: best?.metrics.bottleneck ?? null,
      };
    });
    const ref = raw[0]!;
    const cells = raw.map((c) => ({
      ...c,
      vsReference: ref.tokensPerSecPerGpu > 0 ? c.tokensPerSecPerGpu / ref.tokensPerSecPerGpu : 0,
      vsReferencePerWatt: ref.tokensPerSecPerKw > 0 ? c.tokensPerSecPerKw / ref.tokensPerSecPerKw : 0,
    }));
    return { scenario: s.name, workload: s.workload, phase: s.space.phase, cells };
  });
  return { chips, rows };
}
