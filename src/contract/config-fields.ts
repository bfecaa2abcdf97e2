/**
 * Which values each field of a config schema accepts, read off the zod schema itself (config.ts), so that a search
 * spec can be checked against it before any evaluation and its messages state the bounds the schema enforces.
 */
import { z } from 'zod';
import { type Config, configSchema, unwrapped } from './config.js';

interface RuleBase {
  readonly required: boolean;
  /** The field's schema: the one judge of a value. */
  readonly schema: z.ZodType;
}
export type FieldRule = RuleBase &
  (
    | { kind: 'integer'; min: number }
    | { kind: 'number'; min: number; exclusive: boolean }
    | { kind: 'enum'; values: readonly (string | number)[] }
    | { kind: 'boolean' }
  );

/** The rule of one field's schema; throws for a kind of field no rule describes yet (add it here). */
export function ruleOf(schema: z.ZodType): FieldRule {
  const base = { required: !schema.safeParse(undefined).success, schema };
  const inner = unwrapped(schema);
  if (inner instanceof z.ZodEnum) return { ...base, kind: 'enum', values: inner.options as (string | number)[] };
  if (inner instanceof z.ZodLiteral) return { ...base, kind: 'enum', values: [...inner.values] as (string | number)[] };
  if (inner instanceof z.ZodUnion && inner.options.every((o) => o instanceof z.ZodLiteral)) {
    return {
      ...base,
      kind: 'enum',
      values: inner.options.flatMap((o) => [...(o as z.ZodLiteral).values]) as (string | number)[],
    };
  }
  if (inner instanceof z.ZodBoolean) return { ...base, kind: 'boolean' };
  if (inner instanceof z.ZodNumber) {
    const min = inner.minValue ?? -Infinity;
    if (inner.isInt) return { ...base, kind: 'integer', min };
    return { ...base, kind: 'number', min, exclusive: !inner.safeParse(min).success };
  }
  throw new Error(`config-fields: no rule for a ${inner.def.type} field`);
}

/** One rule per field of an object schema, in its order. */
export function fieldRules<S extends z.ZodRawShape>(schema: z.ZodObject<S>): Readonly<Record<keyof S, FieldRule>> {
  return Object.fromEntries(
    Object.entries(schema.shape).map(([name, field]) => [name, ruleOf(field as z.ZodType)]),
  ) as Record<keyof S, FieldRule>;
}

export const CONFIG_FIELDS: Readonly<Record<keyof Config, FieldRule>> = fieldRules(configSchema);

export function isConfigField(name: string): name is keyof Config {
  return Object.hasOwn(CONFIG_FIELDS, name);
}

/** What a field allows, in words for error messages. */
export function describeRule(rule: FieldRule): string {
  switch (rule.kind) {
    case 'integer':
      return `an integer >= ${rule.min}`;
    case 'number':
      return `a number ${rule.exclusive ? '>' : '>='} ${rule.min}`;
    case 'enum':
      return `one of ${rule.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'boolean':
      return 'true or false';
  }
}

/** Whether the rule's schema accepts the value. */
export function ruleAllows(rule: FieldRule, value: unknown): boolean {
  return rule.schema.safeParse(value).success;
}
