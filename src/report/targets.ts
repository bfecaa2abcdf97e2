/**
 * The core shared by `compare` (one target per chip) and `sweep` (one target per value of a hardware figure):
 * at each target, search the spec, evaluate the naive baseline, then let every target try the others' optima
 * (see refineWithPeers) and report the best with the baseline and the adaptation gain.
 */
import { createModel, type ModelInput } from '../model/index.js';
import type { Catalog } from '../profiles/catalog.js';
import { createScheduleCache } from '../schedule/index.js';
import type { EndReason, ParamSpec, SearchSpec } from '../search/index.js';
import { naiveBaseline } from './baseline.js';
import { type ConfigFigures, figuresOf, ratio } from './figures.js';
import { runStudies, studyLanes } from './study-threads.js';
import {
  checkKeyOf,
  fewestCommSMs,
  fieldValues,
  type Origin,
  refineWithPeers,
  type SearchOverrides,
  type StudyTarget,
  specFor,
} from './tune.js';

export interface Target {
  /** Names the target in progress lines. */
  readonly label: string;
  readonly study: StudyTarget;
  /** The same profiles as objects, for the in-thread baseline and peer evaluations. */
  readonly input: ModelInput;
}

/** What a target's own search did. */
export interface StudySummary {
  trials: number;
  feasibleTrials: number;
  endReason: EndReason;
  elapsedS: number;
  /** The commSMs range searched, after clipping to the chip's SMs. */
  commSMs: ParamSpec | number | null;
}

export interface TargetOutcome {
  /** The best config found (null: nothing feasible), and whether it came from this target's search or a peer's. */
  tuned: ConfigFigures | null;
  origin: Origin | null;
  /** The fewest commSMs that reach the tuned objective within 0.1% (see fewestCommSMs), and their share of the SMs. */
  commSMsNeeded: number | null;
  commSMsNeededShare: number | null;
  baseline: ConfigFigures | null;
  /** Why there is no baseline. */
  baselineProblem: string | null;
  /** tuned / baseline tokens per second per GPU. */
  adaptationGain: number | null;
  study: StudySummary;
}

export async function tuneTargets(
  spec: SearchSpec,
  targets: readonly Target[],
  overrides: SearchOverrides,
  catalog: Catalog,
  onProgress: (line: string) => void = () => {},
): Promise<TargetOutcome[]> {
  // One model per target, for its study (in this thread), its peers' optima and its SM count.
  const schedules = createScheduleCache();
  const evaluators = targets.map((t) => createModel(t.input, { schedules }));
  const asRun = targets.map((target) => specFor(spec, target.study, overrides));
  const jobs = targets.map((target, i) => ({
    spec: asRun[i]!,
    input: target.input,
    checkKey: checkKeyOf(target.input),
  }));
  const results = await runStudies(jobs, evaluators, studyLanes(overrides.jobs, jobs.length), {
    onStart: (i) =>
      onProgress(
        `${targets[i]!.label}: searching (${asRun[i]!.optimizer}, ${asRun[i]!.budget} trials, seed ${asRun[i]!.seed})`,
      ),
    onDone: (i, result) =>
      onProgress(
        `${targets[i]!.label}: best ${result.best ? result.best.objective!.toFixed(1) : 'none feasible'} in ${result.provenance.elapsedS.toFixed(1)} s`,
      ),
  });
  const runs = targets.map((target, i) => {
    const result = results[i]!;
    const study: StudySummary = {
      trials: result.trials.length,
      feasibleTrials: result.trials.filter((t) => t.status === 'ok').length,
      endReason: result.endReason,
      elapsedS: result.provenance.elapsedS,
      commSMs:
        asRun[i]!.space.commSMs ?? (typeof asRun[i]!.fixed.commSMs === 'number' ? asRun[i]!.fixed.commSMs : null),
    };
    return {
      target,
      asRun: asRun[i]!,
      found: result.best?.config ?? null,
      baseline: naiveBaseline(asRun[i]!, target.input, catalog),
      study,
    };
  });
  const optima = refineWithPeers(
    spec,
    runs.map((r) => r.found),
    evaluators,
  );
  return runs.map((run, i): TargetOutcome => {
    const chip = run.target.input.chip;
    const optimum = optima[i]!;
    const evaluator = evaluators[i]!;
    const tuned = optimum ? figuresOf(optimum.config, evaluator.evaluate(optimum.config), chip) : null;
    const commSMsNeeded = optimum
      ? fewestCommSMs(run.asRun, evaluator, optimum, fieldValues(run.asRun, 'commSMs'))
      : null;
    const baseline = run.baseline.kind === 'found' ? figuresOf(run.baseline.config, run.baseline.metrics, chip) : null;
    return {
      tuned,
      origin: optimum?.origin ?? null,
      commSMsNeeded,
      commSMsNeededShare: commSMsNeeded === null ? null : commSMsNeeded / chip.sms,
      baseline,
      baselineProblem: run.baseline.kind === 'none' ? run.baseline.reason : null,
      adaptationGain: ratio(tuned?.tokensPerSecPerGpu, baseline?.tokensPerSecPerGpu),
      study: run.study,
    };
  });
}
