/**
 * What evaluates a config: the cost model is one (model/evaluate.ts, whose CostModel adds the profiles it read), a
 * study takes any module that exports a factory of these (search/evaluator.ts), tests and benchmarks bring their own.
 */
import type { Config } from './config.js';
import type { Metrics } from './metrics.js';

export interface Evaluator {
  /** Why `config` violates a hard constraint, checked before evaluation; null when it does not. */
  check(config: Config): string | null;
  /** Metrics of a valid config (feasible or not); may throw a UserError for an invalid one. */
  evaluate(config: Config): Metrics;
}
