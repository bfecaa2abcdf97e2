/**
 * One ask/tell interface for every optimiser (after Optuna's samplers), and the factory by name.
 * An optimiser proposes configs (real values), never the same one twice in a study, each inside the space and
 * satisfying its constraints; it learns from every told observation, infeasible ones included. Asked but not yet
 * told configs are pending: batch-aware optimisers take them into account. All randomness comes from one seeded
 * stream per optimiser, so the same seed and the same observations give the same asks.
 */
import type { Params } from './dimension.js';
import type { SearchSpace } from './space.js';
import { BayesianOptimizer } from './optimizers/bo.js';
import { EvolutionaryOptimizer } from './optimizers/evo.js';
import { GridOptimizer } from './optimizers/grid.js';
import { QmcOptimizer } from './optimizers/qmc.js';
import { RandomOptimizer } from './optimizers/random.js';

export const OPTIMIZERS = ['bo', 'evo', 'random', 'qmc', 'grid'] as const;
export type OptimizerName = (typeof OPTIMIZERS)[number];

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
}

export interface OptimizerOptions {
  seed: number;
}

export function createOptimizer(name: OptimizerName, space: SearchSpace, options: OptimizerOptions): Optimizer {
  switch (name) {
    case 'bo':
      return new BayesianOptimizer(space, options.seed);
    case 'evo':
      return new EvolutionaryOptimizer(space, options.seed);
    case 'random':
      return new RandomOptimizer(space, options.seed);
    case 'qmc':
      return new QmcOptimizer(space, options.seed);
    case 'grid':
      return new GridOptimizer(space);
  }
}
