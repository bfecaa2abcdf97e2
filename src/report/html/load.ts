/**
 * Reading the result files a report is made from: a study (`autotune search`), a comparison (`compare`) or a
 * sweep (`sweep`). Each is checked for the fields the report reads, so a wrong or truncated file is a UserError
 * naming the file, the field and what was expected, not a crash halfway through a chart.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { memoryBreakdownSchema, modelDetailsSchema } from '../../contract/metrics.js';
import { describeIssues } from '../../contract/spec.js';
import { UserError } from '../../errors.js';
import type { StudyResult } from '../../search/index.js';
import type { CompareResult } from '../compare.js';
import { parseResultFile } from '../result-file.js';
import type { SweepResult } from '../sweep.js';

export type LoadedResult =
  | { kind: 'study'; file: string; result: StudyResult }
  | { kind: 'compare'; file: string; result: CompareResult }
  | { kind: 'sweep'; file: string; result: SweepResult };

/**
 * What the report reads beyond what every reader of result files relies on (contract/results.ts, checked first by
 * parseResultFile): the best trial's full metrics (memory terms, chunk timing for its Gantt chart) and a sweep's axis.
 */
const num = z.number();
const studySchema = z.looseObject({
  best: z
    .looseObject({
      metrics: z.looseObject({
        memory: memoryBreakdownSchema,
        details: modelDetailsSchema.pick({ microBatches: true, chunkS: true }).loose(),
      }),
    })
    .nullable(),
});
const sweepSchema = z.looseObject({
  axis: z.looseObject({ from: num, to: num, steps: num, description: z.string() }),
  points: z.array(z.looseObject({})).min(2),
  changes: z.array(z.looseObject({ changes: z.array(z.looseObject({ what: z.string() })) })),
});

function check(schema: z.ZodType, raw: unknown, file: string): void {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new UserError(describeIssues(file, raw, parsed.error.issues).slice(0, 5).join('\n'));
}

/** Parses one result file's text; `file` names it in errors. */
export function parseResult(text: string, file: string): LoadedResult {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new UserError(`${file}: not valid JSON: ${(err as Error).message}`);
  }
  // The kind, the schema version and the fields every reader relies on: one reader for every result file.
  const base = parseResultFile(raw, file);
  switch (base.kind) {
    case 'compare':
      return { kind: 'compare', file, result: base.data };
    case 'sweep':
      check(sweepSchema, raw, file);
      return { kind: 'sweep', file, result: base.data };
    case 'study':
      check(studySchema, raw, file);
      return { kind: 'study', file, result: base.data };
  }
}

export function loadResult(file: string): LoadedResult {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new UserError(`${file}: cannot read the result file: ${(err as Error).message}`);
  }
  return parseResult(text, file);
}
