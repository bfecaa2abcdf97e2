/** From an evaluation outcome to the study's objective and to what the optimiser is told. */

import type { SearchSpec } from '../contract/spec.js';
import type { Params } from './dimension.js';
import type { Outcome } from './evaluator.js';
import type { Observation } from './optimizer.js';

export type Objective = SearchSpec['objective'];

/** The objective metric's value; null when rejected, infeasible, or the metric is missing or not finite. */
export function objectiveOf(outcome: Outcome, objective: Objective): number | null {
  if (outcome.kind === 'rejected' || !outcome.metrics.feasible) return null;
  const value = outcome.metrics[objective.metric];
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** log(memoryGiB / capacityGiB) of an evaluated config (<= 0 when it fits); undefined when not measurable. */
export function constraintOf(outcome: Outcome): number | undefined {
  if (outcome.kind === 'rejected') return undefined;
  const { memoryGiB, memory } = outcome.metrics;
  const capacity = memory?.capacityGiB;
  return memoryGiB > 0 && capacity > 0 && Number.isFinite(memoryGiB / capacity)
    ? Math.log(memoryGiB / capacity)
    : undefined;
}

export function observationOf(params: Params, outcome: Outcome, objective: Objective): Observation {
  const value = objectiveOf(outcome, objective);
  const constraint = constraintOf(outcome);
  const sign = objective.goal === 'maximize' ? 1 : -1;
  const unconstrained =
    value === null && outcome.kind === 'evaluated' && !outcome.metrics.feasible
      ? outcome.metrics[objective.metric]
      : undefined;
  return {
    params,
    value: value === null ? null : sign * value,
    ...(constraint === undefined ? {} : { constraint }),
    ...(typeof unconstrained === 'number' && Number.isFinite(unconstrained)
      ? { unconstrainedValue: sign * unconstrained }
      : {}),
  };
}
