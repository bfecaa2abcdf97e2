/** A finished trial: what was asked and what the evaluator said, in real values; and back to an outcome on replay. */
import type { Config } from '../contract/config.js';
import { isBetter } from '../contract/metrics.js';
import type { Trial } from '../contract/results.js';
import type { Outcome } from './evaluator.js';
import { type Objective, objectiveOf } from './objective.js';

export function trialOf(number: number, config: Config, outcome: Outcome, objective: Objective): Trial {
  if (outcome.kind === 'rejected')
    return { number, config, status: 'rejected', metrics: null, objective: null, reason: outcome.reason };
  const metrics = outcome.metrics;
  const value = objectiveOf(outcome, objective);
  if (value !== null) return { number, config, status: 'ok', metrics, objective: value };
  const reason = metrics.feasible
    ? `the model gave no finite ${objective.metric}`
    : (metrics.infeasibleReason ?? 'infeasible (no reason given)');
  return { number, config, status: 'infeasible', metrics, objective: null, reason };
}

/** The outcome a journaled trial recorded, for replay. */
export function outcomeOf(trial: Trial): Outcome {
  return trial.metrics === null
    ? { kind: 'rejected', reason: trial.reason ?? '' }
    : { kind: 'evaluated', metrics: trial.metrics };
}

/** Feasible trials, best first (ties: the earlier trial first). */
export function rankTrials(trials: readonly Trial[], objective: Objective): Trial[] {
  return trials
    .filter((t) => t.objective !== null)
    .sort((a, b) =>
      a.objective === b.objective ? a.number - b.number : isBetter(a.objective!, b.objective!, objective.goal) ? -1 : 1,
    );
}
