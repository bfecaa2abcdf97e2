/**
 * Framework mappings (models/frameworks/*.json): how a config's fields read in Megatron-LM, torchtitan, DeepEP and
 * NeMo, each name with the source file and release it was read from; report/export/frameworks.ts loads them.
 */
import { z } from 'zod';
import { SCHEDULES } from './config.js';

export const FRAMEWORKS = ['megatron', 'torchtitan', 'deepep', 'nemo'] as const;
export type FrameworkId = (typeof FRAMEWORKS)[number];

const source = z.string().min(1);

/** A name the framework reads. verified: false where the reference could not confirm it (no code of the framework
 * itself references it, or it was never run); the export says so. */
const supportedSetting = z.strictObject({
  name: z.string().min(1),
  since: z.string().optional(),
  source,
  verified: z.boolean(),
  note: z.string().optional(),
});
/** The framework has no equivalent. silent: nothing to set by design (a derived value), so no warning. */
const unsupportedSetting = z.strictObject({
  unsupported: z.string().min(1),
  source,
  closest: z.string().optional(),
  silent: z.boolean().optional(),
});
const scheduleValue = z.strictObject({
  /** The schedule's name in the framework; null where the schedule follows from other settings (Megatron). */
  value: z.string().nullable(),
  /** false: the nearest schedule the framework has, not the same one. */
  exact: z.boolean(),
  source,
  note: z.string().optional(),
});
const scheduleUnsupported = z.strictObject({ unsupported: z.string().min(1), source, closest: z.string().optional() });

export const frameworkSchema = z.strictObject({
  $schema: z.string().optional(),
  id: z.enum(FRAMEWORKS),
  name: z.string().min(1),
  format: z.string().min(1),
  readFrom: z
    .array(
      z.strictObject({
        repo: z.string().min(1),
        ref: z.string().min(1),
        commit: z.string().min(7),
        date: z.string().min(1),
      }),
    )
    .min(1),
  /** The releases the names hold for. */
  appliesTo: z.string().min(1),
  settings: z.record(z.string(), z.union([supportedSetting, unsupportedSetting])),
  schedules: z.partialRecord(z.enum(SCHEDULES), z.union([scheduleValue, scheduleUnsupported])).optional(),
  /** Other figures the export checks a config against (allowed values), each with its source. */
  facts: z.record(
    z.string(),
    z.strictObject({ value: z.union([z.boolean(), z.number(), z.array(z.number())]), source }),
  ),
});
export type Framework = z.infer<typeof frameworkSchema>;
export type Setting = Framework['settings'][string];
export type SupportedSetting = z.infer<typeof supportedSetting>;
export type ScheduleMapping = NonNullable<Framework['schedules']>[keyof NonNullable<Framework['schedules']>];
