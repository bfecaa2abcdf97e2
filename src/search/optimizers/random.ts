/** Random search: uniform over the valid configs not yet asked. The baseline every optimiser must beat. */
import type { Params } from '../dimension.js';
import type { Observation, Optimizer } from '../optimizer.js';
import { createRng, type Rng } from '../rng.js';
import type { SearchSpace } from '../space.js';
import { Archive } from './archive.js';
import { randomUnasked } from './sampling.js';

export class RandomOptimizer implements Optimizer {
  readonly name = 'random';
  private readonly archive: Archive;
  private readonly rng: Rng;

  constructor(space: SearchSpace, seed: number) {
    this.archive = new Archive(space);
    this.rng = createRng(seed);
  }

  ask(n: number): Params[] {
    const out: Params[] = [];
    for (let i = 0; i < n; i++) {
      const point = randomUnasked(this.archive, this.rng);
      if (!point) break;
      out.push(this.archive.claim(point));
    }
    return out;
  }

  tell(observations: readonly Observation[]): void {
    this.archive.tell(observations);
  }
}
