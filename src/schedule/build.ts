/**
 * Schedule construction, memoised in a cache its caller owns: the cost model asks for the same (kind, pp,
 * microBatches, vpp) on almost every evaluation, and compiling is ~1000x the cost of simulating.
 */
import { BoundedCache } from '../bounded-cache.js';
import type { ScheduleKind } from '../contract/config.js';
import { compile } from './compile.js';
import { dualPipe, dualPipeShape } from './generators/dualpipe.js';
import { dualPipeV, dualPipeVShape } from './generators/dualpipev.js';
import { gpipe, gpipeShape } from './generators/gpipe.js';
import { interleaved1F1B, interleaved1F1BShape } from './generators/interleaved.js';
import { oneFOneB, oneFOneBShape } from './generators/one-f-one-b.js';
import { zbH1, zbH1Shape } from './generators/zb-h1.js';
import { zbH2, zbH2Shape } from './generators/zb-h2.js';
import { zbV, zbVShape } from './generators/zb-v.js';
import type { Schedule } from './schedule.js';
import type { Program, ProgramShape, ScheduleParams } from './types.js';

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

/** Each family's rules on its parameters, the ones its generator applies first, without building any op. */
const SHAPES: { readonly [K in ScheduleKind]: (params: ScheduleParams) => ProgramShape } = {
  gpipe: gpipeShape,
  '1f1b': oneFOneBShape,
  'interleaved-1f1b': interleaved1F1BShape,
  'zb-h1': zbH1Shape,
  'zb-h2': zbH2Shape,
  'zb-v': zbVShape,
  dualpipe: dualPipeShape,
  dualpipev: dualPipeVShape,
};

/**
 * The shape `generate` would give (chunks per rank and per micro-batch, parameter copies); throws the same
 * ScheduleParamError. For checking a config without paying for its schedule.
 */
export function scheduleShape(kind: ScheduleKind, params: ScheduleParams): ProgramShape {
  return SHAPES[kind](params);
}

/** The op lists of a schedule family for these parameters; throws ScheduleParamError (a UserError) when not allowed. */
export function generate(kind: ScheduleKind, params: ScheduleParams): Program {
  return GENERATORS[kind](params);
}

/** Most schedules a cache keeps compiled; a search revisits a few dozen (pp, microBatches) pairs per schedule. */
export const SCHEDULE_CACHE_LIMIT = 256;

/** Compiled schedules by their parameters, owned by whoever builds many (the cost model holds one per evaluator). */
export type ScheduleCache = BoundedCache<string, Schedule>;

export function createScheduleCache(limit: number = SCHEDULE_CACHE_LIMIT): ScheduleCache {
  return new BoundedCache(limit);
}

/**
 * Compiled schedule for (kind, params), memoised in `cache` when given. A cached result is shared between its
 * callers: treat it as read-only, and note that `simulate` overwrites its summary object.
 */
export function buildSchedule(kind: ScheduleKind, params: ScheduleParams, cache?: ScheduleCache): Schedule {
  if (!cache) return compile(generate(kind, params));
  const key = `${kind}|${params.pp}|${params.microBatches}|${params.vpp ?? ''}`;
  return cache.getOrCreate(key, () => compile(generate(kind, params)));
}
