/** Config helpers for display: identity, field access, and which fields tell a set of configs apart. Pure. */
import type { Config } from '../contract/config.js';
import { byFieldOrder } from '../format/config.js';

/** Sorted-keys JSON: the identity of a config. */
export function configKey(config: Config): string {
  return JSON.stringify(config, Object.keys(config).sort());
}

/** A field's value by name (undefined when the config leaves it out). */
export function configValue(config: Config, field: string): unknown {
  return (config as unknown as Readonly<Record<string, unknown>>)[field];
}

/** A field's value as text ('' when the config leaves it out). */
export function fieldText(config: Config, field: string): string {
  const value = configValue(config, field);
  return value === undefined ? '' : String(value);
}

/** Fields whose values are not all the same across `configs`, in display order (all fields for a single config). */
export function differingFields(configs: readonly Config[]): string[] {
  const fields = [...new Set(configs.flatMap((c) => Object.keys(c)))].sort(byFieldOrder);
  if (configs.length <= 1) return fields;
  return fields.filter((field) => new Set(configs.map((c) => fieldText(c, field))).size > 1);
}
