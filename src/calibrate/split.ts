import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';

export interface Split {
  train: number[];
  test: number[];
}

/**
 * A seeded holdout split of `count` row indices: round(count x fraction) rows held out, at least one kept for the fit.
 * Same count, fraction and seed give the same split (Fisher-Yates on xoroshiro128+).
 */
export function holdoutSplit(count: number, fraction: number, seed: number): Split {
  const order = Array.from({ length: count }, (_, i) => i);
  const rng = xoroshiro128plus(seed);
  for (let i = count - 1; i > 0; i--) {
    const j = uniformInt(rng, 0, i);
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const held = Math.min(Math.max(count - 1, 0), Math.round(count * fraction));
  const byIndex = (a: number, b: number) => a - b;
  return { train: order.slice(held).sort(byIndex), test: order.slice(0, held).sort(byIndex) };
}
