/**
 * Scrambled Halton sequence: a low-discrepancy design for the space-filling start and the `qmc` optimiser.
 * Point i, dimension d: the digits a_j of i in base p_d (the d-th prime) are each passed through a random
 * permutation π_{d,j} and mirrored: u = Σ_j π_{d,j}(a_j) p_d^-(j+1) (random-permutation scrambling, Matoušek 1998),
 * which breaks the correlation between dimensions of the plain Halton sequence.
 */
import { type Rng, randomInt, shuffle } from '../rng.js';

function firstPrimes(count: number): number[] {
  const primes: number[] = [];
  for (let candidate = 2; primes.length < count; candidate++) {
    if (primes.every((p) => candidate % p !== 0)) primes.push(candidate);
  }
  return primes;
}

export class ScrambledHalton {
  private readonly bases: number[];
  /** permutations[d][j]: the permutation of digit j in dimension d. */
  private readonly permutations: number[][][];
  private index: number;

  constructor(dimensions: number, rng: Rng) {
    this.bases = firstPrimes(dimensions);
    this.permutations = this.bases.map((base) => {
      const digits = Math.ceil(52 / Math.log2(base)); // enough digits to reach double precision
      return Array.from({ length: digits }, () =>
        shuffle(
          rng,
          Array.from({ length: base }, (_, k) => k),
        ),
      );
    });
    this.index = randomInt(rng, 0, 1 << 16); // a random start, so seeds give different designs
  }

  /** The next point, each coordinate in [0, 1). */
  next(): number[] {
    const i = this.index++;
    return this.bases.map((base, d) => {
      const perms = this.permutations[d]!;
      let value = 0;
      let scale = 1 / base;
      let rest = i;
      for (const perm of perms) {
        value += perm[rest % base]! * scale;
        rest = Math.floor(rest / base);
        scale /= base;
      }
      return value;
    });
  }
}
