/**
 * Quasi-random search: the scrambled Halton sequence mapped onto the space (skipping violations and repeats).
 * The low-discrepancy baseline next to random search.
 */
import type { Params } from '../dimension.js';
import { ScrambledHalton } from '../math/halton.js';
import type { Observation, Optimizer } from '../optimizer.js';
import { createRng, type Rng } from '../rng.js';
import type { SearchSpace } from '../space.js';
import { Archive } from './archive.js';
import { nextDesignPoint } from './design.js';

export class QmcOptimizer implements Optimizer {
  readonly name = 'qmc';
  private readonly archive: Archive;
  private readonly rng: Rng;
  private readonly sequence: ScrambledHalton;

  constructor(space: SearchSpace, seed: number) {
    this.archive = new Archive(space);
    this.rng = createRng(seed);
    this.sequence = new ScrambledHalton(space.dims.length, this.rng);
  }

  ask(n: number): Params[] {
    const out: Params[] = [];
    for (let i = 0; i < n; i++) {
      const point = nextDesignPoint(this.archive, this.sequence, this.rng);
      if (!point) break;
      out.push(this.archive.claim(point));
    }
    return out;
  }

  tell(observations: readonly Observation[]): void {
    this.archive.tell(observations);
  }
}
