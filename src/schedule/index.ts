/** The schedule engine's public surface: build (into a caller's cache), check, simulate, timeline, draw. */
export {
  buildSchedule,
  createScheduleCache,
  generate,
  SCHEDULE_CACHE_LIMIT,
  type ScheduleCache,
  scheduleKey,
  scheduleShape,
} from './build.js';
export { assertValidSchedule, checkProgram, checkSchedule } from './check.js';
export { compile } from './compile.js';
export { formatTime, GANTT_IDLE, GANTT_LETTER, renderGantt } from './gantt.js';
export { PeriodicSimulator } from './periodic.js';
export { type ScheduleField, ScheduleParamError } from './requirements.js';
export {
  type Durations,
  durationOf,
  type OpDurations,
  type Schedule,
  type SimSummary,
  type Violation,
} from './schedule.js';
export { type RankTimeline, simulate, type Timeline, type TimelineOp, timeline } from './simulate.js';
export {
  OP_INDEX,
  OP_KINDS,
  type Op,
  type OpKind,
  type Program,
  type ProgramShape,
  type ScheduleParams,
} from './types.js';
