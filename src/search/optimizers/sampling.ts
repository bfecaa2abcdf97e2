/** Random draws of points shared by the optimisers: uniform over the valid, not yet asked part of the space. */
import { coordFromUnit } from '../dimension.js';
import { type Rng, randomInt, uniform } from '../rng.js';
import type { SearchSpace } from '../space.js';
import type { Archive } from './archive.js';

/** Attempts before an enumerated space is scanned for its remaining points, or a large one is given up on. */
const QUICK_TRIES = 64;
const REJECTION_TRIES = 10_000;

/** A point from unit coordinates (one u in [0, 1) per dimension). */
export function pointFromUnit(space: SearchSpace, units: readonly number[]): number[] {
  return space.dims.map((dim, i) => coordFromUnit(dim, units[i]!));
}

/** A uniformly random valid point that was never asked, or null when none is left (or none can be found). */
export function randomUnasked(archive: Archive, rng: Rng): number[] | null {
  const space = archive.space;
  const valid = space.validPoints();
  if (valid) {
    if (valid.length === 0) return null;
    for (let t = 0; t < QUICK_TRIES; t++) {
      const point = valid[randomInt(rng, 0, valid.length - 1)]!;
      if (!archive.isAsked(point)) return Array.from(point);
    }
    const left = valid.filter((p) => !archive.isAsked(p));
    return left.length === 0 ? null : Array.from(left[randomInt(rng, 0, left.length - 1)]!);
  }
  for (let t = 0; t < REJECTION_TRIES; t++) {
    const point = pointFromUnit(
      space,
      space.dims.map(() => uniform(rng)),
    );
    if (space.satisfies(point) && !archive.isAsked(point)) return point;
  }
  return null;
}
