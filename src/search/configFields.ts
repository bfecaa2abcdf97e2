/**
 * Which values each Config field accepts, so a search spec can be checked against the execution-plan contract
 * (src/config.ts) before any evaluation. The Record type forces one entry per Config field.
 */
import { RECOMPUTE, SCHEDULES, type Config } from '../config.js';
import type { ParamValue } from './dimension.js';

export type FieldRule =
  | { kind: 'integer'; min: number; required: boolean }
  | { kind: 'number'; exclusiveMin: number; required: boolean }
  | { kind: 'enum'; values: readonly (string | number)[]; required: boolean }
  | { kind: 'boolean'; required: boolean };

export const CONFIG_FIELDS: Readonly<Record<keyof Config, FieldRule>> = {
  schedule: { kind: 'enum', values: SCHEDULES, required: true },
  pp: { kind: 'integer', min: 1, required: true },
  ep: { kind: 'integer', min: 1, required: true },
  tp: { kind: 'integer', min: 1, required: true },
  microBatchSize: { kind: 'integer', min: 1, required: true },
  commSMs: { kind: 'integer', min: 0, required: true }, // 0: a kernel that holds no SM (copy-engine)
  vpp: { kind: 'integer', min: 1, required: false },
  nodeLimit: { kind: 'integer', min: 1, required: false },
  recompute: { kind: 'enum', values: RECOMPUTE, required: false },
  sequenceParallel: { kind: 'boolean', required: false },
};

export function isConfigField(name: string): name is keyof Config {
  return Object.hasOwn(CONFIG_FIELDS, name);
}

/** What a field allows, in words for error messages. */
export function describeRule(rule: FieldRule): string {
  switch (rule.kind) {
    case 'integer':
      return `an integer >= ${rule.min}`;
    case 'number':
      return `a number > ${rule.exclusiveMin}`;
    case 'enum':
      return `one of ${rule.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'boolean':
      return 'true or false';
  }
}

export function ruleAllows(rule: FieldRule, value: ParamValue): boolean {
  switch (rule.kind) {
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value) && value >= rule.min;
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) && value > rule.exclusiveMin;
    case 'enum':
      return (typeof value === 'string' || typeof value === 'number') && rule.values.includes(value);
    case 'boolean':
      return typeof value === 'boolean';
  }
}
