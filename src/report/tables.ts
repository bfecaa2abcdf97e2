/**
 * Report tables as data (title, columns, rows of strings): built once per report and drawn either as plain text
 * here or by the Ink Table component (src/ui/compare), so both outputs show the same figures.
 */
import type { Config } from '../contract/config.js';
import { formatConfig } from '../format/config.js';
import { formatFigure, formatPercent } from '../format/numbers.js';

export interface ReportColumn {
  readonly key: string;
  readonly header: string;
  readonly align: 'left' | 'right';
}

export interface ReportTable {
  readonly title: string;
  readonly columns: readonly ReportColumn[];
  readonly rows: readonly Readonly<Record<string, string>>[];
  /** A row to emphasise (the reference chip, the profile's own value). */
  readonly highlight?: number;
  /** Lines under the table (what a column means). */
  readonly notes?: readonly string[];
}

export const left = (key: string, header: string): ReportColumn => ({ key, header, align: 'left' });
export const right = (key: string, header: string): ReportColumn => ({ key, header, align: 'right' });

/** The table as plain text: a title, columns padded to their widest cell, a rule under the header. */
export function textTable(table: ReportTable): string {
  const { columns, rows } = table;
  const widths = columns.map((c) => Math.max(c.header.length, ...rows.map((r) => (r[c.key] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => (columns[i]!.align === 'right' ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [
    table.title,
    line(columns.map((c) => c.header)),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map((row) => line(columns.map((c) => row[c.key] ?? ''))),
    ...(table.notes ?? []),
  ].join('\n');
}

/** "1.67x"; "-" when missing. */
export function times(x: number | null): string {
  return x === null ? '-' : `${x.toFixed(2)}x`;
}

/** "41.2%"; "-" when missing. */
export function percent(x: number | null): string {
  return x === null ? '-' : formatPercent(x);
}

/** A figure, or "-" when missing. */
export function figure(x: number | null | undefined): string {
  return x == null ? '-' : formatFigure(x);
}

/** Throughput rounded to whole tokens. */
export function tokens(x: number | null | undefined): string {
  return x == null ? '-' : x.toFixed(0);
}

/**
 * Configs, one line each, without commSMs (a column of its own) and without the fields every config shares, which
 * come back once as `shared` ("tp1 nodeLimit=4 recompute=selective") for a note under the table.
 */
export function configCells(configs: readonly (Config | null)[]): { cells: string[]; shared: string | null } {
  const present = configs.filter((c): c is Config => c !== null);
  const keys = [...new Set(present.flatMap((c) => Object.keys(c)))] as (keyof Config)[];
  const same = keys.filter(
    (k) => k !== 'commSMs' && present.length > 1 && present.every((c) => c[k] === present[0]![k]),
  );
  const without = (c: Config, drop: readonly (keyof Config)[]): Partial<Config> =>
    Object.fromEntries(Object.entries(c).filter(([k]) => !drop.includes(k as keyof Config)));
  return {
    cells: configs.map((c) => (c === null ? '-' : formatConfig(without(c, ['commSMs', ...same])))),
    shared:
      same.length > 0
        ? formatConfig(Object.fromEntries(same.map((k) => [k, present[0]![k]])) as Partial<Config>)
        : null,
  };
}
