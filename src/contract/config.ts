/**
 * The execution-plan contract (DESIGN.md section 4): what a user chooses and the tool exports. The zod schema is the
 * one definition: the type is inferred from it, `parseConfig` checks JSON against it, the spec check reads its field
 * rules (config-fields.ts), result files embed it and schemas/*.schema.json are generated from it. What a config
 * must satisfy for one workload and cluster (divisibility, the kernel's SM range) is the model's (model/validate.ts).
 */
import { z } from 'zod';
import { shown, UserError } from '../errors.js';

export const SCHEDULES = [
  'gpipe',
  '1f1b',
  'interleaved-1f1b',
  'zb-h1',
  'zb-h2',
  'zb-v',
  'dualpipe',
  'dualpipev',
] as const;
export type ScheduleKind = (typeof SCHEDULES)[number];

export const RECOMPUTE = ['none', 'selective', 'full'] as const;
/** none: keep every activation; selective: recompute norms and up-projections (DeepSeek-V3); full: keep only stage inputs. */
export type Recompute = (typeof RECOMPUTE)[number];

const count = z.number().int().min(1);

export const configSchema = z
  .strictObject({
    schedule: z.enum(SCHEDULES),
    /** Pipeline stages. For DualPipeV this is the device count (each device holds 2 chunks). */
    pp: count,
    /** Expert-parallel group size (GPUs that share one copy of the experts). */
    ep: count,
    /** Tensor-parallel width (inside a node, on NVLink). */
    tp: count,
    /** Sequences per micro-batch. */
    microBatchSize: count,
    /** SMs given to communication kernels; the rest run GEMMs. 0: a kernel that holds no SM (copy-engine). */
    commSMs: z.number().int().min(0),
    /** Virtual stages per rank (interleaved-1f1b only). */
    vpp: count.optional(),
    /** Most nodes one token's experts may span (node-limited routing); absent = unlimited. */
    nodeLimit: count.optional(),
    recompute: z.enum(RECOMPUTE).optional(),
    /**
     * With tp > 1: true (the default) runs norms, dropout and residuals on 1/tp of the tokens and moves TP activations
     * by all-gather / reduce-scatter (Megatron's sequence parallelism); false replicates them and all-reduces.
     */
    sequenceParallel: z.boolean().optional(),
  })
  .meta({ id: 'config' });

export type Config = z.infer<typeof configSchema>;
export type ConfigField = keyof Config;

/** Every field, in the contract's order. */
export const CONFIG_FIELD_NAMES = Object.keys(configSchema.shape) as ConfigField[];
const REQUIRED_FIELD_NAMES = CONFIG_FIELD_NAMES.filter(
  (name) => !configSchema.shape[name].safeParse(undefined).success,
);

function line(field: string, value: unknown, allowed: string): string {
  return `config.${field} = ${shown(value)}: ${allowed}`;
}

/** A field's schema without its optional wrapper. */
export function unwrapped(schema: z.ZodType): z.ZodType {
  return schema instanceof z.ZodOptional ? (schema.unwrap() as z.ZodType) : schema;
}

/** What a field's zod schema allows, in the words parseConfig's messages use. */
function allowedWords(field: ConfigField): string {
  const schema = unwrapped(configSchema.shape[field]);
  if (schema instanceof z.ZodEnum) return `one of ${schema.options.join(', ')}`;
  if (schema instanceof z.ZodBoolean) return 'true or false';
  const min = (schema as z.ZodNumber).minValue;
  return min === null || min === undefined ? 'a whole number' : `a whole number >= ${min}`;
}

/**
 * Checks the JSON shape of a config against the schema: keys, types and bounds. Throws a UserError naming the first
 * bad field, its value and what is allowed (unknown fields first, then missing ones, then each in the contract's order).
 */
export function parseConfig(json: unknown): Config {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    throw new UserError(`config: must be a JSON object with ${REQUIRED_FIELD_NAMES.join(', ')}`);
  }
  const record = json as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (!Object.hasOwn(configSchema.shape, key)) {
      throw new UserError(line(key, record[key], `unknown field; a config has ${CONFIG_FIELD_NAMES.join(', ')}`));
    }
  }
  for (const key of REQUIRED_FIELD_NAMES) {
    if (record[key] === undefined)
      throw new UserError(`config.${key}: missing (required: ${REQUIRED_FIELD_NAMES.join(', ')})`);
  }
  for (const key of CONFIG_FIELD_NAMES) {
    if (!configSchema.shape[key].safeParse(record[key]).success)
      throw new UserError(line(key, record[key], allowedWords(key)));
  }
  // Every field passed its own schema above: the object the whole schema would give (its fields in the contract's
  // order), without validating each field a second time (a stream of configs spent ~6% of its time there).
  const config: Record<string, unknown> = {};
  for (const key of CONFIG_FIELD_NAMES) if (Object.hasOwn(record, key)) config[key] = record[key];
  return config as Config;
}
