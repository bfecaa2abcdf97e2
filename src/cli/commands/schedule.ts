/** `autotune schedule`: simulate one pipeline schedule with given op times; JSON timeline or ASCII Gantt chart. */
import type { Command } from 'commander';
import { SCHEDULES, type ScheduleKind } from '../../config.js';
import { invalid } from '../../errors.js';
import { buildSchedule, renderGantt, ScheduleParamError, timeline, type Durations, type ScheduleField, type Schedule } from '../../schedule/index.js';

const WHERE = 'autotune schedule';
/** Chart width when stdout is not a terminal. */
const DEFAULT_WIDTH = 100;
const FLAG_OF: { readonly [F in ScheduleField]: string } = { pp: '--pp', microBatches: '--micro-batches', vpp: '--vpp' };

interface ScheduleOptions {
  schedule: string;
  pp: string;
  microBatches: string;
  vpp?: string;
  f: string;
  b: string;
  w: string;
  fb?: string;
  p2p: string;
  json?: boolean;
}

function parseKind(value: string): ScheduleKind {
  const kind = SCHEDULES.find((s) => s === value);
  if (kind === undefined) throw invalid(WHERE, '--schedule', value, `one of ${SCHEDULES.join(', ')}`);
  return kind;
}

function parseCount(flag: string, value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isInteger(n) || n < 1) throw invalid(WHERE, flag, value, 'a whole number >= 1');
  return n;
}

function parseTime(flag: string, value: string): number {
  const t = Number(value);
  if (value.trim() === '' || !Number.isFinite(t) || t < 0) throw invalid(WHERE, flag, value, 'a finite number >= 0 (time per chunk, any unit)');
  return t;
}

function build(kind: ScheduleKind, pp: number, microBatches: number, vpp: number | undefined): Schedule {
  try {
    return buildSchedule(kind, { pp, microBatches, vpp });
  } catch (err) {
    if (err instanceof ScheduleParamError) throw invalid(`${WHERE} --schedule ${kind}`, FLAG_OF[err.field], err.value, err.allowed);
    throw err;
  }
}

function run(opts: ScheduleOptions): void {
  const kind = parseKind(opts.schedule);
  const pp = parseCount('--pp', opts.pp);
  const microBatches = parseCount('--micro-batches', opts.microBatches);
  const vpp = opts.vpp === undefined ? undefined : parseCount('--vpp', opts.vpp);
  const [F, B, W] = [parseTime('--f', opts.f), parseTime('--b', opts.b), parseTime('--w', opts.w)];
  const FB = opts.fb === undefined ? F + B + W : parseTime('--fb', opts.fb);
  const durations: Durations = { F, B, W, FB, p2p: parseTime('--p2p', opts.p2p) };
  const schedule = build(kind, pp, microBatches, vpp);
  const result = timeline(schedule, durations);
  if (opts.json) {
    const { stepTime, ranks, ...about } = result;
    const out = { stepTime, ranks, ...about, vpp: vpp ?? null, parameterCopies: schedule.parameterCopies, durations };
    process.stdout.write(`${JSON.stringify(out)}\n`);
    return;
  }
  const width = process.stdout.columns ?? DEFAULT_WIDTH;
  process.stdout.write(`${renderGantt(result, width).join('\n')}\n`);
}

export function registerSchedule(program: Command): void {
  program
    .command('schedule')
    .description('simulate a pipeline schedule with given per-chunk op times: ASCII Gantt chart, or the timeline as JSON')
    .requiredOption('--schedule <kind>', `pipeline schedule: ${SCHEDULES.join(', ')}`)
    .requiredOption('--pp <n>', 'pipeline ranks (for dualpipev: devices, each holding 2 chunks)')
    .requiredOption('--micro-batches <n>', 'micro-batches per step, all directions together')
    .option('--vpp <n>', 'virtual stages per rank (interleaved-1f1b only)')
    .requiredOption('--f <t>', 'forward time of one chunk')
    .requiredOption('--b <t>', 'input-backward time of one chunk')
    .requiredOption('--w <t>', 'weight-backward time of one chunk')
    .option('--fb <t>', 'time of one forward overlapped with one full backward (default: f+b+w, no overlap gain)')
    .option('--p2p <t>', 'latency of one cross-rank hop', '0')
    .option('--json', 'print the simulated timeline as JSON')
    .action((opts: ScheduleOptions) => run(opts));
}
