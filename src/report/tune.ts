/**
 * A spec's search re-aimed at another chip, cluster or GPU count, for `autotune compare` and `autotune sweep`.
 *
 * A study evaluates in its own thread: the optimiser, not the model, dominates it (a CPU profile of a 200-trial bo
 * study put ~80% of it in the Gaussian process and candidate scoring), so evaluation workers add start-up and
 * messaging and save little (docs/findings.md times both). The studies of one command run side by side instead
 * (study-threads.ts).
 */
import type { Config } from '../contract/config.js';
import { isBetter } from '../contract/metrics.js';
import { UserError } from '../errors.js';
import type { ModelInput } from '../model/index.js';
import { PACKAGE_VERSION } from '../paths.js';
import { levelCount, valueAt } from '../search/dimension.js';
import {
  buildSpace,
  type Evaluator,
  type OptimizerName,
  type ParamSpec,
  runEvaluator,
  runStudy,
  type SearchSpec,
  type SharedValidity,
  type StudyResult,
} from '../search/index.js';
import { objectiveOf } from '../search/objective.js';
import { canonicalJson } from '../search/space.js';

/** What every compare or sweep report says about the searches behind it. */
export interface ReportHeader {
  version: string;
  spec: string;
  workload: string;
  cluster: string;
  kernel: string;
  gpus: number;
  optimizer: string;
  budget: number;
  seed: number;
  objective: SearchSpec['objective'];
}

export function reportHeader(
  spec: SearchSpec,
  overrides: SearchOverrides,
  ids: { cluster: string; kernel: string; gpus: number },
): ReportHeader {
  return {
    version: PACKAGE_VERSION,
    spec: spec.name,
    workload: spec.workload,
    ...ids,
    optimizer: overrides.optimizer ?? spec.optimizer,
    budget: overrides.budget ?? spec.budget,
    seed: overrides.seed ?? spec.seed,
    objective: spec.objective,
  };
}

/** Command-line overrides of the spec's search settings. */
export interface SearchOverrides {
  readonly optimizer?: OptimizerName;
  readonly budget?: number;
  readonly seed?: number;
  /** Studies run at once, in this thread and worker threads (see studyLanes); the results do not depend on it. */
  readonly jobs?: number;
}

/** Where a study runs: profile ids or profile file paths (what a study can pass to a worker), and the GPU count. */
export interface StudyTarget {
  readonly chip: string;
  readonly sms: number;
  readonly cluster?: string;
  readonly gpus: number;
}

/** The spec run on `target`: its chip, cluster and GPUs replaced, commSMs clipped to the chip's SMs. */
export function specFor(spec: SearchSpec, target: StudyTarget, overrides: SearchOverrides = {}): SearchSpec {
  const commSMs = spec.space.commSMs;
  const fixed = spec.fixed.commSMs;
  if (typeof fixed === 'number' && fixed >= target.sms) {
    throw new UserError(
      `${spec.name}: fixed.commSMs = ${fixed}: must be below the ${target.sms} SMs of ${target.chip}`,
    );
  }
  return {
    ...spec,
    chip: target.chip,
    gpus: target.gpus,
    ...(target.cluster !== undefined ? { cluster: target.cluster } : {}),
    space: commSMs ? { ...spec.space, commSMs: clipCommSMs(spec.name, commSMs, target) } : spec.space,
    optimizer: overrides.optimizer ?? spec.optimizer,
    budget: overrides.budget ?? spec.budget,
    seed: overrides.seed ?? spec.seed,
  };
}

/** A commSMs range without the values the chip cannot take (the model allows 0 .. sms - 1). */
export function clipCommSMs(where: string, param: ParamSpec, target: StudyTarget): ParamSpec {
  const none = (): never => {
    throw new UserError(
      `${where}: space.commSMs = ${JSON.stringify(param)}: no value below the ${target.sms} SMs of ${target.chip}`,
    );
  };
  switch (param.type) {
    case 'int': {
      const step = param.step ?? 1;
      const top = param.min + Math.floor((Math.min(param.max, target.sms - 1) - param.min) / step) * step;
      return top < param.min ? none() : { ...param, max: top };
    }
    case 'choice': {
      const kept = param.values.filter((v) => typeof v !== 'number' || v < target.sms);
      return kept.length === 0 ? none() : { ...param, values: kept };
    }
    case 'float':
      return param; // parseSpec refuses float commSMs
  }
}

