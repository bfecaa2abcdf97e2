/**
 * Schedule construction with a bounded memo: the cost model asks for the same (kind, pp, microBatches, vpp) on almost
 * every evaluation, and compiling is ~1000x the cost of simulating.
 */
import type { ScheduleKind } from '../contract/config.js';
import { compile } from './compile.js';
import { dualPipe } from './generators/dualpipe.js';
import { dualPipeV } from './generators/dualpipev.js';
import { gpipe } from './generators/gpipe.js';
import { interleaved1F1B } from './generators/interleaved.js';
import { oneFOneB } from './generators/one-f-one-b.js';
import { zbH1 } from './generators/zb-h1.js';
import { zbH2 } from './generators/zb-h2.js';
import { zbV } from './generators/zb-v.js';
import type { Schedule } from './schedule.js';
import type { Program, ScheduleParams } from './types.js';

const GENERATORS: { readonly [K in ScheduleKind]: (params: ScheduleParams) => Program } = {
  gpipe,
  '1f1b': oneFOneB,
  'interleaved-1f1b': interleaved1F1B,
  'zb-h1': zbH1,
  'zb-h2': zbH2,
  'zb-v': zbV,
  dualpipe: dualPipe,
  dualpipev: dualPipeV,
};

/** The op lists of a schedule family for these parameters; throws ScheduleParamError (a UserError) when not allowed. */
export function generate(kind: ScheduleKind, params: ScheduleParams): Program {
  return GENERATORS[kind](params);
}

/** Most schedules kept compiled; a search revisits a few dozen (pp, microBatches) pairs per schedule. */
export const SCHEDULE_CACHE_LIMIT = 256;

/** The one piece of module state: least-recently-used compiled schedules, keyed by their parameters. */
const cache = new Map<string, Schedule>();

/**
 * Compiled schedule for (kind, params), memoised (LRU of SCHEDULE_CACHE_LIMIT). The result is shared between callers:
 * treat it as read-only, and note that `simulate` overwrites its summary object.
 */
export function buildSchedule(kind: ScheduleKind, params: ScheduleParams): Schedule {
  const key = `${kind}|${params.pp}|${params.microBatches}|${params.vpp ?? ''}`;
  const hit = cache.get(key);
  if (hit !== undefined) {
    cache.delete(key); // re-insert: Map iteration order is the recency order
    cache.set(key, hit);
    return hit;
  }
  const schedule = compile(generate(kind, params));
  cache.set(key, schedule);
  if (cache.size > SCHEDULE_CACHE_LIMIT) cache.delete(cache.keys().next().value!);
  return schedule;
}
