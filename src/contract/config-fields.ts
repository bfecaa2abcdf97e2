/**
 * Which values each Config field accepts, read off the contract's zod schema (config.ts), so that a search spec can
 * be checked against it before any evaluation and its messages say the same bounds the schema enforces.
 */
import { z } from 'zod';
import { CONFIG_FIELD_NAMES, type Config, configSchema, unwrapped } from './config.js';

export type FieldRule =
  | { kind: 'integer'; min: number; required: boolean }
  | { kind: 'enum'; values: readonly string[]; required: boolean }
  | { kind: 'boolean'; required: boolean };

function ruleOf(schema: z.ZodType): FieldRule {
  const required = !schema.safeParse(undefined).success;
  const inner = unwrapped(schema);
  if (inner instanceof z.ZodEnum) return { kind: 'enum', values: inner.options as string[], required };
  if (inner instanceof z.ZodBoolean) return { kind: 'boolean', required };
  if (inner instanceof z.ZodNumber && inner.isInt) return { kind: 'integer', min: inner.minValue ?? -Infinity, required };
  throw new Error(`config-fields: no rule for a ${inner.def.type} field`); // a new kind of field needs a rule here
}

export const CONFIG_FIELDS: Readonly<Record<keyof Config, FieldRule>> = Object.fromEntries(
  CONFIG_FIELD_NAMES.map((name) => [name, ruleOf(configSchema.shape[name])]),
) as Record<keyof Config, FieldRule>;

export function isConfigField(name: string): name is keyof Config {
  return Object.hasOwn(CONFIG_FIELDS, name);
}

/** What a field allows, in words for error messages. */
export function describeRule(rule: FieldRule): string {
  switch (rule.kind) {
    case 'integer':
      return `an integer >= ${rule.min}`;
    case 'enum':
      return `one of ${rule.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'boolean':
      return 'true or false';
  }
}

/** Whether the field's schema accepts the value. */
export function ruleAllows(field: keyof Config, value: unknown): boolean {
  return configSchema.shape[field].safeParse(value).success;
}
