/**
 * How bo's own time grows with the observations: one bo run per seed on a spec answered from a --cache table, every
 * ask timed (refits included, as they run inside asks). Prints per band of observations the median and the largest
 * ask, and the total. An ask blocks the event loop for its whole length, so the largest ask is what the UI waits.
 * `--impl DIR` loads the optimiser from another build (e.g. the code before a change, /path/to/old/dist), so before
 * and after can alternate in one run. Usage (after `npm run build`):
 *   node dist/bench/bo-scaling.js --spec searches/deepseek-v3-h800.json --cache /tmp/h800.json --budget 1000
 *                                 [--seeds 1] [--impl other/dist] [--bands 50,200,500,1000]
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { median } from 'simple-statistics';
import type { createOptimizer as CreateOptimizer } from '../src/search/optimizers/index.js';
import { canonicalKey } from '../src/search/space.js';
import { specProblem, tabulate } from './problems.js';

const DEFAULT_EVALUATOR = {
  module: new URL('../src/model/index.js', import.meta.url).pathname,
  exportName: 'createEvaluator',
};

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      spec: { type: 'string', default: 'searches/deepseek-v3-h800.json' },
      cache: { type: 'string' },
      budget: { type: 'string', default: '1000' },
      seeds: { type: 'string', default: '1' },
      batch: { type: 'string', default: '4' },
      impl: { type: 'string' },
      bands: { type: 'string', default: '50,100,200,300,500,750,1000' },
    },
  });
  const optimizerModule = values.impl
    ? pathToFileURL(resolve(values.impl, 'src/search/optimizers/index.js')).href
    : new URL('../src/search/optimizers/index.js', import.meta.url).href;
  const { createOptimizer } = (await import(optimizerModule)) as { createOptimizer: typeof CreateOptimizer };
  const source = await specProblem(values.spec!, DEFAULT_EVALUATOR, values.cache);
  const { problem, optimum } = tabulate(source, values.cache);
  const budget = Number(values.budget);
  const batch = Number(values.batch);
  const bands = values.bands!.split(',').map(Number);
  const asks: { told: number; ms: number }[] = [];
  const totals: number[] = [];
  const regrets: number[] = [];
  for (let seed = 0; seed < Number(values.seeds); seed++) {
    const optimizer = createOptimizer('bo', problem.space as never, { seed });
    let told = 0;
    let total = 0;
    let best = -Infinity;
    const seen = new Set<string>();
    while (told < budget) {
      const start = performance.now();
      const asked = optimizer.ask(Math.min(batch, budget - told));
      const ms = performance.now() - start;
      if (asked.length === 0) break;
      asks.push({ told, ms });
      total += ms;
      const observations = asked.map((params) => {
        const key = canonicalKey(params);
        if (seen.has(key)) throw new Error(`bo asked ${key} twice`);
        seen.add(key);
        const o = problem.observe(params);
        best = Math.max(best, o.value ?? -Infinity);
        return o;
      });
      optimizer.tell(observations);
      told += asked.length;
    }
    totals.push(total / 1000);
    regrets.push((optimum.value - best) / Math.abs(optimum.value));
  }
  console.log(
    `${problem.name}, impl ${values.impl ?? 'this build'}, budget ${budget}, batch ${batch}, ${totals.length} seed(s)`,
  );
  console.log('| observations told | asks | median ms | max ms |\n|---|---|---|---|');
  let from = 0;
  for (const to of bands) {
    const inBand = asks.filter((a) => a.told >= from && a.told < to).map((a) => a.ms);
    if (inBand.length > 0)
      console.log(
        `| ${from}-${to - 1} | ${inBand.length} | ${median(inBand).toFixed(1)} | ${Math.max(...inBand).toFixed(1)} |`,
      );
    from = to;
  }
  console.log(
    `total bo time per run: ${totals.map((t) => t.toFixed(2)).join(', ')} s; largest ask ${Math.max(...asks.map((a) => a.ms)).toFixed(1)} ms; regret at the end ${regrets.map((r) => `${(100 * r).toFixed(2)}%`).join(', ')}`,
  );
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
