/**
 * The figures a profiler trace gives, as a measurement file's optional `trace` section: the whole trace (a DualPipe
 * chunk pair in DeepSeek's) and one MoE layer's forward + input backward + weight backward. trace/figures.ts reads
 * them from a trace; the cost-model fidelity test compares the model against them.
 */
import { z } from 'zod';

/** Element-wise kernel kinds a trace's non-GEMM time is split into (trace/classify.ts names them). */
export const NON_GEMM_KINDS = [
  'fp8-cast-transpose',
  'permute',
  'norm',
  'swiglu',
  'rope',
  'router',
  'copy-add-other',
] as const;
export type NonGemmKind = (typeof NON_GEMM_KINDS)[number];

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
    streams: z
      .array(
        z.strictObject({
          id: z.number(),
          kind: z.enum(['compute', 'communication']),
          busyMs: ms,
          busyFraction: z.number().min(0).max(1),
        }),
      )
      .min(1),
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
    nonGemm: z.strictObject({ totalMs: ms, ...Object.fromEntries(NON_GEMM_KINDS.map((k) => [k, ms])) } as Record<
      'totalMs' | (typeof NON_GEMM_KINDS)[number],
      typeof ms
    >),
    gapsMs: ms,
    totalMs: ms,
    /** By the range that launched the kernels: combine(B) runs a dispatch kernel (the gradient of combine). */
    allToAll: z.record(z.string(), z.strictObject({ kernelOp: z.string(), kernelMs: ms, notifyMs: ms })),
    /** Rows the routed experts of this GPU processed per layer, when the trace's kernels show them. */
    routedRowsPerGpu: z
      .strictObject({
        perLayer: z.array(z.number().int().positive()).min(1),
        min: z.number(),
        max: z.number(),
        mean: z.number(),
        maxOverMean: z.number(),
        how: z.string().min(1),
      })
      .optional(),
  }),
});
export type TraceFigures = z.infer<typeof traceFiguresSchema>;
