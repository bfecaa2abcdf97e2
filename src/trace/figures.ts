/**
 * Figures read from a profiler trace, as a measurement file's optional `trace` section: the whole trace (a DualPipe
 * chunk pair in DeepSeek's) and one MoE layer's forward + input backward + weight backward. The cost-model fidelity
 * test compares the model against them; `scripts/deepseek-trace-figures.mjs` writes them from DeepSeek's trace.
 */
import { z } from 'zod';
import { NON_GEMM_KINDS } from './classify.js';
import type { LayerBreakdown } from './layers.js';
import type { TraceSummary } from './summary.js';

export const TRACE_FIGURES_VERSION = 1;

const ms = z.number().nonnegative();
const total = z.strictObject({ count: z.number().int().nonnegative(), totalMs: ms });

export const traceFiguresSchema = z.strictObject({
  schemaVersion: z.literal(TRACE_FIGURES_VERSION),
  /** The trace these figures were read from (repository @ commit, file). */
  source: z.string().min(1),
  /** The command that regenerates them. */
  command: z.string().min(1),
  /** What the trace is of, in words: model, parallelism, chip, what is in and out of it. */
  setup: z.string().min(1),
  /** The traced run as the cost model takes it, so the model's pair can be set against the trace (src/calibrate/trace-pair.ts). */
  run: z
    .strictObject({
      workload: z.string().min(1),
      cluster: z.string().min(1),
      kernel: z.string().min(1),
      gpus: z.number().int().positive(),
      config: z.record(z.string(), z.unknown()),
    })
    .optional(),
  pair: z.strictObject({
    spanMs: ms,
    computeBusyMs: ms,
    gapsMs: ms,
    streams: z.array(z.strictObject({ id: z.number(), kind: z.enum(['compute', 'communication']), busyMs: ms, busyFraction: z.number().min(0).max(1) })).min(1),
    gemmCtas: z.number().int().positive().nullable(),
    allToAllCtas: z.number().int().positive().nullable(),
    /** Kernel time per category, summed over every stream. */
    categories: z.record(z.string(), total),
    gaps: z.strictObject({ leadInMs: ms, tailMs: ms, short: total, medium: total, waits: total }),
  }),
  perLayer: z.strictObject({
    layers: z.number().int().positive(),
    gemmForwardMs: ms,
    gemmInputBackwardMs: ms,
    /** Wall time over both compute streams (the second stream counts only where the first is idle). */
    gemmWeightBackwardMs: ms,
    gemmOtherMs: ms,
    attention: z.strictObject({ totalMs: ms, forwardMs: ms, backwardMs: ms, backwardPrePostMs: ms }),
    nonGemm: z.strictObject({ totalMs: ms, ...Object.fromEntries(NON_GEMM_KINDS.map((k) => [k, ms])) } as Record<'totalMs' | (typeof NON_GEMM_KINDS)[number], typeof ms>),
    gapsMs: ms,
    totalMs: ms,
    /** By the range that launched the kernels: combine(B) runs a dispatch kernel (the gradient of combine). */
    allToAll: z.record(z.string(), z.strictObject({ kernelOp: z.string(), kernelMs: ms, notifyMs: ms })),
    /** Rows the routed experts of this GPU processed per layer, when the trace's kernels show them. */
    routedRowsPerGpu: z
      .strictObject({ perLayer: z.array(z.number().int().positive()).min(1), min: z.number(), max: z.number(), mean: z.number(), maxOverMean: z.number(), how: z.string().min(1) })
      .optional(),
  }),
});
export type TraceFigures = z.infer<typeof traceFiguresSchema>;

/** Microsecond resolution: the trace's own. */
const r = (x: number) => Number(x.toFixed(4));
const roundAll = <T>(value: T): T =>
  (typeof value === 'number'
    ? r(value)
    : Array.isArray(value)
      ? value.map(roundAll)
      : value !== null && typeof value === 'object'
        ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, roundAll(v)]))
        : value) as T;

export function traceFigures(
  summary: TraceSummary,
  layers: LayerBreakdown,
  meta: { source: string; command: string; setup: string; run?: TraceFigures['run'] },
  routedRowsPerGpu?: TraceFigures['perLayer']['routedRowsPerGpu'],
): TraceFigures {
  const figures: TraceFigures = {
    schemaVersion: TRACE_FIGURES_VERSION,
    ...meta,
    pair: roundAll({
      spanMs: summary.spanMs,
      computeBusyMs: summary.computeBusyMs,
      gapsMs: summary.gapsMs,
      streams: summary.streams.map((s) => ({ id: s.id, kind: s.kind, busyMs: s.busyMs, busyFraction: s.busyFraction })),
      gemmCtas: summary.gemmCtas,
      allToAllCtas: summary.allToAllCtas,
      categories: summary.categories,
      gaps: { leadInMs: summary.gaps.leadInMs, tailMs: summary.gaps.tailMs, short: summary.gaps.short, medium: summary.gaps.medium, waits: summary.gaps.waits },
    }),
    perLayer: { ...roundAll(layers), ...(routedRowsPerGpu ? { routedRowsPerGpu: roundAll(routedRowsPerGpu) } : {}) },
  };
  return traceFiguresSchema.parse(figures);
}
