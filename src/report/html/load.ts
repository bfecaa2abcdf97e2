/**
 * Reading the result files a report is made from: a study (`autotune search`), a comparison (`compare`) or a
 * sweep (`sweep`). Each is checked for the fields the report reads, so a wrong or truncated file is a UserError
 * naming the file, the field and what was expected, not a crash halfway through a chart.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { SCHEDULES } from '../../contract/config.js';
import { UserError } from '../../errors.js';
import type { StudyResult } from '../../search/index.js';
import { describeIssues } from '../../contract/spec.js';
import type { CompareResult } from '../compare.js';
import { parseResultFile } from '../result-file.js';
import type { SweepResult } from '../sweep.js';

export type LoadedResult =
  | { kind: 'study'; file: string; result: StudyResult }
  | { kind: 'compare'; file: string; result: CompareResult }
  | { kind: 'sweep'; file: string; result: SweepResult };

const num = z.number();
const config = z.looseObject({ schedule: z.enum(SCHEDULES), pp: num, ep: num, tp: num, microBatchSize: num, commSMs: num });
const metrics = z.looseObject({
  feasible: z.boolean(), stepTimeS: num, tokensPerSecPerGpu: num,
  breakdown: z.looseObject({ forwardS: num, backwardInputS: num, backwardWeightS: num, overlappedS: num, bubbleS: num, optimizerS: num, exposedCommS: num }),
  memory: z.looseObject({ parametersGiB: num, gradientsGiB: num, optimizerGiB: num, activationsGiB: num, commBuffersGiB: num, reservedGiB: num, totalGiB: num, capacityGiB: num }),
});
const figures = z.looseObject({ config, tokensPerSecPerGpu: num }).nullable();
const trial = z.looseObject({ number: num, config, status: z.enum(['ok', 'infeasible', 'rejected']), objective: num.nullable(), metrics: metrics.nullable() });

const studySchema = z.looseObject({
  name: z.string(), optimizer: z.string(), seed: num, objective: z.looseObject({ metric: z.string(), goal: z.enum(['maximize', 'minimize']) }),
  trials: z.array(trial),
  best: trial.extend({ metrics: metrics.extend({ details: z.looseObject({ microBatches: num, chunkS: z.looseObject({ F: num, B: num, W: num, FB: num, p2p: num, ranks: z.array(z.object({ F: num, B: num, W: num, FB: num })).optional() }) }) }) }).nullable(),
  provenance: z.looseObject({ version: z.string(), spec: z.looseObject({ workload: z.string(), chip: z.string(), gpus: num }), profileHashes: z.record(z.string(), z.string()) }),
});
const header = { kind: z.string(), version: z.string(), spec: z.string(), workload: z.string(), cluster: z.string(), kernel: z.string(), gpus: num };
const outcome = { tuned: figures, baseline: figures, adaptationGain: num.nullable() };
const compareSchema = z.looseObject({ ...header, kind: z.literal('compare'), chips: z.array(z.looseObject({ chip: z.string(), name: z.string(), ...outcome })).min(1) });
const sweepSchema = z.looseObject({
  ...header, kind: z.literal('sweep'), chip: z.string(),
  axis: z.looseObject({ field: z.string(), alias: z.string().nullable(), from: num, to: num, steps: num, base: num, description: z.string() }),
  points: z.array(z.looseObject({ value: num, ...outcome })).min(2),
  changes: z.array(z.looseObject({ index: num, from: num, to: num, changes: z.array(z.looseObject({ what: z.string() })) })),
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
      check(compareSchema, raw, file);
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
