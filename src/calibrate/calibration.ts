import type { Measurement } from '../contract/measurements.js';
import { numberArith } from '../model/arith.js';
import type { Chip, Kernel } from '../profiles/schemas.js';
import { boundPosition } from './bounds.js';
import { diagnose, type Finding } from './diagnose.js';
import { DEFAULT_FIT_OPTIONS, type FitOptions, fit } from './fit.js';
import { measuredValue } from './measurements.js';
import { ownedParams, type ParamOwner, type ProfileParam } from './parameters.js';
import type { MeasurementPredictor } from './predict.js';
import { holdoutSplit } from './split.js';
import { type ErrorSummary, summarize } from './stats.js';
import type { LoadedTf } from './tensor-backend.js';

/**
 * One calibration: which parameters are free, which measurements inform them, a seeded holdout, the fit, and the
 * before/after errors and findings. The CLI's `calibrate` and `fidelity` both run this; neither knows a formula.
 */

export type RowRole = 'fitted' | 'held-out' | 'not-fitted';

export interface CalibratedRow {
  measurement: Measurement;
  role: RowRole;
  /** Why a row is not fitted: the model cannot predict it, or no free parameter moves its prediction. */
  reason?: string;
  measured: number;
  /** Predictions with the starting profiles and with the fitted parameters; undefined when unsupported. */
  before: number | undefined;
  after: number | undefined;
  /** What bounds the fitted model's figure for this row (compute, HBM, scale-up, scale-out, comm-sms, ...). */
  limit: string | undefined;
}

export interface CalibratedParam {
  param: ProfileParam;
  before: number;
  after: number;
  /** Where the fitted value sits between its bounds, 0 to 1. */
  position: number;
  /** Whether any fitted measurement depends on it; if none does, it keeps its starting value. */
  informed: boolean;
}

export interface CalibrationResult {
  params: CalibratedParam[];
  rows: CalibratedRow[];
  findings: Finding<Measurement>[];
  fitted: { before: ErrorSummary; after: ErrorSummary };
  heldOut: { before: ErrorSummary; after: ErrorSummary };
  backend: LoadedTf['backend'];
}

export interface CalibrationInput {
  predictor: MeasurementPredictor;
  chip: Chip;
  kernel: (id: string) => Kernel;
  measurements: Measurement[];
  owners: ParamOwner[];
  holdout?: { fraction: number; seed: number };
  fit?: FitOptions;
}

export function calibrate(loaded: LoadedTf, input: CalibrationInput): CalibrationResult {
  const { predictor } = input;
  const params = input.owners.flatMap((owner) => ownedParams(owner, input.chip, input.kernel));
  const initial = Object.fromEntries(params.map((p) => [p.key, p.initial]));
  const predictNumber = (values: Record<string, number>, m: Measurement) => predictor.predict(numberArith, values, m);

  // A row informs a parameter when sweeping the parameter across its bounds moves the row's prediction.
  const moves = (p: ProfileParam, m: Measurement) =>
    predictor.unsupported(m) === undefined &&
    Math.abs(predictNumber({ ...initial, [p.key]: p.lower }, m) - predictNumber({ ...initial, [p.key]: p.upper }, m)) >
      1e-9 * measuredValue(m);
  const reasons = input.measurements.map(
    (m) =>
      predictor.unsupported(m) ??
      (params.some((p) => moves(p, m)) ? undefined : 'no fitted parameter moves its prediction'),
  );
  const candidates = input.measurements.flatMap((_, i) => (reasons[i] === undefined ? [i] : []));
  const split = input.holdout
    ? holdoutSplit(candidates.length, input.holdout.fraction, input.holdout.seed)
    : { train: candidates.map((_, i) => i), test: [] };
  const roles = new Map<number, RowRole>([
    ...split.train.map((i) => [candidates[i]!, 'fitted'] as const),
    ...split.test.map((i) => [candidates[i]!, 'held-out'] as const),
  ]);
  const fitRows = input.measurements.filter((_, i) => roles.get(i) === 'fitted');

  // Only parameters some fitted row depends on are free; the others keep their value exactly.
  const free = params.filter((p) => fitRows.some((m) => moves(p, m)));
  const result = fit(
    loaded.tf,
    {
      params: free,
      measurements: fitRows,
      measured: measuredValue,
      predict: (ar, values, m) => predictor.predict(ar, values, m),
    },
    input.fit ?? DEFAULT_FIT_OPTIONS,
  );
  const after = { ...initial, ...Object.fromEntries(result.params.map((p) => [p.spec.key, p.value])) };

  const rows: CalibratedRow[] = input.measurements.map((m, i) => {
    const supported = predictor.unsupported(m) === undefined;
    const row: CalibratedRow = {
      measurement: m,
      role: roles.get(i) ?? 'not-fitted',
      measured: measuredValue(m),
      before: supported ? predictNumber(initial, m) : undefined,
      after: supported ? predictNumber(after, m) : undefined,
      limit: supported ? predictor.limit(after, m) : undefined,
    };
    if (reasons[i] !== undefined) row.reason = reasons[i];
    return row;
  });
  const summaryOf = (role: RowRole) => {
    const chosen = rows.filter((r) => r.role === role);
    return {
      before: summarize(chosen.map((r) => ({ measured: r.measured, predicted: r.before! }))),
      after: summarize(chosen.map((r) => ({ measured: r.measured, predicted: r.after! }))),
    };
  };
  return {
    params: params.map((param) => ({
      param,
      before: param.initial,
      after: after[param.key]!,
      position: boundPosition(param, after[param.key]!),
      informed: free.includes(param),
    })),
    rows,
    findings: diagnose({
      params: result.params.map((p) => ({ spec: p.spec, value: p.value })),
      measurements: fitRows,
      measured: measuredValue,
      predict: predictNumber,
    }),
    fitted: summaryOf('fitted'),
    heldOut: summaryOf('held-out'),
    backend: loaded.backend,
  };
}
