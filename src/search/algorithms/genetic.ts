/**
 * Genetic operators for mixed ordinal/categorical points (coordinates as in dimension.ts):
 * tournament selection, uniform crossover, and a mutation that respects order: ordered dimensions mostly step
 * to a neighbouring level (small steps find the ridge of a rise-peak-fall), sometimes jump uniformly; categorical
 * ones take another value uniformly; continuous ones move by a Gaussian step.
 */
import { type Dimension, isContinuous } from '../dimension.js';
import { type Rng, randomInt, standardNormal, uniform } from '../rng.js';

/** Probability that an ordered mutation is a ±1/±2 step rather than a uniform jump. */
const LOCAL_STEP = 0.8;
const CONTINUOUS_SIGMA = 0.1;

/** Index of the winner of a tournament of `size` random entrants from `ranked` (best first). */
export function tournament(rng: Rng, rankedCount: number, size: number): number {
  let winner = rankedCount;
  for (let i = 0; i < size; i++) winner = Math.min(winner, randomInt(rng, 0, rankedCount - 1));
  return winner;
}

/** Each coordinate from either parent with probability ½. */
export function uniformCrossover(rng: Rng, a: readonly number[], b: readonly number[]): number[] {
  return a.map((value, i) => (uniform(rng) < 0.5 ? value : b[i]!));
}

/** A new value for one coordinate, always different from the current one when the dimension has another. */
export function mutateCoordinate(rng: Rng, dim: Dimension, levels: number, coord: number): number {
  if (isContinuous(dim)) return Math.min(1, Math.max(0, coord + CONTINUOUS_SIGMA * standardNormal(rng)));
  if (levels < 2) return coord;
  if (dim.kind !== 'categorical' && uniform(rng) < LOCAL_STEP) {
    const magnitude = uniform(rng) < 0.75 ? 1 : 2;
    const up = coord + magnitude < levels;
    const down = coord - magnitude >= 0;
    const goUp = up && (!down || uniform(rng) < 0.5);
    if (up || down) return goUp ? coord + magnitude : coord - magnitude;
  }
  const other = randomInt(rng, 0, levels - 2); // uniform over the other levels
  return other >= coord ? other + 1 : other;
}

/** Mutates each coordinate with probability `rate`, and at least one. */
export function mutate(
  rng: Rng,
  dims: readonly Dimension[],
  levels: readonly number[],
  point: readonly number[],
  rate: number,
): number[] {
  const child = [...point];
  const forced = randomInt(rng, 0, dims.length - 1);
  for (let i = 0; i < dims.length; i++) {
    if (i === forced || uniform(rng) < rate) child[i] = mutateCoordinate(rng, dims[i]!, levels[i]!, child[i]!);
  }
  return child;
}
