/**
 * The framework mappings (models/frameworks/<id>.json): for each concept of a config, the flag, key or call a
 * framework reads, with the source file it was read from and the release that has it, or why the framework has none.
 * Data, not code, because a framework's flags change: the file says which version each name was read from.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { UserError } from '../../errors.js';
import { MODELS_DIR } from '../../paths.js';
import { SCHEDULES } from '../../contract/config.js';

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
  readFrom: z.array(z.strictObject({ repo: z.string().min(1), ref: z.string().min(1), commit: z.string().min(7), date: z.string().min(1) })).min(1),
  /** The releases the names hold for. */
  appliesTo: z.string().min(1),
  settings: z.record(z.string(), z.union([supportedSetting, unsupportedSetting])),
  schedules: z.partialRecord(z.enum(SCHEDULES), z.union([scheduleValue, scheduleUnsupported])).optional(),
  /** Other figures the export checks a config against (allowed values), each with its source. */
  facts: z.record(z.string(), z.strictObject({ value: z.union([z.boolean(), z.number(), z.array(z.number())]), source })),
});
export type Framework = z.infer<typeof frameworkSchema>;
export type Setting = Framework['settings'][string];
export type SupportedSetting = z.infer<typeof supportedSetting>;
export type ScheduleMapping = NonNullable<Framework['schedules']>[keyof NonNullable<Framework['schedules']>];

export function isUnsupported<T extends object>(entry: T): entry is Extract<T, { unsupported: string }> {
  return 'unsupported' in entry;
}

export function loadFramework(id: FrameworkId, dir: string = join(MODELS_DIR, 'frameworks')): Framework {
  const file = join(dir, `${id}.json`);
  const parsed = frameworkSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${file}: $.${i.path.join('.')}: ${i.message}`);
    throw new UserError(`invalid framework mapping\n  ${issues.join('\n  ')}`);
  }
  if (parsed.data.id !== id) throw new UserError(`${file}: id = ${JSON.stringify(parsed.data.id)}: must equal the file name (${JSON.stringify(id)})`);
  return parsed.data;
}
