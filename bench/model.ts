/**
 * Cost-model throughput on one core, DeepSeek-V3 on 2048 H800s.
 *
 * - PP=16, 120 micro-batches, for DualPipe, 1F1B and ZB-H1: commSMs cycles through every even value 2..128 so no
 *   trivial cache hides the per-config work; the median of several timed runs, with the per-config memos on (as in a
 *   study that revisits configs: chunk costs and simulations memoised) and off (item costs, chunk durations,
 *   overlapped pairs and the simulation recomputed on every call).
 * - Distinct configs: every valid config of the shipped H800 space (searches/deepseek-v3-h800.json) evaluated once,
 *   in a fixed shuffled order, by a fresh evaluator whose check has built the space first (as a study does; that
 *   set-up, which compiles every schedule, is printed apart). Median over runs.
 *
 *   npx tsc -p tsconfig.json && node dist/bench/model.js [--seconds-per-run 1] [--runs 7] [--root DIR]
 *
 * --root loads the model from another build (DIR/dist/src/...), e.g. a checkout of the code before a change, so two
 * builds can be measured alternately by the same script.
 */
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Config, ScheduleKind } from '../src/contract/config.js';
import type { Evaluator } from '../src/contract/evaluator.js';
import type { createModel as CreateModel } from '../src/model/evaluate.js';
import type { Catalog as CatalogClass } from '../src/profiles/catalog.js';
import type * as SpecModule from '../src/search/spec.js';
import { configOf } from '../src/search/spec.js';

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1]! : fallback;
}

const root = resolve(option('--root', fileURLToPath(new URL('../..', import.meta.url))));
const load = async <T>(path: string): Promise<T> => (await import(pathToFileURL(join(root, path)).href)) as T;
const { createModel } = await load<{ createModel: typeof CreateModel }>('dist/src/model/evaluate.js');
const { Catalog } = await load<{ Catalog: typeof CatalogClass }>('dist/src/profiles/catalog.js');
const { buildSpace, loadSpec } = await load<typeof SpecModule>('dist/src/search/spec.js');

const secondsPerRun = Number(option('--seconds-per-run', '1'));
const runs = Number(option('--runs', '7'));
const catalog = new Catalog();
const profiles = {
  workload: catalog.get('workload', 'deepseek-v3'),
  chip: catalog.get('chip', 'h800-sxm'),
  cluster: catalog.get('cluster', 'default'),
  kernel: catalog.get('kernel', 'deepep-v1'),
  gpus: 2048,
};
const warm = createModel(profiles);
/** Recomputes item costs, chunk durations, overlapped pairs and the simulation on every call (no per-config memo). */
const cold = createModel(profiles, { chunkCacheSize: 0 });
const smChoices = Array.from({ length: 64 }, (_, i) => 2 * (i + 1)); // 2 .. 128, DeepEP's even counts

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function evalsPerSecond(model: Evaluator, schedule: ScheduleKind): number {
  const configs: Config[] = smChoices.map((commSMs) => ({
    schedule,
    pp: 16,
    ep: 64,
    tp: 1,
    microBatchSize: 1,
    commSMs,
    nodeLimit: 4,
  }));
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
  return median(results);
}

/** One pass over the valid configs of the H800 space by a fresh evaluator: [configs, set-up s, evaluation s]. */
function distinctPass(): [number, number, number] {
  const model = createModel(profiles);
  const setupStart = performance.now();
  const spec = loadSpec(join(root, 'searches/deepseek-v3-h800.json'));
  const space = buildSpace(spec, (params) => model.check(configOf(params)));
  const configs = space.validPoints()!.map((point) => space.decode(point) as unknown as Config);
  let x = 17; // a fixed shuffle (LCG): every run and every build evaluates the same order
  for (let i = configs.length - 1; i > 0; i--) {
    x = (x * 1103515245 + 12345) % 2147483648;
    const j = x % (i + 1);
    [configs[i], configs[j]] = [configs[j]!, configs[i]!];
  }
  const start = performance.now();
  let sink = 0;
  for (const c of configs) sink += model.evaluate(c).stepTimeS;
  if (!Number.isFinite(sink)) throw new Error('non-finite step time');
  return [configs.length, (start - setupStart) / 1000, (performance.now() - start) / 1000];
}

const micro = warm.evaluate({
  schedule: 'dualpipe',
  pp: 16,
  ep: 64,
  tp: 1,
  microBatchSize: 1,
  commSMs: 20,
  nodeLimit: 4,
}).details.microBatches;
const fmt = (x: number) => Math.round(x).toLocaleString('en-US').padStart(8);
process.stdout.write(
  `cost model (${root}), DeepSeek-V3 on 2048 H800s, PP=16, ${micro} micro-batches; median of ${runs} runs of ${secondsPerRun} s\n`,
);
for (const schedule of ['dualpipe', '1f1b', 'zb-h1'] as const) {
  process.stdout.write(
    `${schedule.padEnd(9)} ${fmt(evalsPerSecond(warm, schedule))} evaluations/s (memoised)  ${fmt(evalsPerSecond(cold, schedule))} evaluations/s (recomputed every call)\n`,
  );
}
const passes = Array.from({ length: Math.max(1, Math.min(runs, 5)) }, distinctPass);
const [n] = passes[0]!;
process.stdout.write(
  `distinct  ${fmt(median(passes.map(([k, , s]) => k / s)))} evaluations/s over the ${n.toLocaleString('en-US')} valid configs of searches/deepseek-v3-h800.json, ` +
    `each once (median of ${passes.length} passes; set-up ${median(passes.map(([, s]) => s)).toFixed(2)} s: the space's check and decoding; a build whose check compiles the schedules pays for them here, the others in the pass)\n`,
);
