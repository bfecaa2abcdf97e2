/**
 * Reading any result file autotune writes (a study, a compare or a sweep), by path: the one place that knows how to
 * tell them apart, so commands that read results do not depend on how the files are named.
 */
import { readFileSync } from 'node:fs';
import { UserError } from '../errors.js';
import { checkSchemaVersion } from '../formats.js';
import type { StudyResult } from '../search/index.js';
import type { CompareResult } from './compare.js';
import type { SweepResult } from './sweep.js';

export type ResultFile =
  | { kind: 'study'; path: string; data: StudyResult }
  | { kind: 'compare'; path: string; data: CompareResult }
  | { kind: 'sweep'; path: string; data: SweepResult };

export const RESULT_KINDS = ['study', 'compare', 'sweep'] as const;

export function readResultFile(path: string): ResultFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new UserError(`${path}: cannot read the result file (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new UserError(`${path}: not valid JSON: ${(err as Error).message}`);
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    throw new UserError(`${path}: not a result file: expected a JSON object with kind one of ${RESULT_KINDS.join(', ')}`);
  }
  const record = json as Record<string, unknown>;
  // Study results written before files carried a kind are known by their trials and provenance.
  const kind = record.kind ?? (Array.isArray(record.trials) && typeof record.provenance === 'object' ? 'study' : undefined);
  checkSchemaVersionFor(path, kind, record.schemaVersion);
  switch (kind) {
    case 'study':
      requireFields(path, record, ['trials', 'provenance']);
      return { kind: 'study', path, data: record as unknown as StudyResult };
    case 'compare':
      requireFields(path, record, ['chips']);
      return { kind: 'compare', path, data: record as unknown as CompareResult };
    case 'sweep':
      requireFields(path, record, ['points', 'axis']);
      return { kind: 'sweep', path, data: record as unknown as SweepResult };
    default:
      throw new UserError(`${path}: kind = ${JSON.stringify(kind) ?? 'missing'}: a result file has kind one of ${RESULT_KINDS.join(', ')}`);
  }
}

function checkSchemaVersionFor(path: string, kind: unknown, schemaVersion: unknown): void {
  const known = RESULT_KINDS.find((k) => k === kind);
  if (known !== undefined) checkSchemaVersion(path, known, schemaVersion);
}

function requireFields(path: string, record: Record<string, unknown>, fields: readonly string[]): void {
  const missing = fields.find((f) => record[f] === undefined);
  if (missing !== undefined) throw new UserError(`${path}: ${missing} = missing: a ${String(record.kind ?? 'study')} result has it; the file is damaged or not an autotune result`);
}
