/**
 * Zod schemas of the files autotune writes: study results, compare and sweep results, and study-journal lines. They
 * fix the fields a reader relies on (kind, schemaVersion, configs, headline metrics) and let the rest through
 * (looseObject), so a minor schema version may add fields; schemas/*.schema.json are generated from these.
 */
import { z } from 'zod';
import { configSchema } from './config.js';
import { BOTTLENECKS, breakdownSchema, metricsSchema } from './metrics.js';
import { OPTIMIZERS, specSchema } from './spec.js';

const count = z.number().int().positive();
const schemaVersion = z
  .string()
  .regex(/^\d+\.\d+$/)
  .describe('"MAJOR.MINOR": a reader refuses a newer major');

/** Metrics as a file carries them: the headline fields fixed, memory and details let through (they grow). */
const fileMetricsSchema = z
  .looseObject({
    ...metricsSchema.shape,
    memory: z.looseObject({ totalGiB: z.number(), capacityGiB: z.number() }),
    details: z.looseObject({}),
  })
  .meta({ id: 'metrics' });

/** ok: evaluated and feasible; infeasible: evaluated, but it cannot run (e.g. does not fit); rejected: refused by the
 * evaluator's check before evaluation (a hard constraint). */
export const TRIAL_STATUSES = ['ok', 'infeasible', 'rejected'] as const;
export type TrialStatus = (typeof TRIAL_STATUSES)[number];

/** Why a study ended. */
export const END_REASONS = ['budget', 'exhausted', 'stopped'] as const;
export type EndReason = (typeof END_REASONS)[number];

/** A finished trial as the study runner holds it: what was asked and what the evaluator said, in real values. */
const trialShape = {
  /** 1-based, in the order the optimiser asked. */
  number: count,
  config: configSchema,
  status: z.enum(TRIAL_STATUSES),
  /** Null when rejected. */
  metrics: metricsSchema.nullable(),
  /** The objective metric's value; null unless status is ok. */
  objective: z.number().nullable(),
  /** Why it is infeasible or rejected. */
  reason: z.string().optional(),
};
export type Trial = z.infer<z.ZodObject<typeof trialShape>>;

/** A trial as a file carries it: its metrics' details let through (they grow). */
export const trialSchema = z
  .strictObject({ ...trialShape, metrics: fileMetricsSchema.nullable() })
  .meta({ id: 'trial' });

export const studyResultSchema = z.looseObject({
  kind: z.literal('study'),
  schemaVersion,
  name: z.string(),
  optimizer: z.enum(OPTIMIZERS),
  seed: z.number().int().nonnegative(),
  budget: count,
  batchSize: count,
  objective: specSchema.shape.objective,
  endReason: z.enum(END_REASONS),
  best: trialSchema.nullable(),
  top: z.array(trialSchema),
  trials: z.array(trialSchema),
  constraintReport: z.looseObject({ summary: z.string() }),
  rangeEdges: z.array(z.looseObject({ param: z.string(), value: z.number(), edge: z.enum(['lowest', 'highest']) })),
  provenance: z.looseObject({
    tool: z.literal('autotune'),
    version: z.string(),
    spec: z.looseObject({ name: z.string(), workload: z.string(), chip: z.string(), gpus: count }),
    profileHashes: z.record(z.string(), z.string()),
    startedAt: z.string(),
    finishedAt: z.string(),
    elapsedS: z.number(),
  }),
});

/** A tuned or baseline config with the figures compare and sweep report for it. */
const figuresSchema = z
  .looseObject({
    config: configSchema,
    tokensPerSecPerGpu: z.number(),
    mfu: z.number(),
    stepTimeS: z.number(),
    memoryGiB: z.number(),
    breakdown: breakdownSchema,
    bottleneck: z.enum(BOTTLENECKS),
  })
  .meta({ id: 'figures' });

const outcomeShape = {
  tuned: figuresSchema.nullable(),
  baseline: figuresSchema.nullable(),
  adaptationGain: z.number().nullable(),
};

const reportHeaderShape = {
  schemaVersion,
  version: z.string(),
  spec: z.string(),
  workload: z.string(),
  cluster: z.string(),
  kernel: z.string(),
  gpus: count,
  optimizer: z.string(),
  budget: count,
  seed: z.number().int().nonnegative(),
  objective: specSchema.shape.objective,
  baselineRule: z.string(),
};

export const compareResultSchema = z.looseObject({
  kind: z.literal('compare'),
  ...reportHeaderShape,
  reference: z.string(),
  chips: z.array(z.looseObject({ chip: z.string(), name: z.string(), sms: count, ...outcomeShape })).min(1),
});

export const sweepResultSchema = z.looseObject({
  kind: z.literal('sweep'),
  ...reportHeaderShape,
  chip: z.string(),
  axis: z.looseObject({
    field: z.string(),
    alias: z.string().nullable(),
    unit: z.string().nullable(),
    base: z.number(),
  }),
  points: z.array(z.looseObject({ value: z.number(), set: z.record(z.string(), z.number()), ...outcomeShape })).min(1),
  changes: z.array(z.looseObject({ index: z.number().int(), from: z.number(), to: z.number() })),
});

const journalStamp = { kind: z.literal('study-journal'), schemaVersion };
export const journalLineSchema = z.discriminatedUnion('type', [
  z.strictObject({
    ...journalStamp,
    type: z.literal('header'),
    version: z.string(),
    spec: specSchema,
    optimizer: z.enum(OPTIMIZERS),
    seed: z.number().int().nonnegative(),
    budget: count,
    batchSize: count,
    startedAt: z.string(),
  }),
  z.strictObject({
    ...journalStamp,
    type: z.literal('trial'),
    trial: trialSchema,
    elapsedS: z.number(),
    finishedAt: z.string(),
  }),
]);
