#!/usr/bin/env node
/**
 * Derives the traced training code's non-GEMM kernel rates from a traced chunk pair (the `trace` section of a
 * measurement file, DeepSeek's H800 trace by default): per family, the model's bytes at the chip's base non-GEMM HBM
 * rate over the trace's time for that family (the workload's `kernels.nonGemmRelativeRate`). Prints them; `--write`
 * stores them in every workload profile whose source names this script (DeepSeek's training code).
 *
 *   npm run build && node scripts/trace-rates.mjs [--file models/measurements/deepseek-v3-trace-h800.json] [--write]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = (path) => import(join(ROOT, 'dist', 'src', path));
const [{ tracedRun, TRACE_FAMILY }, { moeChunkPair }, { Catalog }] = await Promise.all([
  dist('calibrate/trace-pair.js'),
  dist('model/index.js'),
  dist('profiles/catalog.js'),
]);
const { values: opts } = parseArgs({
  options: {
    file: { type: 'string', default: join(ROOT, 'models', 'measurements', 'deepseek-v3-trace-h800.json') },
    write: { type: 'boolean', default: false },
  },
});

const catalog = new Catalog();
const { input, trace, config } = tracedRun(catalog, opts.file);
const w = input.workload;
const unit = {
  ...input,
  workload: { ...w, kernels: { wgradRelativeRate: w.kernels?.wgradRelativeRate ?? 1, nonGemmRelativeRate: {} } },
};
const layers = trace.perLayer.layers;
const pair = moeChunkPair(unit, config, layers);
const perLayerMs = (family) => ((pair.nonGemm[family] ?? 0) * 1e3) / layers;
const rates = {};
for (const [kind, family] of Object.entries(TRACE_FAMILY))
  rates[family] = Number((perLayerMs(family) / trace.perLayer.nonGemm[kind]).toFixed(3));
rates['attention-aux'] = Number((perLayerMs('attention-aux') / trace.perLayer.attention.backwardPrePostMs).toFixed(3));
process.stdout.write(`${JSON.stringify(rates)}\n`);

if (opts.write) {
  for (const id of catalog.ids('workload')) {
    const path = join(ROOT, 'models', 'workloads', `${id}.json`);
    const json = JSON.parse(readFileSync(path, 'utf8'));
    if (!/trace-rates/.test(json.sources['kernels.nonGemmRelativeRate'] ?? '')) continue;
    json.kernels.nonGemmRelativeRate = rates;
    writeFileSync(path, `${JSON.stringify(json, null, 2)}\n`);
    process.stderr.write(`wrote ${id}\n`);
  }
}
