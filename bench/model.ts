/**
 * Cost-model throughput: full evaluations per second on one core, DeepSeek-V3 on 2048 H800s, PP=16, 120
 * micro-batches, for DualPipe, 1F1B and ZB-H1. commSMs cycles through every allowed value so no trivial cache
 * hides the per-config work. Prints the median of several timed runs, with the per-config memos on (as in a study)
 * and off (item costs, chunk durations and overlapped pairs recomputed on every call).
 *
 *   npx tsc -p tsconfig.json && node dist/bench/model.js [--seconds-per-run 1] [--runs 7]
 */
import type { Config, ScheduleKind } from '../src/contract/config.js';
import { createModel, type CostModel } from '../src/model/evaluate.js';
import { Catalog } from '../src/profiles/catalog.js';

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

const secondsPerRun = option('--seconds-per-run', 1);
const runs = option('--runs', 7);
const catalog = new Catalog();
const profiles = {
  workload: catalog.get('workload', 'deepseek-v3'),
  chip: catalog.get('chip', 'h800-sxm'),
  cluster: catalog.get('cluster', 'default'),
  kernel: catalog.get('kernel', 'deepep-v1'),
  gpus: 2048,
};
const warm = createModel(profiles);
/** Recomputes item costs, chunk durations and overlapped pairs on every call (no per-config memo). */
const cold = createModel(profiles, { chunkCacheSize: 0 });
const smChoices = Array.from({ length: 64 }, (_, i) => 2 * (i + 1)); // 2 .. 128, DeepEP's even counts

function evalsPerSecond(model: CostModel, schedule: ScheduleKind): number {
  const configs: Config[] = smChoices.map((commSMs) => ({ schedule, pp: 16, ep: 64, tp: 1, microBatchSize: 1, commSMs, nodeLimit: 4 }));
  let sink = 0;
  for (let i = 0; i < 2000; i++) sink += model.evaluate(configs[i % configs.length]!).stepTimeS; // warm-up
  const results: number[] = [];
  for (let run = 0; run < runs; run++) {
    let n = 0;
    const start = performance.now();
    const end = start + secondsPerRun * 1000;
    let now = start;
    while (now < end) {
      for (let i = 0; i < 100; i++) sink += model.evaluate(configs[(n + i) % configs.length]!).stepTimeS;
      n += 100;
      now = performance.now();
    }
    results.push(n / ((now - start) / 1000));
  }
  if (!Number.isFinite(sink)) throw new Error('non-finite step time');
  results.sort((a, b) => a - b);
  return results[Math.floor(results.length / 2)]!;
}

const micro = warm.evaluate({ schedule: 'dualpipe', pp: 16, ep: 64, tp: 1, microBatchSize: 1, commSMs: 20, nodeLimit: 4 }).details.microBatches;
process.stdout.write(`cost model, DeepSeek-V3 on 2048 H800s, PP=16, ${micro} micro-batches; median of ${runs} runs of ${secondsPerRun} s\n`);
for (const schedule of ['dualpipe', '1f1b', 'zb-h1'] as const) {
  const rate = (model: CostModel) => Math.round(evalsPerSecond(model, schedule)).toLocaleString('en-US').padStart(8);
  process.stdout.write(`${schedule.padEnd(9)} ${rate(warm)} evaluations/s (memoised chunk costs)  ${rate(cold)} evaluations/s (recomputed every call)\n`);
}
