/**
 * Which observations a GP keeps once it has too many to refit in bounded time (the fit costs O(n³) per evaluation):
 * the half that matters most for the acquisition (e.g. the best objective values, the constraint values nearest
 * the boundary), plus a uniform random sample of the rest, which keeps the model's view of the whole space.
 */
import { type Rng, shuffle } from '../rng.js';

/**
 * `size` of the indices 0..count-1 (all of them when count <= size), ascending: the size/2 with the highest
 * `relevance` (ties: the earlier), then a random sample of the others.
 */
export function modelSubset(count: number, size: number, relevance: (i: number) => number, rng: Rng): number[] {
  const all = Array.from({ length: count }, (_, i) => i);
  if (count <= size) return all;
  const ranked = all.map((i) => ({ i, r: relevance(i) })).sort((a, b) => b.r - a.r || a.i - b.i);
  const top = Math.floor(size / 2);
  const rest = shuffle(
    rng,
    ranked.slice(top).map((e) => e.i),
  ).slice(0, size - top);
  return [...ranked.slice(0, top).map((e) => e.i), ...rest].sort((a, b) => a - b);
}
