/**
 * Published training runs as data (models/validation/*.json): what ran (workload, chip, cluster, GPUs, global batch,
 * config) and what was measured (metric, value, unit, source). One file per publication; `autotune validate`
 * evaluates every run with the shipped profiles.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { z } from 'zod';
import type { Config } from '../contract/config.js';
import { parseConfig } from '../contract/config.js';
import { UserError } from '../errors.js';
import { MODELS_DIR, PACKAGE_ROOT } from '../paths.js';

/** Figures a run can be validated on, each with the unit its measurement must state. */
export const METRIC_UNITS = {
  stepTimeS: 's',
  tokensPerSecPerGpu: 'tokens/s per GPU',
  mfu: 'fraction',
  /** Per GPU on the fullest rank: working weights, gradients and optimizer state. */
  parametersOptimizerGiB: 'GiB',
  /** Per GPU on the fullest rank: activations kept for the backward at the peak. */
  activationsGiB: 'GiB',
} as const;
export type Metric = keyof typeof METRIC_UNITS;
const METRICS = Object.keys(METRIC_UNITS) as [Metric, ...Metric[]];

const id = z.string().regex(/^[a-z0-9-]+$/);
const runSchema = z
  .strictObject({
    id,
    /** Profile ids or paths, as `autotune evaluate` takes them. */
    workload: z.string().min(1),
    chip: z.string().min(1),
    cluster: z.string().min(1),
    kernel: z.string().min(1),
    gpus: z.number().int().positive(),
    /** Sequences per step; overrides the workload's globalBatchSequences. */
    globalBatch: z.number().int().positive(),
    config: z.record(z.string(), z.unknown()),
    measured: z.strictObject({
      metric: z.enum(METRICS),
      value: z.number().positive(),
      unit: z.string().min(1),
      source: z.string().min(1),
    }),
    /** Other models' figures for the same run (e.g. Calculon's), shown beside this model's; error as defined here. */
    peers: z
      .record(id, z.strictObject({ value: z.number().positive(), error: z.number(), source: z.string().min(1) }))
      .optional(),
  })
  .superRefine((run, ctx) => {
    const unit = METRIC_UNITS[run.measured.metric];
    if (run.measured.unit !== unit)
      ctx.addIssue({
        code: 'custom',
        path: ['measured', 'unit'],
        message: `must be "${unit}" for metric ${run.measured.metric}`,
      });
  });

const fileSchema = z
  .strictObject({
    id,
    /** The publication, as the summary names it. */
    source: z.string().min(1),
    /** What the runs share and how they were encoded (hardware, software, where the numbers come from). */
    notes: z.string().min(1),
    runs: z.array(runSchema).min(1),
  })
  .superRefine((file, ctx) => {
    const seen = new Set<string>();
    file.runs.forEach((run, i) => {
      if (seen.has(run.id))
        ctx.addIssue({ code: 'custom', path: ['runs', i, 'id'], message: 'must be unique within the file' });
      seen.add(run.id);
    });
  });

export interface ValidationRun {
  readonly id: string;
  readonly workload: string;
  readonly chip: string;
  readonly cluster: string;
  readonly kernel: string;
  readonly gpus: number;
  readonly globalBatch: number;
  readonly config: Config;
  readonly measured: {
    readonly metric: Metric;
    readonly value: number;
    readonly unit: string;
    readonly source: string;
  };
  readonly peers?: Readonly<Record<string, PeerFigure>>;
}

export interface PeerFigure {
  readonly value: number;
  /** peer / published - 1. */
  readonly error: number;
  readonly source: string;
}

export interface ValidationFile {
  readonly id: string;
  /** Relative to the package root when inside it. */
  readonly file: string;
  readonly source: string;
  readonly notes: string;
  readonly runs: readonly ValidationRun[];
}

export const VALIDATION_DIR = join(MODELS_DIR, 'validation');

function display(path: string): string {
  const rel = relative(PACKAGE_ROOT, path);
  return rel.startsWith('..') ? path : rel;
}

/** Reads and checks one file; every problem is a UserError naming the file and the field. */
export function loadValidationFile(path: string): ValidationFile {
  const file = display(path);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new UserError(`${file}: not valid JSON: ${(err as Error).message}`);
  }
  const parsed = fileSchema.safeParse(json);
  if (!parsed.success) {
    const lines = parsed.error.issues.map(
      (issue) => `${file}: $.${issue.path.map(String).join('.')}: ${issue.message}`,
    );
    throw new UserError(`invalid validation file\n  ${lines.join('\n  ')}`);
  }
  const runs = parsed.data.runs.map((run, i): ValidationRun => {
    let config: Config;
    try {
      config = parseConfig(run.config);
    } catch (err) {
      if (err instanceof UserError) throw new UserError(`${file}: $.runs.${i}.${err.message}`);
      throw err;
    }
    return { ...run, config };
  });
  return { id: parsed.data.id, file, source: parsed.data.source, notes: parsed.data.notes, runs };
}

/** Every file in `dir` (models/validation/ by default), in name order. */
export function loadValidationFiles(dir: string = VALIDATION_DIR): ValidationFile[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => loadValidationFile(join(dir, f)));
}
