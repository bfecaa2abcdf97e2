/**
 * `npm run bench [-- NAME ...]`: runs the benchmarks one after another (each in its own process, so one's warm-up
 * and memory do not disturb the next), printing each one's figures under a heading. Default: all of them; the
 * optimiser benchmark runs on its synthetic problem (see bench/README.md for the cost-model specs).
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const BENCHMARKS = {
  model: 'cost-model evaluations per second',
  'evaluate-jsonl': 'autotune evaluate --jsonl configs per second, end to end',
  schedule: 'schedule simulations per second',
  compile: 'schedule builds (generate + compile), nanoseconds per op',
  ui: 'what the terminal UI costs a study',
  optimisers: 'optimisers against the exhaustive optimum (synthetic problem)',
} as const;
type BenchmarkName = keyof typeof BENCHMARKS;

function isBenchmark(name: string): name is BenchmarkName {
  return Object.hasOwn(BENCHMARKS, name);
}

const asked = process.argv.slice(2);
const unknown = asked.filter((name) => !isBenchmark(name));
if (unknown.length > 0) {
  process.stderr.write(`bench: ${unknown.join(', ')}: unknown; benchmarks are ${Object.keys(BENCHMARKS).join(', ')}\n`);
  process.exit(2);
}
const names = asked.length > 0 ? asked.filter(isBenchmark) : (Object.keys(BENCHMARKS) as BenchmarkName[]);
let failed = 0;
for (const name of names) {
  process.stdout.write(`\n## ${name}: ${BENCHMARKS[name]}\n\n`);
  const script = fileURLToPath(new URL(`./${name}.js`, import.meta.url));
  const run = spawnSync(process.execPath, [script], {
    stdio: 'inherit',
    env: { ...process.env, NODE_ENV: process.env.NODE_ENV ?? 'production' },
  });
  if (run.status !== 0) {
    process.stderr.write(`bench: ${name} exited with ${run.status ?? run.signal}\n`);
    failed += 1;
  }
}
process.exitCode = failed > 0 ? 1 : 0;
