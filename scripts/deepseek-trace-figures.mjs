#!/usr/bin/env node
/**
 * Writes models/measurements/deepseek-v3-trace-h800.json from DeepSeek's own profiler trace, read by src/trace/:
 * the all-to-all measurement rows `autotune calibrate --trace` would fit, and the pair-level and per-layer figures in
 * the file's `trace` section. The trace itself (no licence) is never copied into the repository.
 *
 *   npm run build && node scripts/deepseek-trace-figures.mjs [--trace ../shared/data/deepseek-profile-train.json] [--out PATH]
 */
import { writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = (path) => import(join(ROOT, 'dist', 'src', path));
const [{ analyzeTrace }, { traceFigures }, { traceMeasurementRows }, { parseMeasurements }, { Catalog }] =
  await Promise.all([
    dist('trace/index.js'),
    dist('trace/figures.js'),
    dist('trace/measurements.js'),
    dist('calibrate/measurements.js'),
    dist('profiles/catalog.js'),
  ]);

const { values: opts } = parseArgs({
  options: {
    trace: { type: 'string', default: join(ROOT, '..', 'shared', 'data', 'deepseek-profile-train.json') },
    out: { type: 'string', default: join(ROOT, 'models', 'measurements', 'deepseek-v3-trace-h800.json') },
  },
});

const SOURCE = 'deepseek-ai/profile-data @ 4496024 train.json';
const SETUP =
  'one overlapped forward/backward chunk pair of DualPipe, 4 MoE layers per chunk, EP64 over 8 nodes (node limit 4), TP1, ' +
  '4K-token sequence, micro-batch 1, H800 with 20 SMs for DeepEP, "absolutely balanced" simulated routing, PP communication not included (the repository README)';
// The traced run's config: EP64, node limit 4, one 4K sequence per micro-batch (the repository README).
const CONFIG = { schedule: 'dualpipe', pp: 16, ep: 64, tp: 1, microBatchSize: 1, commSMs: 20, nodeLimit: 4 };
const COMMAND = 'npm run build && node scripts/deepseek-trace-figures.mjs';

const catalog = new Catalog();
const report = await analyzeTrace(opts.trace, { catalog, workload: 'deepseek-v3', cluster: 'default', config: CONFIG });
if (!report.layers) throw new Error(`${opts.trace}: no per-layer annotations (attn(F), ...)`);
const chip = catalog.get('chip', 'h800-sxm');

// Routed rows this GPU's experts processed per layer: the largest per-token FP8 cast of each mlp range launches one
// CTA per routed row (the same kernel runs 4096 CTAs for the 4096 tokens of the shared expert and of attention).
const casts = report.summary.kernels.filter(
  (k) =>
    k.annotation?.part === 'mlp' &&
    (k.annotation.phase === 'F' || k.annotation.phase === 'B') &&
    /^void cuda::per_token_cast_to_fp8_with_channels</.test(k.name),
);
const mlpRanges = report.summary.annotations
  .filter((a) => a.name === 'mlp(F)' || a.name === 'mlp(B)')
  .reduce((n, a) => n + a.ranges, 0);
const byRange = new Map();
for (const k of casts)
  byRange.set(
    `${k.annotation.name}@${k.rangeStart}`,
    Math.max(byRange.get(`${k.annotation.name}@${k.rangeStart}`) ?? 0, k.ctas),
  );
if (byRange.size !== mlpRanges)
  throw new Error(
    `expected per-token casts in each of the ${mlpRanges} mlp(F)/mlp(B) ranges, found them in ${byRange.size}`,
  );
const rows = [...byRange.values()];
const mean = rows.reduce((a, b) => a + b, 0) / rows.length;
const routedRowsPerGpu = {
  perLayer: rows,
  min: Math.min(...rows),
  max: Math.max(...rows),
  mean,
  maxOverMean: Math.max(...rows) / mean,
  how: 'largest CTA count of the per_token_cast_to_fp8_with_channels kernels in each mlp(F) and mlp(B) range (one CTA per routed row), on the traced GPU (rank 0), its 8 MoE-layer passes in timeline order',
};

const RUN = { workload: 'deepseek-v3', cluster: 'default', kernel: 'deepep-v1', gpus: 2048, config: CONFIG };
const trace = traceFigures(
  report.summary,
  report.layers,
  { source: SOURCE, command: COMMAND, setup: SETUP, run: RUN },
  routedRowsPerGpu,
);
const label = `${SOURCE} (read by src/trace/ with ${COMMAND})`;
const measurements = traceMeasurementRows(report.summary, chip, report.run).map((m) => ({
  ...m,
  source: m.source.replace(report.summary.file, SOURCE),
}));
const file = {
  chip: 'h800-sxm',
  description:
    "DeepSeek-V3 training on H800, read from DeepSeek's profiler trace: DeepEP all-to-all rates inside training (20 SMs, overlapped with GEMMs; " +
    "bytes from the model's routing) and, under \"trace\", the chunk pair's and one MoE layer's figures",
  sources: [label],
  measurements,
  trace,
};
parseMeasurements(file, relative(ROOT, opts.out)); // the file must load as every shipped measurement file does
writeFileSync(opts.out, `${JSON.stringify(file, null, 2)}\n`);
process.stderr.write(
  `wrote ${relative(process.cwd(), opts.out)}: ${measurements.length} rows, span ${trace.pair.spanMs} ms, per layer ${trace.perLayer.totalMs} ms\n`,
);
