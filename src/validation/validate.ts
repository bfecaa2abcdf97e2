/**
 * The model against published runs: each run evaluated with the shipped profiles and its own global batch,
 * error = model / published - 1 (a fraction; negative = the model is faster, for a time), summarised by mean and
 * max absolute error over all runs and per source.
 */

import type { Metrics } from '../contract/metrics.js';
import { UserError } from '../errors.js';
import { createEvaluator } from '../model/index.js';
import { Catalog } from '../profiles/catalog.js';
import type { Metric, PeerFigure, ValidationFile, ValidationRun } from './runs.js';

export interface ValidationCase {
  readonly id: string;
  readonly source: string;
  readonly metric: Metric;
  readonly unit: string;
  readonly published: number;
  readonly model: number;
  readonly error: number;
  /** Whether the model says the run fits in memory (the time is reported either way). */
  readonly feasible: boolean;
  readonly workload: string;
  readonly gpus: number;
  readonly peers: Readonly<Record<string, PeerFigure>>;
}

export interface ErrorStats {
  readonly meanAbsError: number;
  readonly maxAbsError: number;
}

export interface SourceSummary extends ErrorStats {
  readonly source: string;
  readonly cases: number;
}

export interface ValidationReport {
  readonly cases: readonly ValidationCase[];
  readonly summary: ErrorStats & { readonly bySource: readonly SourceSummary[] };
}

function metricOf(m: Metrics, metric: Metric): number {
  switch (metric) {
    case 'stepTimeS':
      return m.stepTimeS;
    case 'tokensPerSecPerGpu':
      return m.tokensPerSecPerGpu;
    case 'mfu':
      return m.mfu;
    case 'parametersOptimizerGiB':
      return m.memory.parametersGiB + m.memory.gradientsGiB + m.memory.optimizerGiB;
    case 'activationsGiB':
      return m.memory.activationsGiB;
  }
}

export function errorStats(errors: readonly number[]): ErrorStats {
  if (errors.length === 0) return { meanAbsError: 0, maxAbsError: 0 };
  const abs = errors.map(Math.abs);
  return { meanAbsError: abs.reduce((a, b) => a + b, 0) / abs.length, maxAbsError: Math.max(...abs) };
}

export function validateRun(run: ValidationRun, source: string, catalog: Catalog): ValidationCase {
  const evaluator = createEvaluator(
    {
      workload: run.workload,
      chip: run.chip,
      gpus: run.gpus,
      cluster: run.cluster,
      kernel: run.kernel,
      globalBatch: run.globalBatch,
    },
    {},
    catalog,
  );
  const metrics = evaluator.evaluate(run.config);
  const model = metricOf(metrics, run.measured.metric);
  return {
    id: run.id,
    source,
    metric: run.measured.metric,
    unit: run.measured.unit,
    published: run.measured.value,
    model,
    error: model / run.measured.value - 1,
    feasible: metrics.feasible,
    workload: run.workload,
    gpus: run.gpus,
    peers: run.peers ?? {},
  };
}

/** A run the model refuses (unknown profile, invalid config) is bad input in its file: the error names both. */
function validateInFile(run: ValidationRun, file: ValidationFile, catalog: Catalog): ValidationCase {
  try {
    return validateRun(run, file.source, catalog);
  } catch (err) {
    if (err instanceof UserError) throw new UserError(`${file.file}: run ${JSON.stringify(run.id)}: ${err.message}`);
    throw err;
  }
}

export function validate(files: readonly ValidationFile[], catalog: Catalog = new Catalog()): ValidationReport {
  const cases = files.flatMap((f) => f.runs.map((run) => validateInFile(run, f, catalog)));
  const bySource = files.map((f): SourceSummary => {
    const mine = cases.filter((c) => c.source === f.source);
    return { source: f.source, cases: mine.length, ...errorStats(mine.map((c) => c.error)) };
  });
  return { cases, summary: { ...errorStats(cases.map((c) => c.error)), bySource } };
}
