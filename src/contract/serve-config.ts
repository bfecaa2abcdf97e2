/**
 * The serving config: one deployment unit of max(ep, tp) GPUs running one phase (disaggregated prefill or decode).
 * Its zod schema sits in the contract beside the training config (config.ts); errors name the field, the value and what is allowed.
 */
import { z } from 'zod';
import { invalid, UserError } from '../errors.js';

export const SERVE_PHASES = ['prefill', 'decode'] as const;
export type ServePhase = (typeof SERVE_PHASES)[number];
export const KV_CACHE_FORMATS = ['bf16', 'fp8'] as const;
export type KvCacheFormat = (typeof KV_CACHE_FORMATS)[number];

const whole = (min: number) => z.number().int().gte(min);

export const serveConfigSchema = z.strictObject({
  phase: z.enum(SERVE_PHASES),
  /** Tensor parallelism of attention and dense layers (heads and FFN columns split); experts are never TP-split. */
  tp: whole(1),
  /** Expert parallelism: routed experts spread over ep GPUs; attention and shared experts data-parallel over them. */
  ep: whole(1),
  /** Decode: requests per GPU; prefill: prompt tokens per GPU in one batch. */
  batchPerGpu: whole(1),
  /** Decode: tokens already in each request's KV cache; prefill: prompt length of each request. */
  contextLength: whole(1),
  /** 1, or 2 micro-batches alternating so one's all-to-all hides behind the other's compute (DeepSeek's scheme). */
  microBatches: z.union([z.literal(1), z.literal(2)]),
  /** Prefill: SMs the normal all-to-all kernels hold (even for DeepEP). Decode: 0 (the low-latency kernels hold none). */
  commSMs: whole(0).optional(),
  /** KV cache precision (default bf16, as FlashMLA's cache). */
  kvCacheFormat: z.enum(KV_CACHE_FORMATS).optional(),
  /** Most nodes a token's experts may span (default: the workload's defaultNodeLimit). */
  nodeLimit: whole(1).optional(),
  /** A latency limit (TTFT for prefill, TPOT for decode), milliseconds: a config slower than it is infeasible. */
  maxLatencyMs: z.number().positive().optional(),
});
export type ServeConfig = z.infer<typeof serveConfigSchema>;

const ALLOWED: Record<string, string> = {
  phase: `one of ${SERVE_PHASES.join(', ')}`,
  tp: 'a whole number >= 1',
  ep: 'a whole number >= 1',
  batchPerGpu: 'a whole number >= 1',
  contextLength: 'a whole number >= 1 (tokens)',
  microBatches: '1 or 2',
  commSMs: 'a whole number >= 0',
  kvCacheFormat: `one of ${KV_CACHE_FORMATS.join(', ')}`,
  nodeLimit: 'a whole number >= 1',
  maxLatencyMs: 'a number > 0 (milliseconds)',
};

/** Parses and checks a serving config's shape; `where` names the file or flag it came from. */
export function parseServeConfig(raw: unknown, where: string): ServeConfig {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw))
    throw new UserError(`${where}: a serving config must be a JSON object with ${Object.keys(ALLOWED).join(', ')}`);
  const result = serveConfigSchema.safeParse(raw);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  if (issue.code === 'unrecognized_keys') {
    throw new UserError(
      `${where}: unknown field(s) ${issue.keys.join(', ')}: a serving config has ${Object.keys(ALLOWED).join(', ')}`,
    );
  }
  const field = String(issue.path[0] ?? '');
  const value = (raw as Record<string, unknown>)[field];
  throw invalid(where, field, value, ALLOWED[field] ?? issue.message);
}
