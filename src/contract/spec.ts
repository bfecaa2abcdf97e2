/**
 * The zod schema of a search spec (searches/*.json) and the translation of zod issues into messages that name the
 * file, the JSON path of the field, the bad value and what is allowed (every decoder of a file uses describeIssues).
 */
import { z } from 'zod';
import { invalid, valueAt } from '../errors.js';
import { GOALS, METRIC_NAMES, type MetricName } from './metrics.js';

/** Metrics a study can optimise: the headline metrics (their descriptors, metrics.ts). */
export const OBJECTIVE_METRICS = METRIC_NAMES;
export type ObjectiveMetric = MetricName;

/** The optimisers a spec or --optimizer names (one file each under search/optimizers/). */
export const OPTIMIZERS = ['bo', 'evo', 'random', 'qmc', 'grid'] as const;
export type OptimizerName = (typeof OPTIMIZERS)[number];

/** Points a study asks, evaluates and tells at a time. Part of the spec, not of the thread count, so that results
 * do not depend on how many threads evaluate them. */
export const DEFAULT_BATCH_SIZE = 4;

/** A spec's name starts its files' names, which carry chip, hash, optimizer and seed too: within a file system's 255. */
export const MAX_NAME_LENGTH = 100;

const value = z.union([z.number(), z.string(), z.boolean()]);

const intParam = z.strictObject({
  type: z.literal('int'),
  min: z.number().int(),
  max: z.number().int(),
  step: z.number().int().positive().optional(),
  log: z.boolean().optional(),
});
const floatParam = z.strictObject({
  type: z.literal('float'),
  min: z.number(),
  max: z.number(),
  step: z.number().positive().optional(),
  log: z.boolean().optional(),
});
const choiceParam = z.strictObject({ type: z.literal('choice'), values: z.array(value).min(1) });
export const paramSchema = z.discriminatedUnion('type', [intParam, floatParam, choiceParam]);
export type ParamSpec = z.output<typeof paramSchema>;

export const specSchema = z.strictObject({
  name: z
    .string()
    .max(MAX_NAME_LENGTH)
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, { error: 'letters, digits, ".", "_" and "-" (it names files)' }),
  description: z.string().optional(),
  workload: z.string().min(1),
  chip: z.string().min(1),
  gpus: z.number().int().positive(),
  cluster: z.string().min(1).optional(),
  kernel: z.string().min(1).optional(),
  objective: z.strictObject({ metric: z.enum(OBJECTIVE_METRICS), goal: z.enum(GOALS) }),
  space: z.record(z.string(), paramSchema),
  fixed: z.record(z.string(), value).default({}),
  constraints: z.array(z.strictObject({ expr: z.string().min(1), name: z.string().optional() })).default([]),
  budget: z.number().int().positive(),
  optimizer: z.enum(OPTIMIZERS).default('bo'),
  seed: z.number().int().nonnegative().default(0),
  batchSize: z.number().int().positive().max(256).default(DEFAULT_BATCH_SIZE),
  /** train (the default: a training Config) or serve (a serving config, src/serve/config.ts). */
  mode: z.enum(['train', 'serve']).optional(),
  /** The JSON Schema an editor checks the file against (schemas/search-spec.schema.json). */
  $schema: z.string().optional(),
});
export type SearchSpec = z.output<typeof specSchema>;

const PARAM_FIELDS: Record<string, string[]> = {
  int: ['type', 'min', 'max', 'step', 'log'],
  float: ['type', 'min', 'max', 'step', 'log'],
  choice: ['type', 'values'],
};

/** "space.commSMs.max", "constraints[0].expr". */
export function jsonPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    const name = String(part);
    if (typeof part === 'number') out += `[${part}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(name)) out += (out ? '.' : '') + name;
    else out += `[${JSON.stringify(name)}]`;
  }
  return out || '(root)';
}

/** Fields allowed in the object at `path`, for "unknown field" messages. */
function allowedFields(raw: unknown, path: readonly PropertyKey[]): string[] {
  if (path.length === 0) return Object.keys(specSchema.shape);
  if (path[0] === 'objective') return ['metric', 'goal'];
  if (path[0] === 'constraints') return ['expr', 'name'];
  if (path[0] === 'space') return PARAM_FIELDS[String((valueAt(raw, path) as { type?: unknown })?.type)] ?? ['type'];
  return [];
}

/** One message per zod issue, each "file: path = value: allowed". */
export function describeIssues(where: string, raw: unknown, issues: readonly z.core.$ZodIssue[]): string[] {
  return issues.flatMap((issue) => {
    const field = jsonPath(issue.path);
    const got = valueAt(raw, issue.path);
    switch (issue.code) {
      case 'unrecognized_keys':
        return issue.keys.map(
          (key) =>
            invalid(
              where,
              jsonPath([...issue.path, key]),
              valueAt(raw, [...issue.path, key]),
              `unknown field; allowed: ${allowedFields(raw, issue.path).join(', ')}`,
            ).message,
        );
      case 'invalid_type':
        return [
          invalid(where, field, got, got === undefined ? `required (${issue.expected})` : `expected ${issue.expected}`)
            .message,
        ];
      case 'invalid_value':
        return [
          invalid(where, field, got, `allowed: ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`).message,
        ];
      case 'invalid_union': {
        const options = 'options' in issue && Array.isArray(issue.options) ? issue.options : null;
        const allowed = options
          ? `allowed: ${options.map((v) => JSON.stringify(v)).join(', ')}`
          : 'expected a number, string or boolean';
        return [invalid(where, field, got, allowed).message];
      }
      case 'too_small':
        return [
          invalid(
            where,
            field,
            got,
            issue.origin === 'array'
              ? `needs at least ${issue.minimum} item(s)`
              : issue.origin === 'string'
                ? `needs at least ${issue.minimum} character(s)`
                : `must be ${issue.inclusive ? '>=' : '>'} ${issue.minimum}`,
          ).message,
        ];
      case 'too_big':
        return [
          invalid(
            where,
            field,
            got,
            issue.origin === 'string'
              ? `at most ${issue.maximum} characters`
              : issue.origin === 'array'
                ? `at most ${issue.maximum} item(s)`
                : `must be ${issue.inclusive ? '<=' : '<'} ${issue.maximum}`,
          ).message,
        ];
      default:
        return [invalid(where, field, got, issue.message).message];
    }
  });
}
