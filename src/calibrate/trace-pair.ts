/**
 * The model's overlapped chunk pair against a profiler trace of one (models/measurements/traces/*.json): total time
 * and each category (GEMM forward / input backward / weight backward, attention, non-GEMM, gaps, all-to-all kernels,
 * peer waits) per layer. Kernel-level figures of the same trace calibrated some profile terms (docs/cost-model.md
 * says which), so this checks how the terms compose: overlap, dependencies, waits.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { z } from 'zod';
import { UserError } from '../errors.js';
import { moeChunkPair, parseConfig } from '../model/index.js';
import { COST_CATEGORIES, type CostCategories } from '../model/item-cost.js';
import { MODELS_DIR } from '../paths.js';
import type { Catalog } from '../profiles/catalog.js';
import { MEMORY_KERNEL_FAMILIES } from '../profiles/schemas.js';

const ms = z.number().nonnegative();
const traceCategories = ['gemmF', 'gemmB', 'gemmW', 'attention', 'nonGemm', 'gaps', 'allToAll', 'peerWait'] as const satisfies readonly (keyof CostCategories)[];
export type TraceCategory = (typeof traceCategories)[number];

export const chunkPairTraceSchema = z.strictObject({
  kind: z.literal('chunk-pair-trace'),
  description: z.string(),
  chip: z.string(),
  workload: z.string(),
  cluster: z.string(),
  kernel: z.string(),
  gpus: z.number().int().positive(),
  /** A config as `autotune evaluate` takes it (checked by parseConfig). */
  config: z.record(z.string(), z.unknown()),
  layers: z.number().int().positive(),
  spanMs: z.number().positive(),
  computeStreamBusyMs: ms,
  commStreamBusyMs: ms,
  gemmCtas: z.number().int().positive(),
  allToAllCtas: z.number().int().positive(),
  perLayerMs: z.strictObject(Object.fromEntries(traceCategories.map((k) => [k, ms])) as Record<TraceCategory, typeof ms>),
  nonGemmPerLayerMs: z.partialRecord(z.enum(MEMORY_KERNEL_FAMILIES), ms),
  sources: z.array(z.string().min(1)).min(1),
});
export type ChunkPairTrace = z.infer<typeof chunkPairTraceSchema>;

export interface TraceRow {
  readonly what: string;
  readonly traceMs: number;
  readonly modelMs: number;
  /** model / trace - 1 */
  readonly error: number;
}

export interface TraceComparison {
  readonly file: string;
  readonly trace: ChunkPairTrace;
  /** The pair as a whole, then per layer by category, then the non-GEMM families per layer. */
  readonly total: TraceRow;
  readonly categories: readonly TraceRow[];
  readonly nonGemm: readonly TraceRow[];
}

export function shippedTraceFiles(root: string = MODELS_DIR): string[] {
  const dir = join(root, 'measurements', 'traces');
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((f) => f.endsWith('.json')).sort().map((f) => join(dir, f));
}

export function loadChunkPairTrace(path: string): ChunkPairTrace {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new UserError(`${path}: not a readable JSON file (${(err as Error).message})`);
  }
  const parsed = chunkPairTraceSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new UserError(`${path}: $.${issue.path.join('.')}: ${issue.message}`);
  }
  return parsed.data;
}

const row = (what: string, traceMs: number, modelMs: number): TraceRow => ({ what, traceMs, modelMs, error: modelMs / traceMs - 1 });

export function compareChunkPair(catalog: Catalog, path: string): TraceComparison {
  const t = loadChunkPairTrace(path);
  const input = {
    workload: catalog.get('workload', t.workload),
    chip: catalog.get('chip', t.chip),
    cluster: catalog.get('cluster', t.cluster),
    kernel: catalog.get('kernel', t.kernel),
    gpus: t.gpus,
  };
  const pair = moeChunkPair(input, parseConfig(t.config), t.layers);
  const perLayer = (seconds: number) => (seconds * 1e3) / t.layers;
  const categories = traceCategories.map((k) => row(k, t.perLayerMs[k], perLayer(pair.categories[k])));
  const nonGemm = MEMORY_KERNEL_FAMILIES.filter((k) => t.nonGemmPerLayerMs[k] !== undefined).map((k) => row(k, t.nonGemmPerLayerMs[k]!, perLayer(pair.nonGemm[k] ?? 0)));
  return { file: `measurements/traces/${basename(path)}`, trace: t, total: row('chunk pair', t.spanMs, pair.pairS * 1e3), categories, nonGemm };
}

/** Categories the pair model tracks but the trace does not report separately. */
export const UNTRACED_CATEGORIES = COST_CATEGORIES.filter((k) => !(traceCategories as readonly string[]).includes(k));
