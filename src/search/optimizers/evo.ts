/**
 * A steady-state genetic algorithm for mixed integer/categorical spaces: a scrambled-Halton start, then each child
 * from two tournament-selected parents among the best configs so far (uniform crossover, order-aware mutation;
 * src/search/algorithms/genetic.ts), or, for LOCAL_MOVES of them, a one-dimension move from one of the very best
 * (a memetic step that refines a peak, e.g. the SM split, faster than mutation alone). The population is the elite
 * of everything told, ranked by Deb's feasibility rules (feasible by value, then infeasible by how far over the
 * constraint), so nothing good is ever lost and the search heads for the feasible region before it has found it.
 * The archive rejects repeats, so every child is a new config. Batches are just several children.
 */
import { mutate, tournament, uniformCrossover } from '../algorithms/genetic.js';
import type { Params } from '../dimension.js';
import { ScrambledHalton } from '../math/halton.js';
import type { Observation, Optimizer } from '../optimizer.js';
import { createRng, type Rng, randomInt, uniform } from '../rng.js';
import type { SearchSpace } from '../space.js';
import { Archive, type Told } from './archive.js';
import { nextDesignPoint } from './design.js';
import { neighbours } from './neighbours.js';
import { randomUnasked } from './sampling.js';

const INITIAL_POINTS = 12;
const POPULATION = 16;
const TOURNAMENT = 3;
/** Share of children that are a one-dimension move from one of the best LOCAL_PARENTS (memetic refinement). */
const LOCAL_MOVES = 0.3;
const LOCAL_PARENTS = 3;
const CROSSOVER = 0.7;
/** Tries to breed an unasked, valid child before falling back to a random point. */
const BREED_TRIES = 40;

/** Deb (2000): feasible before infeasible; feasible by value (higher first); infeasible by violation (smaller first). */
function byFeasibilityRules(a: Told, b: Told): number {
  if (a.value !== null && b.value !== null) return b.value - a.value;
  if (a.value !== null) return -1;
  if (b.value !== null) return 1;
  return a.constraint! - b.constraint!;
}

export class EvolutionaryOptimizer implements Optimizer {
  readonly name = 'evo';
  private readonly archive: Archive;
  private readonly rng: Rng;
  private readonly design: ScrambledHalton;
  /** Best told by Deb's rules, best first; at most POPULATION. */
  private ranked: Told[] = [];
  /** The parents: the feasible part of `ranked` once it has two, else all of it. */
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
      const point =
        started && this.population.length >= 2 ? this.breed() : nextDesignPoint(this.archive, this.design, this.rng);
      if (!point) break;
      out.push(this.archive.claim(point));
    }
    return out;
  }

  tell(observations: readonly Observation[]): void {
    const ranked = this.archive.tell(observations).filter((t) => t.value !== null || t.constraint !== undefined);
    this.ranked = [...this.ranked, ...ranked].sort(byFeasibilityRules).slice(0, POPULATION);
    const feasible = this.ranked.filter((t) => t.value !== null);
    this.population = feasible.length >= 2 ? feasible : this.ranked; // infeasible parents only until two feasible exist
  }

  private breed(): number[] | null {
    const space = this.archive.space;
    if (uniform(this.rng) < LOCAL_MOVES) {
      const parent =
        this.population[randomInt(this.rng, 0, Math.min(LOCAL_PARENTS, this.population.length) - 1)]!.point;
      const options = neighbours(space, parent).filter((p) => !this.archive.isAsked(p));
      if (options.length > 0) return options[randomInt(this.rng, 0, options.length - 1)]!;
    }
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
