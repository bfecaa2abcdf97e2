/**
 * One ask/tell interface for every optimiser (after Optuna's samplers); the factory by name is optimizers/index.ts.
 * An optimiser proposes configs (real values), never the same one twice in a study, each inside the space and
 * satisfying its constraints; it learns from every told observation, infeasible ones included. Asked but not yet
 * told configs are pending: batch-aware optimisers take them into account. All randomness comes from one seeded
 * stream per optimiser, so the same seed and the same observations give the same asks.
 */
import type { OptimizerName } from '../contract/spec.js';
import type { Params } from './dimension.js';

export interface Observation {
  params: Params;
  /** The objective to MAXIMISE (a study negates minimised metrics); null when the config is infeasible. */
  value: number | null;
  /**
   * How far the config is from its binding constraint where that is measurable, <= 0 when it holds (a study
   * passes log(memoryGiB / capacityGiB)); absent when unknown, e.g. rejected before evaluation. Lets optimisers
   * learn where the feasible region lies rather than only that a point fell outside it.
   */
  constraint?: number;
  /**
   * For an infeasible config, the objective (to maximise) it would reach were its constraint lifted, when the
   * evaluator computes it (the cost model does for configs that do not fit in memory; a measurement that ran out
   * of memory has none). Constrained BO fits its objective model to these too (Gardner et al. 2014).
   */
  unconstrainedValue?: number;
}

export interface Optimizer {
  readonly name: OptimizerName;
  /** Up to n configs never asked before; fewer, or none, when the space has no more. */
  ask(n: number): Params[];
  /** Results of asked configs (any order); a config outside the space is a bug of the caller. */
  tell(observations: readonly Observation[]): void;
  /**
   * Optional: does a bounded step of the work ask(n) would do at once, so a caller can give the event loop a turn
   * between steps; true while some is left. The caller then calls ask(n) with the same n, which returns exactly what
   * it would have returned without it.
   */
  think?(n: number): boolean;
}
