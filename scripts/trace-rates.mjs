#!/usr/bin/env node
/**
 * Derives the chip profiles' kernel-level rates from a traced chunk pair (the `trace` section of a measurement file,
 * DeepSeek's H800 trace by default): per non-GEMM family, the model's bytes at the base non-GEMM HBM rate over the
 * trace's time for that family (`efficiency.nonGemmRelativeRate`). Prints them; `--write` stores them in every chip
 * profile that carries the H800's figures (their sources say so).
 *
 *   npm run build && node scripts/trace-rates.mjs [--file models/measurements/deepseek-v3-trace-h800.json] [--write]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = (path) => import(join(ROOT, 'dist', 'src', path));
const [{ tracedRun, TRACE_FAMILY }, { moeChunkPair }, { Catalog }] = await Promise.all([dist('calibrate/trace-pair.js'), dist('model/index.js'), dist('profiles/catalog.js')]);
const { values: opts } = parseArgs({
  options: { file: { type: 'string', default: join(ROOT, 'models', 'measurements', 'deepseek-v3-trace-h800.json') }, write: { type: 'boolean', default: false } },
});

const catalog = new Catalog();
const { input, trace, config } = tracedRun(catalog, opts.file);
const unit = { ...input, chip: { ...input.chip, efficiency: { ...input.chip.efficiency, nonGemmRelativeRate: {} } } };
const layers = trace.perLayer.layers;
const pair = moeChunkPair(unit, config, layers);
const perLayerMs = (family) => ((pair.nonGemm[family] ?? 0) * 1e3) / layers;
const rates = {};
for (const [kind, family] of Object.entries(TRACE_FAMILY)) rates[family] = Number((perLayerMs(family) / trace.perLayer.nonGemm[kind]).toFixed(3));
rates['attention-aux'] = Number((perLayerMs('attention-aux') / trace.perLayer.attention.backwardPrePostMs).toFixed(3));
process.stdout.write(`${JSON.stringify(rates)}\n`);

if (opts.write) {
  for (const id of catalog.ids('chip')) {
    const path = join(ROOT, 'models', 'chips', `${id}.json`);
    const json = JSON.parse(readFileSync(path, 'utf8'));
    if (!/nonGemmRelativeRate|trace-rates/.test(json.sources['efficiency.nonGemmRelativeRate'] ?? '')) continue;
    json.efficiency.nonGemmRelativeRate = rates;
    writeFileSync(path, `${JSON.stringify(json, null, 2)}\n`);
    process.stderr.write(`wrote ${id}\n`);
  }
}
