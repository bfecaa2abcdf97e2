/** The optimiser factory by name: the one file that knows every optimiser (the interface is ../optimizer.ts). */
import type { OptimizerName } from '../../contract/spec.js';
import type { Optimizer } from '../optimizer.js';
import type { SearchSpace } from '../space.js';
import { BayesianOptimizer } from './bo.js';
import { EvolutionaryOptimizer } from './evo.js';
import { GridOptimizer } from './grid.js';
import { QmcOptimizer } from './qmc.js';
import { RandomOptimizer } from './random.js';

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
