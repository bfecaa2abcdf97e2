/**
 * The core shared by `compare` (one target per chip) and `sweep` (one target per value of a hardware figure):
 * at each target, search the spec, evaluate the naive baseline, then let every target try the others' optima
 * (see refineWithPeers) and report the best with the baseline and the adaptation gain.
 */
import { createModel, type ModelInput } from '../model/index.js';
import type { Catalog } from '../profiles/catalog.js';
import type { EndReason, ParamSpec, SearchSpec } from '../search/index.js';
import type { Validity } from '../search/space.js';
import { naiveBaseline } from './baseline.js';
import { type ConfigFigures, figuresOf, ratio } from './figures.js';
import {
  checkKeyOf,
  fewestCommSMs,
  fieldValues,
  type Origin,
  refineWithPeers,
  type SearchOverrides,
  type StudyTarget,
  specFor,
  tune,
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
  const runs = [];
  // One model per target, for its study, its peers' optima and its SM count; one enumeration per check key.
  const evaluators = targets.map((t) => createModel(t.input));
  const validity = new Map<string, Validity>();
  for (const [i, target] of targets.entries()) {
    const asRun = specFor(spec, target.study, overrides);
    onProgress(`${target.label}: searching (${asRun.optimizer}, ${asRun.budget} trials, seed ${asRun.seed})`);
    const result = await tune(asRun, evaluators[i]!, { checkKey: checkKeyOf(target.input), cache: validity });
    const baseline = naiveBaseline(asRun, target.input, catalog);
    const study: StudySummary = {
      trials: result.trials.length,
      feasibleTrials: result.trials.filter((t) => t.status === 'ok').length,
      endReason: result.endReason,
      elapsedS: result.provenance.elapsedS,
      commSMs: asRun.space.commSMs ?? (typeof asRun.fixed.commSMs === 'number' ? asRun.fixed.commSMs : null),
    };
    onProgress(
      `${target.label}: best ${result.best ? result.best.objective!.toFixed(1) : 'none feasible'} in ${study.elapsedS.toFixed(1)} s`,
    );
    runs.push({ target, asRun, found: result.best?.config ?? null, baseline, study });
  }
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
