/**
 * Measurement files (models/measurements/*.json): figures a user can measure in minutes (or that others published),
 * each with its own source. Units live in key names, as in the profiles; objects are strict so a misspelt key is an
 * error. calibrate/measurements.ts loads them.
 */
import { z } from 'zod';
import { traceFiguresSchema } from './trace-figures.js';

const positive = z.number().positive();
const count = z.number().int().positive();
const source = z.string().min(1);

const gemmMeasurement = z.strictObject({
  kind: z.literal('gemm'),
  /** Rows per group (the tokens); a grouped GEMM multiplies `groups` such problems with distinct weights. */
  m: count,
  n: count,
  k: count,
  groups: count.optional(),
  dtype: z.enum(['fp8', 'bf16']),
  /** SMs the GEMM was allowed (DeepGEMM can cap them); absent = all of the chip's SMs. */
  sms: count.optional(),
  tflops: positive,
  source,
});

const alltoallMeasurement = z.strictObject({
  kind: z.literal('alltoall'),
  op: z.enum(['dispatch', 'combine']),
  /** Expert-parallel group size (GPUs) and the nodes it spans. */
  ep: count,
  nodes: count,
  sms: z.number().int().nonnegative(),
  /** Kernel profile id (models/kernels/<id>.json). */
  kernel: z.string().regex(/^[a-z0-9-]+$/),
  /** Logical bandwidth per GPU (traffic to the local node counted too), as DeepEP reports it. */
  gbps: positive,
  /** Which tier's logical bandwidth the figure reports when a benchmark prints one per tier; absent = the op's. */
  tier: z.enum(['nvlink', 'ib']).optional(),
  /**
   * Measured inside training, overlapped with GEMMs (a profiler trace), not standalone: the prediction then takes the
   * kernel's under-compute fraction and the workload's load imbalance (the busiest GPU sets the kernel's time).
   */
  inTraining: z.boolean().optional(),
  source,
});

const linkMeasurement = z.strictObject({
  kind: z.literal('link'),
  tier: z.enum(['nvlink', 'ib']),
  /** Achieved, per GPU (NVLink) or per NIC (IB), per direction. */
  gbps: positive,
  source,
});

const hbmMeasurement = z.strictObject({
  kind: z.literal('hbm'),
  tbps: positive,
  source,
});

export const MEASUREMENT_KINDS = ['gemm', 'alltoall', 'link', 'hbm'] as const;
export type MeasurementKind = (typeof MEASUREMENT_KINDS)[number];

export const measurementSchema = z.discriminatedUnion('kind', [
  gemmMeasurement,
  alltoallMeasurement,
  linkMeasurement,
  hbmMeasurement,
]);
export type Measurement = z.infer<typeof measurementSchema>;
export type GemmMeasurement = z.infer<typeof gemmMeasurement>;
export type AlltoallMeasurement = z.infer<typeof alltoallMeasurement>;
export type LinkMeasurement = z.infer<typeof linkMeasurement>;
export type HbmMeasurement = z.infer<typeof hbmMeasurement>;

export const measurementFileSchema = z
  .strictObject({
    /** The JSON Schema an editor checks the file against (schemas/measurements.schema.json). */
    $schema: z.string().optional(),
    /** Chip profile id the figures were measured on. */
    chip: z.string().regex(/^[a-z0-9-]+$/),
    description: z.string().optional(),
    /** Where the file's figures come from, one entry per publication or run; each row names its own `source` too. */
    sources: z.array(source).min(1),
    measurements: z.array(measurementSchema).min(1),
    /** Figures read from a profiler trace beside the rows it gave (src/trace/figures.ts); absent in other files. */
    trace: traceFiguresSchema.optional(),
  })
  .superRefine((file, ctx) => {
    file.measurements.forEach((m, i) => {
      if (m.kind === 'alltoall' && m.nodes > m.ep) {
        ctx.addIssue({ code: 'custom', path: ['measurements', i, 'nodes'], message: `must be at most ep (${m.ep})` });
      }
    });
  });
export type MeasurementFile = z.infer<typeof measurementFileSchema>;
