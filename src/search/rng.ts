/**
 * The one source of randomness of the search: a seeded xoroshiro128+ stream from pure-rand, with the few draws the
 * optimisers need. Every optimiser owns one stream, so a study is a pure function of its seed and its observations.
 */
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import type { RandomGenerator } from 'pure-rand/types/RandomGenerator';

export type Rng = RandomGenerator;

export function createRng(seed: number): Rng {
  return xoroshiro128plus(seed | 0);
}

/** Uniform in [0, 1). */
export function uniform(rng: Rng): number {
  return uniformFloat64(rng);
}

/** Uniform integer in [from, to], both included. */
export function randomInt(rng: Rng, from: number, to: number): number {
  return uniformInt(rng, from, to);
}

/** Standard normal by Box-Muller (one of the pair is dropped: simplicity over speed). */
export function standardNormal(rng: Rng): number {
  const u = 1 - uniform(rng); // (0, 1]: log stays finite
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * uniform(rng));
}

/** Fisher-Yates shuffle in place. */
export function shuffle<T>(rng: Rng, items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = randomInt(rng, 0, i);
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}
