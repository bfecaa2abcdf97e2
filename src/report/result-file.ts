/**
 * Reading any result file autotune writes (a study, a compare or a sweep), by path: the one place that knows how to
 * tell them apart, so commands that read results do not depend on how the files are named.
 */
import { readFileSync } from 'node:fs';
import type { z } from 'zod';
import { compareResultSchema, studyResultSchema, sweepResultSchema } from '../contract/results.js';
import { jsonPath } from '../contract/spec.js';
import { checkSchemaVersion } from '../contract/versions.js';
import { UserError, valueAt } from '../errors.js';
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
  return parseResultFile(json, path);
}

/** Tells the kind of parsed JSON, checks its schema version and validates it; `path` names it in errors. */
export function parseResultFile(json: unknown, path: string): ResultFile {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    throw new UserError(
      `${path}: not a result file: expected a JSON object with kind one of ${RESULT_KINDS.join(', ')}`,
    );
  }
  const record = json as Record<string, unknown>;
  // Study results written before files carried a kind are known by their trials (the schema then checks the rest).
  const kind = record.kind ?? (Array.isArray(record.trials) ? 'study' : undefined);
  const known = RESULT_KINDS.find((k) => k === kind);
  if (known === undefined) {
    throw new UserError(
      `${path}: kind = ${JSON.stringify(kind) ?? 'missing'}: a result file has kind one of ${RESULT_KINDS.join(', ')}`,
    );
  }
  checkSchemaVersion(path, known, record.schemaVersion);
  const stamped = { ...record, kind: known, schemaVersion: record.schemaVersion ?? '1.0' };
  switch (known) {
    case 'study':
      if ((record.provenance as { spec?: { mode?: unknown } } | undefined)?.spec?.mode === 'serve') {
        throw new UserError(
          `${path}: a serving study's result (spec mode "serve"): show, report and export read training results only; its best config and metrics are the JSON's best.config and best.metrics`,
        );
      }
      return { kind: known, path, data: parse(path, studyResultSchema, stamped) as unknown as StudyResult };
    case 'compare':
      return { kind: known, path, data: parse(path, compareResultSchema, stamped) as unknown as CompareResult };
    case 'sweep':
      return { kind: known, path, data: parse(path, sweepResultSchema, stamped) as unknown as SweepResult };
  }
}

/** Validates against the file's schema; each issue names the file, the JSON path and the value found. */
function parse(path: string, schema: z.ZodType, value: Record<string, unknown>): unknown {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const lines = result.error.issues.slice(0, 5).map((issue) => {
    return `${path}: ${jsonPath(issue.path)} = ${JSON.stringify(valueAt(value, issue.path)) ?? 'missing'}: ${issue.message}`;
  });
  throw new UserError(
    `not a valid ${String(value.kind)} result (the file is damaged or was not written by autotune)\n  ${lines.join('\n  ')}`,
  );
}
