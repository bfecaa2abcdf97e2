/**
 * Schedule builds (generate + compile) per second of ops, over the schedules a search meets: every family at
 * pp 4..32 and 32..512 micro-batches, where its rules allow them. A study builds each once per thread, so this is
 * part of its start-up. `--root DIR` loads another build (DIR/dist/src/...), so before and after can alternate.
 * Run: `npx tsc -p tsconfig.json && node dist/bench/compile.js [--passes 5] [--root DIR]`.
 */
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { median } from 'simple-statistics';
import { SCHEDULES } from '../src/contract/config.js';
import type * as ScheduleModule from '../src/schedule/index.js';

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1]! : fallback;
}

const root = resolve(option('--root', fileURLToPath(new URL('../..', import.meta.url))));
const passes = Number(option('--passes', '5'));
const { compile, generate } = (await import(
  pathToFileURL(join(root, 'dist/src/schedule/index.js')).href
)) as typeof ScheduleModule;

const params = SCHEDULES.flatMap((kind) =>
  [4, 8, 16, 32].flatMap((pp) =>
    [32, 64, 120, 128, 240, 256, 480, 512].map((microBatches) => ({
      kind,
      params: { pp, microBatches, vpp: kind === 'interleaved-1f1b' ? 2 : undefined },
    })),
  ),
).filter(({ kind, params }) => {
  try {
    generate(kind, params);
    return true;
  } catch {
    return false; // not allowed by the family's rules
  }
});

const times: number[] = [];
let ops = 0;
for (let pass = 0; pass < passes; pass++) {
  ops = 0;
  const start = performance.now();
  for (const { kind, params: p } of params) ops += compile(generate(kind, p)).opCount;
  times.push(performance.now() - start);
}
const ms = median(times);
console.log(
  `schedule builds (${root}): ${params.length} schedules, ${ops.toLocaleString('en-US')} ops, ${ms.toFixed(0)} ms a pass ` +
    `(median of ${passes}; first pass ${times[0]!.toFixed(0)} ms), ${((ms * 1e6) / ops).toFixed(0)} ns per op`,
);
