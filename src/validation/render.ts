/** `autotune validate` output: plain text, Markdown (a section of docs/fidelity.md) and JSON. */
import { markdownTable, type TableFormat } from '../calibrate/report.js';
import { formatTable } from '../format/table.js';
import { type ErrorStats, errorStats, type ValidationReport } from './validate.js';

export const VALIDATE_COMMAND = 'autotune validate';

const signed = (e: number) => `${e >= 0 ? '+' : ''}${(100 * e).toFixed(2)}%`;
const abs = (e: number) => `${(100 * e).toFixed(2)}%`;
const value = (x: number) => Number(x >= 100 ? x.toFixed(1) : x.toFixed(2));

/** Peer models named in any case, in first-seen order. */
function peerNames(report: ValidationReport): string[] {
  return [...new Set(report.cases.flatMap((c) => Object.keys(c.peers)))];
}

function caseTable(report: ValidationReport, table: TableFormat): string {
  const peers = peerNames(report);
  const header = ['run', 'workload', 'GPUs', 'metric', 'published', 'model', 'error', 'fits'];
  for (const p of peers) header.push(p, `${p} error`);
  const rows = report.cases.map((c) => {
    const row: (string | number)[] = [
      c.id,
      c.workload,
      c.gpus,
      `${c.metric} (${c.unit})`,
      value(c.published),
      value(c.model),
      signed(c.error),
      c.feasible ? 'yes' : 'no',
    ];
    for (const p of peers) {
      const peer = c.peers[p];
      row.push(peer ? value(peer.value) : '-', peer ? signed(peer.error) : '-');
    }
    return row;
  });
  return table(header, rows);
}

function summaryTable(report: ValidationReport, table: TableFormat): string {
  const peers = peerNames(report);
  const header = ['source', 'runs', 'mean abs error', 'max abs error'];
  for (const p of peers) header.push(`${p} mean abs error`, `${p} max abs error`);
  const peerStats = (source: string | undefined, p: string): ErrorStats | undefined => {
    const errors = report.cases
      .filter((c) => source === undefined || c.source === source)
      .flatMap((c) => (c.peers[p] ? [c.peers[p].error] : []));
    return errors.length === 0 ? undefined : errorStats(errors);
  };
  const row = (name: string, runs: number, s: ErrorStats, source: string | undefined) => {
    const out: (string | number)[] = [name, runs, abs(s.meanAbsError), abs(s.maxAbsError)];
    for (const p of peers) {
      const ps = peerStats(source, p);
      out.push(ps ? abs(ps.meanAbsError) : '-', ps ? abs(ps.maxAbsError) : '-');
    }
    return out;
  };
  const rows = report.summary.bySource.map((s) => row(s.source, s.cases, s, s.source));
  if (report.summary.bySource.length > 1) rows.push(row('all', report.cases.length, report.summary, undefined));
  return table(header, rows);
}

export function validationText(report: ValidationReport): string {
  return [
    'Model against published runs (error = model / published - 1)',
    '',
    caseTable(report, formatTable),
    '',
    summaryTable(report, formatTable),
    '',
  ].join('\n');
}

/** The section docs/fidelity.md carries (written by `autotune fidelity --markdown`). */
export function validationMarkdown(report: ValidationReport): string {
  return [
    '## Published training runs',
    '',
    `\`${VALIDATE_COMMAND}\`: every run under \`models/validation/\` evaluated with the shipped profiles (no per-run`,
    "factor), error = model / published - 1. Peer models' figures for the same runs are shown beside, in the same",
    'convention. A run the model says does not fit in memory is still timed ("fits" = no). What the dense GPT runs',
    "need and how the A100 profile's figures were chosen: docs/cost-model.md section 14.",
    '',
    caseTable(report, markdownTable),
    '',
    summaryTable(report, markdownTable),
    '',
  ].join('\n');
}

/** `--json`: the contract's cases and summary (errors as fractions), with each case's extra fields. */
export function validationJson(report: ValidationReport): unknown {
  return report;
}
