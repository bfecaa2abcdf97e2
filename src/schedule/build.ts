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

/**
 * Each family: its generator, and its rules on the parameters without building any op (the generator applies them
 * first, so both refuse the same parameters with the same ScheduleParamError).
 */
const FAMILIES: {
  readonly [K in ScheduleKind]: {
    generate: (params: ScheduleParams) => Program;
    shape: (params: ScheduleParams) => ProgramShape;
  };
} = {
  gpipe: { generate: gpipe, shape: gpipeShape },
  '1f1b': { generate: oneFOneB, shape: oneFOneBShape },
  'interleaved-1f1b': { generate: interleaved1F1B, shape: interleaved1F1BShape },
  'zb-h1': { generate: zbH1, shape: zbH1Shape },
  'zb-h2': { generate: zbH2, shape: zbH2Shape },
  'zb-v': { generate: zbV, shape: zbVShape },
  dualpipe: { generate: dualPipe, shape: dualPipeShape },
  dualpipev: { generate: dualPipeV, shape: dualPipeVShape },
};

/**
 * The shape `generate` would give (chunks per rank and per micro-batch, parameter copies); throws the same
 * ScheduleParamError. For checking a config without paying for its schedule.
 */
export function scheduleShape(kind: ScheduleKind, params: ScheduleParams): ProgramShape {
  return FAMILIES[kind].shape(params);
}

/** The op lists of a schedule family for these parameters; throws ScheduleParamError (a UserError) when not allowed. */
export function generate(kind: ScheduleKind, params: ScheduleParams): Program {
  return FAMILIES[kind].generate(params);
}

/** The key a schedule is memoised under: what its generator reads. */
export function scheduleKey(kind: ScheduleKind, params: ScheduleParams): string {
  return `${kind}|${params.pp}|${params.microBatches}|${params.vpp ?? ''}`;
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
  return cache.getOrCreate(scheduleKey(kind, params), () => compile(generate(kind, params)));
}
