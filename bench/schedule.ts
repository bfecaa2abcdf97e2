/**
 * Simulations per second of the schedule engine at the size the cost model meets (PP = 16, 120 micro-batches), per
 * schedule, plus the one-off build (generate + compile) time. Run: `npx tsc -p tsconfig.json && node dist/bench/schedule.js`.
 * Each figure is the median of RUNS runs of about RUN_SECONDS each, on one core; sims per CPU-second is the steadier
 * figure on a shared machine, sims per wall-second what a user sees.
 */
import { performance } from 'node:perf_hooks';
import { SCHEDULES, type ScheduleKind } from '../src/contract/config.js';
import { generate } from '../src/schedule/build.js';
import { compile } from '../src/schedule/compile.js';
import type { Durations } from '../src/schedule/schedule.js';
import { simulate } from '../src/schedule/simulate.js';
import type { ScheduleParams } from '../src/schedule/types.js';

const PP = 16;
const MICRO_BATCHES = 120;
const INTERLEAVED_VPP = 2;
/** Interleaving needs a multiple of PP: the nearest one above MICRO_BATCHES. */
const INTERLEAVED_MICRO_BATCHES = Math.ceil(MICRO_BATCHES / PP) * PP;
const RUNS = 5;
const RUN_SECONDS = 0.5;
const BUILD_REPEATS = 5;

function median(xs: number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function paramsOf(kind: ScheduleKind): ScheduleParams {
  return kind === 'interleaved-1f1b'
    ? { pp: PP, microBatches: INTERLEAVED_MICRO_BATCHES, vpp: INTERLEAVED_VPP }
    : { pp: PP, microBatches: MICRO_BATCHES };
}

function benchmark(kind: ScheduleKind): { opCount: number; buildMs: number; cpuRate: number; wallRate: number } {
  const buildTimes: number[] = [];
  let schedule = compile(generate(kind, paramsOf(kind)));
  for (let i = 0; i < BUILD_REPEATS; i++) {
    const t0 = performance.now();
    schedule = compile(generate(kind, paramsOf(kind)));
    buildTimes.push(performance.now() - t0);
  }
  const cpuRates: number[] = [];
  const wallRates: number[] = [];
  let sink = 0;
  for (let run = 0; run < RUNS; run++) {
    let sims = 0;
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    let elapsed = 0;
    while (elapsed < RUN_SECONDS * 1000) {
      for (let k = 0; k < 100; k++, sims++) {
        // durations vary per call, as they do in a search
        const d: Durations = { F: 1 + (sims & 7) * 0.01, B: 1.1, W: 0.9, FB: 2.5, p2p: 0.05 };
        sink += simulate(schedule, d).stepTime;
      }
      elapsed = performance.now() - t0;
    }
    const cpu = process.cpuUsage(cpu0);
    cpuRates.push(sims / ((cpu.user + cpu.system) / 1e6));
    wallRates.push(sims / (elapsed / 1000));
  }
  if (!Number.isFinite(sink)) throw new Error('non-finite step time');
  return {
    opCount: schedule.opCount,
    buildMs: median(buildTimes),
    cpuRate: median(cpuRates),
    wallRate: median(wallRates),
  };
}

console.log(
  `schedule simulation, PP=${PP}, ${MICRO_BATCHES} micro-batches (interleaved: ${INTERLEAVED_MICRO_BATCHES} micro-batches, vpp=${INTERLEAVED_VPP}); median of ${RUNS} runs of ~${RUN_SECONDS}s`,
);
console.log(
  `${'schedule'.padEnd(18)}${'ops'.padStart(7)}${'build ms'.padStart(10)}${'sims/cpu-s'.padStart(12)}${'sims/wall-s'.padStart(13)}${'ns/op'.padStart(8)}`,
);
for (const kind of SCHEDULES) {
  const { opCount, buildMs, cpuRate, wallRate } = benchmark(kind);
  const nsPerOp = 1e9 / cpuRate / opCount;
  const cells = [
    kind.padEnd(18),
    String(opCount).padStart(7),
    buildMs.toFixed(2).padStart(10),
    Math.round(cpuRate).toString().padStart(12),
    Math.round(wallRate).toString().padStart(13),
    nsPerOp.toFixed(2).padStart(8),
  ];
  console.log(cells.join(''));
}
