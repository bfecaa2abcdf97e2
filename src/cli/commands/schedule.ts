/** `autotune schedule`: simulate one pipeline schedule with given op times; JSON timeline or ASCII Gantt chart. */
import type { Command } from 'commander';
import { SCHEDULES, type ScheduleKind } from '../../contract/config.js';
import { invalid, UserError } from '../../errors.js';
import {
  buildSchedule,
  type Durations,
  renderGantt,
  type Schedule,
  type ScheduleField,
  ScheduleParamError,
  timeline,
} from '../../schedule/index.js';
import { parseChoice, parseNonNegative, parsePositive, parseWhole } from '../options.js';

const WHERE = 'autotune schedule';
const TIME_UNIT = ' (time per chunk, any unit)';
/** Chart width when stdout is not a terminal. */
const DEFAULT_WIDTH = 100;
const FLAG_OF: { readonly [F in ScheduleField]: string } = {
  pp: '--pp',
  microBatches: '--micro-batches',
  vpp: '--vpp',
};
/**
 * Most ops (F, B and W of every micro-batch on every chunk) a simulated schedule may hold: about 0.3 GB of timeline
 * and a few seconds. Protects the machine; real schedules (pp 64 x 1024 micro-batches) stay far below it.
 */
const MAX_OPS = 1_000_000;

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

function build(kind: ScheduleKind, pp: number, microBatches: number, vpp: number | undefined): Schedule {
  try {
    return buildSchedule(kind, { pp, microBatches, vpp });
  } catch (err) {
    if (err instanceof ScheduleParamError) {
      if (err.value === undefined)
        throw new UserError(`${WHERE} --schedule ${kind}: ${FLAG_OF[err.field]} is required: ${err.allowed}`);
      throw invalid(`${WHERE} --schedule ${kind}`, FLAG_OF[err.field], err.value, err.allowed);
    }
    throw err;
  }
}

function run(opts: ScheduleOptions): void {
  const kind = parseChoice(WHERE, '--schedule', opts.schedule, SCHEDULES);
  const pp = parseWhole(WHERE, '--pp', opts.pp, 1);
  const microBatches = parseWhole(WHERE, '--micro-batches', opts.microBatches, 1);
  const vpp = opts.vpp === undefined ? undefined : parseWhole(WHERE, '--vpp', opts.vpp, 1);
  const ops = 3 * pp * microBatches * (vpp ?? 1);
  if (ops > MAX_OPS) {
    throw invalid(
      WHERE,
      '--pp x --micro-batches',
      `${pp} x ${microBatches}${vpp ? ` x --vpp ${vpp}` : ''}`,
      `at most ${MAX_OPS} ops (3 per micro-batch and stage) in one simulated schedule; this asks ${ops}`,
    );
  }
  const [F, B] = [parsePositive(WHERE, '--f', opts.f, TIME_UNIT), parsePositive(WHERE, '--b', opts.b, TIME_UNIT)];
  const W = parseNonNegative(WHERE, '--w', opts.w, TIME_UNIT);
  const FB = opts.fb === undefined ? F + B + W : parseNonNegative(WHERE, '--fb', opts.fb, TIME_UNIT);
  // An overlapped pair holds a forward and a backward, so it cannot be shorter than the longer of them.
  if (FB < Math.max(F, B))
    throw invalid(WHERE, '--fb', opts.fb, `at least the longer of --f and --b (${Math.max(F, B)}): the pair runs both`);
  const durations: Durations = { F, B, W, FB, p2p: parseNonNegative(WHERE, '--p2p', opts.p2p, TIME_UNIT) };
  // Every op and hop run one after another bounds any figure of the timeline: finite that, finite all.
  if (!Number.isFinite((F + B + W + FB + durations.p2p) * ops)) {
    throw invalid(
      WHERE,
      '--f, --b, --w, --fb, --p2p',
      `${F}, ${B}, ${W}, ${FB}, ${durations.p2p}`,
      `too large: a step of ${ops} ops would overflow; use a smaller time unit`,
    );
  }
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
    .description(
      'simulate a pipeline schedule with given per-chunk op times: ASCII Gantt chart, or the timeline as JSON',
    )
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
