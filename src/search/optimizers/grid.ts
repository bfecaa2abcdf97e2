/**
 * Exhaustive grid: every point in mixed-radix order (first dimension slowest), skipping constraint violations.
 * Ground truth for small spaces; ignores the seed. Continuous floats have no grid: they need a step.
 */
import { UserError } from '../../errors.js';
import { isContinuous, type Params } from '../dimension.js';
import type { Observation, Optimizer } from '../optimizer.js';
import type { SearchSpace } from '../space.js';
import { Archive } from './archive.js';

export class GridOptimizer implements Optimizer {
  readonly name = 'grid';
  private readonly archive: Archive;
  private cursor = 0;

  constructor(space: SearchSpace) {
    const continuous = space.dims.filter(isContinuous).map((d) => d.name);
    if (continuous.length > 0) {
      throw new UserError(
        `optimizer "grid": float parameter(s) ${continuous.join(', ')} have no "step"; give one or use another optimizer`,
      );
    }
    this.archive = new Archive(space);
  }

  ask(n: number): Params[] {
    const space = this.archive.space;
    const out: Params[] = [];
    while (out.length < n && this.cursor < space.size) {
      const point = space.pointAt(this.cursor++);
      if (space.satisfies(point) && !this.archive.isAsked(point)) out.push(this.archive.claim(point));
    }
    return out;
  }

  tell(observations: readonly Observation[]): void {
    this.archive.tell(observations);
  }
}
