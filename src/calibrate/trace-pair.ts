/**
 * The model's overlapped chunk pair against a profiler trace of one: total time and each category (GEMM forward /
 * input backward / weight backward, attention, non-GEMM and its families, gaps, all-to-all kernels, peer waits) per
 * layer. The figures are the `trace` section of a measurement file (src/trace/figures.ts), written by the trace reader
 * (scripts/deepseek-trace-figures.mjs for DeepSeek's). Kernel-level figures of the same trace calibrated some profile
 * terms (docs/cost-model.md says which), so this checks how the terms compose: overlap, dependencies, waits.
 */
import { basename } from 'node:path';
import { parseConfig } from '../contract/config.js';
import type { TraceFigures } from '../contract/trace-figures.js';
import type { ModelInput } from '../model/evaluate.js';
import { moeChunkPair } from '../model/index.js';
import type { Catalog } from '../profiles/catalog.js';
import type { MEMORY_KERNEL_FAMILIES } from '../profiles/schemas.js';
import { loadMeasurementFile, shippedMeasurementFiles } from './measurements.js';

type Family = (typeof MEMORY_KERNEL_FAMILIES)[number];

/** The trace reader's non-GEMM kinds, named as the model's kernel families. */
export const TRACE_FAMILY: Readonly<Record<keyof Omit<TraceFigures['perLayer']['nonGemm'], 'totalMs'>, Family>> = {
  'fp8-cast-transpose': 'fp8-cast',
  permute: 'permute',
  norm: 'norm',
  swiglu: 'activation',
  rope: 'rope',
  router: 'router',
  'copy-add-other': 'copy-add',
};

export interface TraceRow {
  readonly what: string;
  readonly traceMs: number;
  readonly modelMs: number;
  /** model / trace - 1 */
  readonly error: number;
}

export interface TraceComparison {
  readonly file: string;
  readonly trace: TraceFigures;
  readonly config: ReturnType<typeof parseConfig>;
  /** The pair as a whole, then per layer by category, then the non-GEMM families per layer. */
  readonly total: TraceRow;
  readonly categories: readonly TraceRow[];
  readonly nonGemm: readonly TraceRow[];
}

/** Shipped measurement files whose `trace` section says how to run the traced setup through the model. */
export function shippedTraceFiles(root?: string): string[] {
  return shippedMeasurementFiles(root).filter((path) => loadMeasurementFile(path).data.trace?.run !== undefined);
}

/** The traced run as model input, and the trace's figures. */
export function tracedRun(
  catalog: Catalog,
  path: string,
): { input: ModelInput; trace: TraceFigures; config: ReturnType<typeof parseConfig> } {
  const { data, file } = loadMeasurementFile(path);
  const trace = data.trace;
  if (!trace?.run) throw new Error(`${file}: no trace.run section`);
  const run = trace.run;
  const input = {
    workload: catalog.get('workload', run.workload),
    chip: catalog.get('chip', data.chip),
    cluster: catalog.get('cluster', run.cluster),
    kernel: catalog.get('kernel', run.kernel),
    gpus: run.gpus,
  };
  return { input, trace, config: parseConfig(run.config) };
}

const row = (what: string, traceMs: number, modelMs: number): TraceRow => ({
  what,
  traceMs,
  modelMs,
  error: modelMs / traceMs - 1,
});

/** The model's pair for the traced run against the trace, per layer in ms by category. */
export function compareChunkPair(catalog: Catalog, path: string): TraceComparison {
  const { input, trace, config } = tracedRun(catalog, path);
  const layers = trace.perLayer.layers;
  const pair = moeChunkPair(input, config, layers);
  const perLayer = (seconds: number) => (seconds * 1e3) / layers;
  const l = trace.perLayer;
  const a2a = Object.values(l.allToAll);
  const categories = [
    row('gemmF', l.gemmForwardMs, perLayer(pair.categories.gemmF)),
    row('gemmB', l.gemmInputBackwardMs, perLayer(pair.categories.gemmB)),
    row('gemmW', l.gemmWeightBackwardMs, perLayer(pair.categories.gemmW)),
    row('attention', l.attention.totalMs, perLayer(pair.categories.attention)),
    row('nonGemm', l.nonGemm.totalMs, perLayer(pair.categories.nonGemm)),
    row('gaps', l.gapsMs, perLayer(pair.categories.gaps)),
    row(
      'allToAll',
      a2a.reduce((s, x) => s + x.kernelMs, 0),
      perLayer(pair.categories.allToAll),
    ),
    row(
      'peerWait',
      a2a.reduce((s, x) => s + x.notifyMs, 0),
      perLayer(pair.categories.peerWait),
    ),
  ];
  const nonGemm = (Object.entries(TRACE_FAMILY) as [keyof typeof TRACE_FAMILY, Family][]).map(([kind, family]) =>
    row(family, l.nonGemm[kind], perLayer(pair.nonGemm[family] ?? 0)),
  );
  return {
    file: `measurements/${basename(path)}`,
    trace,
    config,
    total: row('chunk pair', trace.pair.spanMs, pair.pairS * 1e3),
    categories,
    nonGemm,
  };
}
