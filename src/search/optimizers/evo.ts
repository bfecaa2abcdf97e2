/**
 * A steady-state genetic algorithm for mixed integer/categorical spaces: a scrambled-Halton start, then each child
 * from two tournament-selected parents among the best feasible configs so far (uniform crossover, order-aware
 * mutation; src/search/algorithms/genetic.ts). The population is the elite of everything told, so nothing good
 * is ever lost; the archive rejects repeats, so every child is a new config. Batches are just several children.
 */
import { mutate, tournament, uniformCrossover } from '../algorithms/genetic.js';
import type { Params } from '../dimension.js';
import { ScrambledHalton } from '../math/halton.js';
import type { Observation, Optimizer } from '../optimizer.js';
import { createRng, uniform, type Rng } from '../rng.js';
import type { SearchSpace } from '../space.js';
import { Archive, type Told } from './archive.js';
import { nextDesignPoint } from './design.js';
import { randomUnasked } from './sampling.js';

const INITIAL_POINTS = 12;
const POPULATION = 16;
const TOURNAMENT = 3;
const CROSSOVER = 0.7;
/** Tries to breed an unasked, valid child before falling back to a random point. */
const BREED_TRIES = 40;

export class EvolutionaryOptimizer implements Optimizer {
  readonly name = 'evo';
  private readonly archive: Archive;
  private readonly rng: Rng;
  private readonly design: ScrambledHalton;
  /** Best feasible told, best first; at most POPULATION. */
  private population: Told[] = [];

  constructor(space: SearchSpace, seed: number) {
    this.archive = new Archive(space);
    this.rng = createRng(seed);
    this.design = new ScrambledHalton(space.dims.length, this.rng);
  }

  ask(n: number): Params[] {
    const out: Params[] = [];
    for (let i = 0; i < n; i++) {
      const started = this.archive.told.length + this.archive.pending().length >= INITIAL_POINTS;
      const point = started && this.population.length >= 2 ? this.breed() : nextDesignPoint(this.archive, this.design, this.rng);
      if (!point) break;
      out.push(this.archive.claim(point));
    }
    return out;
  }

  tell(observations: readonly Observation[]): void {
    const told = this.archive.tell(observations).filter((t) => t.value !== null);
    this.population = [...this.population, ...told].sort((a, b) => b.value! - a.value!).slice(0, POPULATION);
  }

  private breed(): number[] | null {
    const space = this.archive.space;
    const rate = 1 / space.dims.length;
    for (let t = 0; t < BREED_TRIES; t++) {
      const a = this.population[tournament(this.rng, this.population.length, TOURNAMENT)]!.point;
      const b = this.population[tournament(this.rng, this.population.length, TOURNAMENT)]!.point;
      const crossed = uniform(this.rng) < CROSSOVER ? uniformCrossover(this.rng, a, b) : a;
      const child = mutate(this.rng, space.dims, space.levels, crossed, rate);
      if (space.satisfies(child) && !this.archive.isAsked(child)) return child;
    }
    return randomUnasked(this.archive, this.rng);
  }
}
