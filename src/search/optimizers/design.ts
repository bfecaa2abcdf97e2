/** The space-filling design shared by `qmc` and the start of `bo` and `evo`. */
import type { ScrambledHalton } from '../math/halton.js';
import type { Rng } from '../rng.js';
import type { Archive } from './archive.js';
import { pointFromUnit, randomUnasked } from './sampling.js';

/** Sequence points that fall on violations or repeats before falling back to a random unasked point. */
const MAX_MISSES = 200;

/** The next Halton point that is valid and unasked, or a random one when the sequence keeps missing. */
export function nextDesignPoint(archive: Archive, sequence: ScrambledHalton, rng: Rng): number[] | null {
  for (let miss = 0; miss < MAX_MISSES; miss++) {
    const point = pointFromUnit(archive.space, sequence.next());
    if (archive.space.satisfies(point) && !archive.isAsked(point)) return point;
  }
  return randomUnasked(archive, rng);
}
