import type { Measurement } from '../contract/measurements.js';
import { formatNumber } from '../format/numbers.js';
import { formatTable } from '../format/table.js';
import type { CalibratedRow, CalibrationResult } from './calibration.js';
import { type ConflictFinding, type Finding, ON_BOUND, type OutOfBoundsFinding } from './diagnose.js';
import { describeMeasurement, measurementUnit } from './measurements.js';
import { type ErrorSummary, errorPercent } from './stats.js';

/** Text, Markdown and JSON renderings of a calibration, shared by `autotune calibrate` and `autotune fidelity`. */

export type TableFormat = (header: string[], rows: (string | number)[][]) => string;

/** A GitHub Markdown table; numbers formatted as in the text tables. */
export const markdownTable: TableFormat = (header, rows) => {
  const cell = (c: string | number) => (typeof c === 'number' ? formatNumber(c) : c.replace(/\|/g, '\\|'));
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  const align = header.map((_, i) => (rows.length > 0 && rows.every((r) => typeof r[i] === 'number') ? '---:' : '---'));
  return [line(header), line(align), ...rows.map((r) => line(r.map(cell)))].join('\n');
};

const signed = (percent: number) => `${percent >= 0 ? '+' : ''}${percent.toFixed(1)}%`;
const errorOf = (row: CalibratedRow, predicted: number | undefined) =>
  predicted === undefined ? '-' : signed(errorPercent({ measured: row.measured, predicted }));

/** The parameter table; `informedOnly` leaves out those no fitted row depends on (named in one line instead). */
export function formatParams(
  result: CalibrationResult,
  table: TableFormat = formatTable,
  informedOnly = false,
): string {
  const shown = informedOnly ? result.params.filter((p) => p.informed) : result.params;
  const hidden = result.params.filter((p) => !shown.includes(p)).map((p) => p.param.key);
  const rest = hidden.length === 0 ? '' : `\n\nNot informed by these rows, kept as shipped: ${hidden.join(', ')}.`;
  if (shown.length === 0) return `No parameter is informed by these rows.${rest}`;
  return (
    table(
      ['parameter', 'before', 'after', 'bounds', 'note'],
      shown.map((p) => {
        const note = !p.informed
          ? 'no fitted measurement depends on it'
          : p.position < ON_BOUND
            ? 'on its lower bound'
            : p.position > 1 - ON_BOUND
              ? 'on its upper bound'
              : '';
        return [p.param.key, p.before, p.after, `${formatNumber(p.param.lower)}..${formatNumber(p.param.upper)}`, note];
      }),
    ) + rest
  );
}

export function formatRows(rows: CalibratedRow[], table: TableFormat = formatTable): string {
  return table(
    ['measurement', 'unit', 'role', 'measured', 'before', 'error', 'after', 'error', 'model limit'],
    rows.map((r) => [
      describeMeasurement(r.measurement),
      measurementUnit(r.measurement),
      r.reason ? `${r.role}: ${r.reason}` : r.role,
      r.measured,
      r.before ?? '-',
      errorOf(r, r.before),
      r.after ?? '-',
      errorOf(r, r.after),
      r.limit ?? '-',
    ]),
  );
}

export function formatSummary(label: string, s: { before: ErrorSummary; after: ErrorSummary }): string {
  if (s.before.count === 0) return `${label}: no measurements`;
  const rho = (e: ErrorSummary) => (e.spearman === undefined ? 'n/a' : e.spearman.toFixed(3));
  return (
    `${label} (${s.before.count}): median APE ${s.before.medianApePercent.toFixed(1)}% -> ${s.after.medianApePercent.toFixed(1)}%, ` +
    `MAPE ${s.before.mapePercent.toFixed(1)}% -> ${s.after.mapePercent.toFixed(1)}%, Spearman ${rho(s.before)} -> ${rho(s.after)}`
  );
}

/** One sentence per finding, each ending in the verdict the user needs: the model is missing a term. */
export function formatFinding(f: Finding<Measurement>): string {
  const n = formatNumber;
  switch (f.kind) {
    case 'bound': {
      const rows = f.pulledBy.map(describeMeasurement).join('; ');
      return `${f.param.key} ended on its ${f.bound} bound (${n(f.value)}, bounds ${n(f.param.lower)}..${n(f.param.upper)}), pulled there by ${rows}: no value within bounds explains them, so the model is missing a term.`;
    }
    case 'conflict':
      return `${describeMeasurement(f.measurement)} is still ${signed(f.errorPercent)} off after the fit; alone it would need ${f.param.key} = ${n(f.neededValue)} where the other measurements need ${n(f.fittedValue)}: one constant cannot serve both, the model is missing a term.`;
    case 'out-of-bounds': {
      const c = f.closest;
      const tried = f.tried.map((p) => p.key).join(', ');
      return `${describeMeasurement(f.measurement)} is still ${signed(f.errorPercent)} off after the fit, and no value within bounds of any parameter it depends on (${tried}) explains it; the closest, ${c.param.key} at its ${c.bound} bound (${n(c.bound === 'lower' ? c.param.lower : c.param.upper)}), still leaves ${signed(c.errorPercent)}: the model is missing a term.`;
    }
  }
}

export function findingJson(f: Finding<Measurement>): object {
  switch (f.kind) {
    case 'bound':
      return {
        kind: f.kind,
        parameter: f.param.key,
        value: f.value,
        bound: f.bound,
        pulledBy: f.pulledBy.map(describeMeasurement),
        message: formatFinding(f),
      };
    case 'conflict':
      return { ...common(f), parameter: f.param.key, fittedValue: f.fittedValue, neededValue: f.neededValue };
    case 'out-of-bounds':
      return {
        ...common(f),
        parameters: f.tried.map((p) => p.key),
        closest: { parameter: f.closest.param.key, bound: f.closest.bound, errorPercent: f.closest.errorPercent },
      };
  }
}

function common(f: ConflictFinding<Measurement> | OutOfBoundsFinding<Measurement>) {
  return {
    kind: f.kind,
    measurement: describeMeasurement(f.measurement),
    errorPercent: f.errorPercent,
    message: formatFinding(f),
  };
}

export function calibrationJson(result: CalibrationResult): object {
  return {
    backend: result.backend,
    parameters: result.params.map((p) => ({
      key: p.param.key,
      profile: p.param.owner.kind === 'chip' ? 'chip' : `kernel:${p.param.owner.id}`,
      path: p.param.path,
      before: p.before,
      after: p.after,
      lower: p.param.lower,
      upper: p.param.upper,
      boundPosition: p.position,
      informed: p.informed,
    })),
    measurements: result.rows.map((r) => ({
      measurement: r.measurement,
      label: describeMeasurement(r.measurement),
      role: r.role,
      ...(r.reason ? { reason: r.reason } : {}),
      measured: r.measured,
      before: r.before ?? null,
      after: r.after ?? null,
      errorBeforePercent: r.before === undefined ? null : errorPercent({ measured: r.measured, predicted: r.before }),
      errorAfterPercent: r.after === undefined ? null : errorPercent({ measured: r.measured, predicted: r.after }),
      limit: r.limit ?? null,
    })),
    fitted: result.fitted,
    heldOut: result.heldOut,
    findings: result.findings.map(findingJson),
  };
}
