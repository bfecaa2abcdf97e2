/**
 * How `compare` and `sweep` hand their result over: JSON in results/ always; on stdout JSON (--json), an Ink
 * rendering (a terminal), or plain text (a pipe, or CI set).
 */
import { join } from 'node:path';
import { writeJsonAtomically } from '../files.js';
import { type ReportTable, textTable } from './tables.js';

export type OutputMode = 'json' | 'ink' | 'text';

export function outputMode(
  json: boolean | undefined,
  stdout: { isTTY?: boolean } = process.stdout,
  env = process.env,
): OutputMode {
  if (json) return 'json';
  return stdout.isTTY && !env.CI ? 'ink' : 'text';
}

/** The terminal's width; 100 when it does not say (a pseudo-terminal may report 0). */
export function terminalColumns(stdout: { columns?: number } = process.stdout): number {
  return stdout.columns && stdout.columns >= 40 ? stdout.columns : 100;
}

/** Writes <dir>/<name> atomically (a reader never sees half a file) and returns its path. */
export function writeReport(dir: string, name: string, data: unknown): string {
  const path = join(dir, name);
  writeJsonAtomically(path, data);
  return path;
}

/** Headline lines, then each table, then trailing lines, as plain text. */
export function textReport(
  headline: readonly string[],
  tables: readonly ReportTable[],
  trailer: readonly string[] = [],
): string {
  return [headline.join('\n'), ...tables.map(textTable), ...(trailer.length > 0 ? [trailer.join('\n')] : [])].join(
    '\n\n',
  );
}
