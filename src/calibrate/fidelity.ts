import { basename } from 'node:path';
import { MEASUREMENT_KINDS, type MeasurementKind } from '../contract/measurements.js';
import type { Catalog } from '../profiles/catalog.js';
import { type CalibratedRow, type CalibrationResult, calibrate } from './calibration.js';
import { loadContext } from './context.js';
import type { FitOptions } from './fit.js';
import { loadMeasurementFile, shippedMeasurementFiles } from './measurements.js';
import type { ParamOwner } from './parameters.js';
import { type ErrorSummary, summarize } from './stats.js';
import type { LoadedTf } from './tensor-backend.js';
import { compareChunkPair, type TraceComparison } from './trace-pair.js';

/**
 * How far to trust the model: every shipped measurement against the shipped profiles, then, per file, the chip's and
 * its kernels' parameters fitted on part of the file and tested on the held-out rest.
 */

export interface FidelityOptions {
  holdoutFraction: number;
  seed: number;
  fit: FitOptions;
  cluster: string;
  workload: string;
}

export type FileFidelity =
  | { file: string; chip: string; status: 'skipped'; reason: string }
  | { file: string; chip: string; status: 'checked'; result: CalibrationResult };

export interface KindSummary {
  kind: MeasurementKind;
  /** Every predicted row, shipped profiles. */
  shipped: ErrorSummary;
  /** Held-out rows: shipped profiles, then parameters fitted on the rest of their file. */
  heldOut: { before: ErrorSummary; after: ErrorSummary };
}

export interface FidelityReport {
  options: FidelityOptions;
  backend: LoadedTf['backend'];
  files: FileFidelity[];
  summaries: KindSummary[];
  /** The model's overlapped chunk pair against every shipped profiler trace of one. */
  traces: TraceComparison[];
}

export function fidelityReport(
  loaded: LoadedTf,
  catalog: Catalog,
  options: FidelityOptions,
  paths = shippedMeasurementFiles(catalog.root),
): FidelityReport {
  const files = paths.map((path): FileFidelity => {
    const chip = loadMeasurementFile(path).data.chip;
    const file = `measurements/${basename(path)}`;
    if (!catalog.ids('chip').includes(chip))
      return { file, chip, status: 'skipped', reason: `no chip profile ${JSON.stringify(chip)} (models/chips/)` };
    const ctx = loadContext({ catalog, files: [path], cluster: options.cluster, workload: options.workload });
    const kernels = [...new Set(ctx.measurements.flatMap((m) => (m.kind === 'alltoall' ? [m.kernel] : [])))];
    const owners: ParamOwner[] = [{ kind: 'chip' }, ...kernels.map((id) => ({ kind: 'kernel', id }) as const)];
    const result = calibrate(loaded, {
      predictor: ctx.predictor,
      chip: ctx.chip.data,
      kernel: ctx.kernel,
      measurements: ctx.measurements,
      owners,
      holdout: { fraction: options.holdoutFraction, seed: options.seed },
      fit: options.fit,
    });
    return { file, chip, status: 'checked', result };
  });
  const rows = files.flatMap((f) => (f.status === 'checked' ? f.result.rows : []));
  const summaries = MEASUREMENT_KINDS.map((kind) => kindSummary(kind, rows)).filter((s) => s.shipped.count > 0);
  const traces = paths
    .filter((path) => loadMeasurementFile(path).data.trace?.run !== undefined)
    .map((path) => compareChunkPair(catalog, path));
  return { options, backend: loaded.backend, files, summaries, traces };
}

function kindSummary(kind: MeasurementKind, rows: CalibratedRow[]): KindSummary {
  const ofKind = rows.filter((r) => r.measurement.kind === kind && r.before !== undefined);
  const test = ofKind.filter((r) => r.role === 'held-out');
  return {
    kind,
    shipped: summarize(ofKind.map((r) => ({ measured: r.measured, predicted: r.before! }))),
    heldOut: {
      before: summarize(test.map((r) => ({ measured: r.measured, predicted: r.before! }))),
      after: summarize(test.map((r) => ({ measured: r.measured, predicted: r.after! }))),
    },
  };
}