/** The values a spec lets a config field take, ascending: its fixed value, or every level of its dimension. */
export function fieldValues(spec: SearchSpec, field: keyof Config): number[] {
  const fixed = spec.fixed[field];
  if (typeof fixed === 'number') return [fixed];
  const dim = buildSpace(spec).dims.find((d) => d.name === field);
  if (!dim) return [];
  const values = Array.from({ length: levelCount(dim) }, (_, i) => valueAt(dim, i)).filter(
    (v): v is number => typeof v === 'number',
  );
  return values.sort((a, b) => a - b);
}

/**
 * Runs the study in this thread with the cost model `built` from the same profiles as `spec`'s ids or paths (the
 * study's default evaluator), and the enumerations shared by the command's studies.
 */
export function tune(spec: SearchSpec, built?: Evaluator, sharedValidity?: SharedValidity): Promise<StudyResult> {
  return runStudy({ spec, threads: 0, ...(built ? { built } : {}), ...(sharedValidity ? { sharedValidity } : {}) });
}

/**
 * What the cost model's check reads (configProblem in src/model/validate.ts, and the schedule builders through the
 * micro-batch count): the workload, the kernel, the GPU count, the node size and the chip's SMs, not the chip's or
 * the links' speeds or memory (so a sweep of NVLink or NIC bandwidth enumerates its space once). Studies with equal
 * keys get the same check answers, so they share one enumeration of the space; test/report/tune.test.ts holds the
 * model to this on a shipped spec with every other chip figure, and every other cluster figure, changed.
 */
export function checkKeyOf(input: ModelInput): string {
  return canonicalJson({
    workload: input.workload,
    gpusPerNode: input.cluster.gpusPerNode,
    kernel: input.kernel,
    gpus: input.gpus,
    sms: input.chip.sms,
  });
}

/** Relative loss of throughput within which fewer commSMs count as reaching the optimum. */
export const COMM_SMS_TOLERANCE = 1e-3;

/**
 * The fewest commSMs (of `values`) that reach the optimum's objective within COMM_SMS_TOLERANCE, its other fields
 * fixed. Past the links' knee extra SMs change nothing (serial schedules: exactly nothing), so the optimum's own
 * commSMs is one of many ties; this figure is what the all-to-all needs, and it does not jitter with the search.
 */
export function fewestCommSMs(
  spec: SearchSpec,
  evaluator: Evaluator,
  optimum: Optimum,
  values: readonly number[],
): number {
  const { goal } = spec.objective;
  const enough = optimum.objective * (goal === 'maximize' ? 1 - COMM_SMS_TOLERANCE : 1 + COMM_SMS_TOLERANCE);
  for (const commSMs of values) {
    if (commSMs >= optimum.config.commSMs) break;
    const value = objectiveOf(runEvaluator(evaluator, { ...optimum.config, commSMs }), spec.objective);
    if (value !== null && (goal === 'maximize' ? value >= enough : value <= enough)) return commSMs;
  }
  return optimum.config.commSMs;
}

/** Where the optimum reported at a target came from: its own search, or another target's optimum evaluated there. */
export type Origin = { kind: 'search' } | { kind: 'peer'; from: number };

export interface Optimum {
  config: Config;
  objective: number;
  origin: Origin;
}

/**
 * The best config at each target, from its own search or from any other target's optimum evaluated there. A
 * search with a finite budget can miss an optimum that a neighbour found; evaluating the few optima everywhere is
 * cheap and keeps search noise out of a comparison or a sweep curve.
 */
export function refineWithPeers(
  spec: SearchSpec,
  found: readonly (Config | null)[],
  evaluators: readonly Evaluator[],
): (Optimum | null)[] {
  return evaluators.map((evaluator, at) => {
    let best: Optimum | null = null;
    found.forEach((config, from) => {
      if (config === null) return;
      const value = objectiveOf(runEvaluator(evaluator, config), spec.objective);
      if (value === null) return;
      const origin: Origin = from === at ? { kind: 'search' } : { kind: 'peer', from };
      // Ties keep the target's own search result.
      const better =
        best === null ||
        isBetter(value, best.objective, spec.objective.goal) ||
        (value === best.objective && from === at);
      if (better) best = { config, objective: value, origin };
    });
    return best;
  });
}
