/** The neighbourhood of a point, for local search: one dimension changed at a time. */
import { isContinuous, type Point } from '../dimension.js';
import type { SearchSpace } from '../space.js';

/** Steps taken on continuous dimensions, in unit coordinates. */
const CONTINUOUS_STEPS = [-0.1, -0.02, 0.02, 0.1];

/**
 * Ordered discrete dimensions step ±1 and ±2 levels (so a plateau of one level can be crossed), categorical ones
 * take every other value, continuous ones move by CONTINUOUS_STEPS. Only points satisfying the constraints.
 */
export function neighbours(space: SearchSpace, point: Point): number[][] {
  const out: number[][] = [];
  space.dims.forEach((dim, i) => {
    const levels = space.levels[i]!;
    const coords = isContinuous(dim)
      ? CONTINUOUS_STEPS.map((s) => Math.min(1, Math.max(0, point[i]! + s)))
      : dim.kind === 'categorical'
        ? Array.from({ length: levels }, (_, v) => v)
        : [-2, -1, 1, 2].map((s) => point[i]! + s).filter((c) => c >= 0 && c < levels);
    for (const coord of coords) {
      if (coord === point[i]) continue;
      const next = Array.from(point);
      next[i] = coord;
      if (space.satisfies(next)) out.push(next);
    }
  });
  return out;
}
