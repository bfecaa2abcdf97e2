/**
 * What the report shows about one chosen config (a study's best, a chip's tuned config, a sweep point's optimum):
 * its simulated schedule, fed with the chunk durations the cost model reported for it (metrics.details.chunkS, as
 * `autotune evaluate` gives them), and throughput against commSMs for its neighbours: the same config with each
 * schedule and every valid commSMs, evaluated by the cost model through its public API.
 */
import { type Config, SCHEDULES, type ScheduleKind } from '../../contract/config.js';
import type { Metrics } from '../../contract/metrics.js';
import { UserError } from '../../errors.js';
import type { CostModel } from '../../model/index.js';
import { buildSchedule, type Timeline, timeline } from '../../schedule/index.js';

export interface CurvePoint {
  commSMs: number;
  tokensPerSecPerGpu: number;
}

export interface ScheduleCurve {
  schedule: ScheduleKind;
  /** Feasible points only, ascending commSMs; infeasible ones (memory) are gaps. */
  points: CurvePoint[];
  /** Why the schedule has no curve at these parameters (invalid, or nothing fits), or null. */
  problem: string | null;
}

export interface CommCurves {
  /** The commSMs tried (valid for the kernel), ascending. */
  tried: number[];
  curves: ScheduleCurve[];
  /** The all-to-all kernel's default SM count (DeepEP's 20, what DeepSeek-V3 ran). */
  kernelDefaultSMs: number;
  kernel: string;
  sms: number;
}

export interface Focus {
  /** Says where the config comes from, e.g. "best of study deepseek-v3-h800". */
  heading: string;
  config: Config;
  metrics: Metrics;
  timeline: Timeline;
  curves: CommCurves | { problem: string };
  notes: string[];
}

/** The schedule simulated with the chunk durations the cost model reported for this config. */
export function timelineOf(config: Config, metrics: Metrics): Timeline {
  const d = metrics.details;
  const schedule = buildSchedule(config.schedule, { pp: config.pp, microBatches: d.microBatches, vpp: config.vpp });
  const { F, B, W, FB, p2p, ranks } = d.chunkS;
  return timeline(schedule, ranks ? { F, B, W, FB, p2p, ranks } : { F, B, W, FB, p2p });
}

/**
 * How far the commSMs axis reaches: twice the larger of the config's commSMs and the kernel's default, within the
 * chip, so the curve shows its rise, its peak and what giving the all-to-all more SMs costs past it.
 */
export function commSMsReach(config: Config, kernelDefaultSMs: number, sms: number): number {
  return Math.min(sms - 1, 2 * Math.max(config.commSMs, kernelDefaultSMs));
}

/** `config` with another schedule: vpp kept only for interleaved-1f1b, the only schedule that takes it. */
function withSchedule(config: Config, schedule: ScheduleKind): Config {
  const { vpp, ...rest } = config;
  return schedule === 'interleaved-1f1b' && vpp !== undefined ? { ...rest, schedule, vpp } : { ...rest, schedule };
}

/** Throughput against commSMs, one curve per schedule (the config's own first), the other fields fixed. */
export function commCurves(
  evaluator: CostModel,
  config: Config,
  schedules: readonly ScheduleKind[] = SCHEDULES,
): CommCurves {
  const { chip, kernel } = evaluator.input;
  const reach = commSMsReach(config, kernel.defaultSMs, chip.sms);
  const tried = Array.from({ length: reach + 1 }, (_, k) => k).filter(
    (k) => evaluator.check({ ...config, commSMs: k }) === null,
  );
  const order = [config.schedule, ...schedules.filter((s) => s !== config.schedule)];
  const curves = order.map((schedule): ScheduleCurve => {
    const base = withSchedule(config, schedule);
    const invalid = evaluator.check(base);
    if (invalid !== null) return { schedule, points: [], problem: invalid };
    const points: CurvePoint[] = [];
    let lastReason: string | undefined;
    for (const commSMs of tried) {
      const c = { ...base, commSMs };
      if (evaluator.check(c) !== null) continue;
      const m = evaluator.evaluate(c);
      if (m.feasible) points.push({ commSMs, tokensPerSecPerGpu: m.tokensPerSecPerGpu });
      else lastReason = m.infeasibleReason;
    }
    return { schedule, points, problem: points.length === 0 ? (lastReason ?? 'no commSMs is valid') : null };
  });
  return { tried, curves, kernelDefaultSMs: kernel.defaultSMs, kernel: kernel.id, sms: chip.sms };
}

/** The focus of a config with metrics already known (a study's stored best) or evaluated now. */
export function focusOf(
  heading: string,
  config: Config,
  metrics: Metrics,
  evaluator: CostModel | { problem: string },
  schedules?: readonly ScheduleKind[],
  notes: string[] = [],
): Focus {
  const t = timelineOf(config, metrics);
  let curves: Focus['curves'];
  if ('problem' in evaluator) curves = evaluator;
  else {
    try {
      curves = commCurves(evaluator, config, schedules);
    } catch (err) {
      if (!(err instanceof UserError)) throw err;
      curves = { problem: err.message };
    }
  }
  return { heading, config, metrics, timeline: t, curves, notes };
}
