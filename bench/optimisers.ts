/**
 * Compares the optimisers against the exhaustive optimum: median and interquartile range over seeds of the
 * relative regret (optimum - best so far) / |optimum| after k evaluations, the share of runs within 1%, and each
 * optimiser's own time per ask. Usage (after `npm run build`):
 *   node dist/bench/optimisers.js [--seeds 20] [--budget 200] [--optimizers bo,evo,random,qmc] [--batch N]
 *                                 [--spec searches/x.json [--evaluator module.js#export]] [--cache table.json]
 * Without --spec the problem is the synthetic one (src/search/synthetic.ts); with it, the spec is evaluated by the
 * cost model (dist/src/model/index.js#createEvaluator unless --evaluator says otherwise). The objective is
 * tabulated over the whole space first (the exhaustive optimum needs it anyway); --cache keeps that table in a
 * file, so later runs start at once and answer from it.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { median, quantile } from 'simple-statistics';
import { OPTIMIZERS, type OptimizerName } from '../src/contract/spec.js';
import { createOptimizer } from '../src/search/optimizers/index.js';
import { canonicalKey } from '../src/search/space.js';
import { type BenchProblem, specProblem, syntheticProblem, tabulate } from './problems.js';

const CHECKPOINTS = [20, 50, 60, 100, 150, 200];
/** The cost model's factory, compiled next to this file (dist/bench -> dist/src/model). */
const DEFAULT_EVALUATOR = `${fileURLToPath(new URL('../src/model/index.js', import.meta.url))}#createEvaluator`;

interface Run {
  /** Best value after each evaluation. */
  bestSoFar: number[];
  askMs: number[];
  /** Ask times once at least 180 observations were told. */
  lateAskMs: number[];
}

function runOnce(problem: BenchProblem, name: OptimizerName, seed: number, budget: number, batch: number): Run {
  const optimizer = createOptimizer(name, problem.space, { seed });
  const seen = new Set<string>();
  const run: Run = { bestSoFar: [], askMs: [], lateAskMs: [] };
  let best = -Infinity;
  while (run.bestSoFar.length < budget) {
    const start = performance.now();
    const asked = optimizer.ask(Math.min(batch, budget - run.bestSoFar.length));
    const ms = performance.now() - start;
    if (asked.length === 0) break;
    run.askMs.push(ms);
    if (run.bestSoFar.length >= 180) run.lateAskMs.push(ms);
    const observations = asked.map((params) => {
      const key = canonicalKey(params);
      if (seen.has(key)) throw new Error(`${name} asked ${key} twice`);
      seen.add(key);
      const observation = problem.observe(params);
      best = Math.max(best, observation.value ?? -Infinity);
      run.bestSoFar.push(best);
      return observation;
    });
    optimizer.tell(observations);
  }
  return run;
}

/** A regret as a percentage; 'none' while no feasible config was found. */
function percent(x: number): string {
  return Number.isFinite(x) ? `${(100 * x).toFixed(2)}%` : 'none';
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      seeds: { type: 'string', default: '20' },
      budget: { type: 'string', default: '200' },
      optimizers: { type: 'string', default: 'bo,evo,random,qmc' },
      batch: { type: 'string' },
      spec: { type: 'string' },
      evaluator: { type: 'string' },
      cache: { type: 'string' },
    },
  });
  const [module, exportName = 'createEvaluator'] = (values.evaluator ?? DEFAULT_EVALUATOR).split('#');
  const cached = values.cache !== undefined && existsSync(values.cache);
  const source = values.spec
    ? await specProblem(values.spec, cached ? null : { module: module!, exportName }, values.cache)
    : syntheticProblem();
  const seeds = Number(values.seeds);
  const budget = Number(values.budget);
  const batch = values.batch ? Number(values.batch) : source.batchSize;
  const names = values.optimizers!.split(',') as OptimizerName[];
  for (const name of names)
    if (!OPTIMIZERS.includes(name)) throw new Error(`unknown optimizer ${name}; known: ${OPTIMIZERS.join(', ')}`);
  const { optimum, problem } = tabulate(source, values.cache);
  console.log(`### ${problem.name}\n`);
  console.log(
    `${optimum.points} valid points, ${optimum.feasible} feasible; exhaustive optimum ${optimum.value.toPrecision(6)} at \`${JSON.stringify(optimum.params)}\`.`,
  );
  console.log(
    `${seeds} seeds, budget ${budget}, batch ${batch}. Regret (optimum - best so far) / |optimum|: median [25th-75th percentile].\n`,
  );
  const checkpoints = CHECKPOINTS.filter((k) => k <= budget);
  const header = [
    'optimizer',
    ...checkpoints.map((k) => `after ${k}`),
    'runs ≤1% @60',
    'runs ≤2% @150',
    'ms/ask',
    'ms/ask @180+ obs',
  ];
  console.log(`| ${header.join(' | ')} |\n|${header.map(() => '---').join('|')}|`);
  for (const name of names) {
    const runs = Array.from({ length: seeds }, (_, seed) => runOnce(problem, name, seed, budget, batch));
    const regretAt = (run: Run, k: number): number => {
      const best = run.bestSoFar[Math.min(k, run.bestSoFar.length) - 1] ?? -Infinity;
      return Number.isFinite(best) ? (optimum.value - best) / Math.abs(optimum.value) : Infinity;
    };
    const cells = checkpoints.map((k) => {
      const regrets = runs.map((r) => regretAt(r, k));
      return `${percent(median(regrets))} [${percent(quantile(regrets, 0.25))}-${percent(quantile(regrets, 0.75))}]`;
    });
    const share = (k: number, limit: number): string =>
      k <= budget ? `${runs.filter((r) => regretAt(r, k) <= limit).length}/${seeds}` : '-';
    const askMs = runs.flatMap((r) => r.askMs);
    const lateMs = runs.flatMap((r) => r.lateAskMs);
    const row = [
      name,
      ...cells,
      share(60, 0.01),
      share(150, 0.02),
      median(askMs).toFixed(3),
      lateMs.length ? median(lateMs).toFixed(3) : '-',
    ];
    console.log(`| ${row.join(' | ')} |`);
  }
  console.log('');
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
