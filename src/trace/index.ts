/**
 * Profiler traces (PyTorch / Kineto Chrome trace-event JSON): read streaming, classify kernels, attribute them to
 * annotations, and summarise; the CLI's `trace` and `calibrate --trace` both start here.
 */
import type { Config } from '../contract/config.js';
import type { Catalog } from '../profiles/catalog.js';
import { layerBreakdown } from './layers.js';
import { allToAllRates, type RunShape } from './measurements.js';
import { readTrace } from './read.js';
import type { TraceReport } from './report.js';
import { summarizeTrace } from './summary.js';

export interface RunShapeInput {
  catalog: Catalog;
  workload: string;
  cluster: string;
  config: Config | undefined;
}

/** The run's shape for the all-to-all bytes, from the config (EP, node limit, micro-batch); none without one. */
export function runShape(input: RunShapeInput): RunShape | undefined {
  if (input.config === undefined) return undefined;
  const workload = input.catalog.get('workload', input.workload);
  return {
    workload,
    cluster: input.catalog.get('cluster', input.cluster),
    ep: input.config.ep,
    nodeLimit: input.config.nodeLimit ?? workload.moe?.defaultNodeLimit,
    tokensPerGpu: input.config.microBatchSize * workload.seqLength,
  };
}

export async function analyzeTrace(
  path: string,
  shape?: RunShapeInput,
): Promise<TraceReport & { run: RunShape | undefined }> {
  const summary = summarizeTrace(await readTrace(path));
  const run = shape ? runShape(shape) : undefined;
  return { summary, layers: layerBreakdown(summary), rates: run ? allToAllRates(summary, run) : undefined, run };
}
