/**
 * Bayesian optimisation over the mixed discrete space: a scrambled-Halton start, then constrained log-EI
 * (src/search/algorithms/candidatePool.ts) from three models: a GP on the objective (of the feasible configs, and of
 * the infeasible ones whose value the evaluator still computed, as in Gardner et al. 2014), a GP on the told
 * constraint values (how far over memory), and a kernel estimate of other infeasibility. GPs use the
 * Matérn-5/2 ARD kernel with a categorical mismatch distance on learned warpings of the ordered features
 * (src/search/math/gp.ts). The acquisition is maximised
 * over the whole valid space when it has at most MAX_CANDIDATES points, else over a sample of it, plus the
 * neighbours of the best configs and a local search. Batches and pending points by the kriging believer.
 * Hyperparameters are refitted while the data is small, then each time it has grown by REFIT_GROWTH; in between,
 * Cholesky factors and candidate posteriors are only extended.
 */
import { CandidatePool } from '../algorithms/candidatePool.js';
import type { Params, Point } from '../dimension.js';
import { GaussianProcess } from '../math/gp.js';
import { ScrambledHalton } from '../math/halton.js';
import type { Observation, Optimizer } from '../optimizer.js';
import { createRng, randomInt, type Rng } from '../rng.js';
import type { SearchSpace } from '../space.js';
import { Archive, type PointId } from './archive.js';
import { nextDesignPoint } from './design.js';
import { neighbours } from './neighbours.js';
import { randomUnasked } from './sampling.js';

/** Points of the space-filling start. */
const INITIAL_POINTS = 10;
/** Refit at every ask up to this many told configs, then whenever their number grew by REFIT_GROWTH. */
const ALWAYS_REFIT_BELOW = 24;
const REFIT_GROWTH = 1.5;
/** Candidates kept with an incrementally updated posterior: the whole valid space up to this size, else a sample. */
const MAX_CANDIDATES = 3000;
/** Best configs whose neighbours join the candidates at each ask, and local-search starts. */
const ELITE = 5;
const LOCAL_STARTS = 3;
/** Work (multiply-adds) for candidates added in an ask (each costs O(n²)), within these bounds. */
const EXTRA_WORK = 2e6;
const MIN_EXTRAS = 40;
const MAX_EXTRAS = 300;

export class BayesianOptimizer implements Optimizer {
  readonly name = 'bo';
  private readonly archive: Archive;
  private readonly rng: Rng;
  private readonly design: ScrambledHalton;
  private readonly objective: GaussianProcess;
  private readonly constraint: GaussianProcess;
  private readonly pool: CandidatePool;
  private readonly told = { features: [] as Float64Array[], passed: [] as boolean[] };
  private fittedAt = 0;

  constructor(space: SearchSpace, seed: number) {
    this.archive = new Archive(space);
    this.rng = createRng(seed);
    this.design = new ScrambledHalton(space.dims.length, this.rng);
    const categorical = Uint8Array.from(space.dims, (d) => (d.kind === 'categorical' ? 1 : 0));
    this.objective = new GaussianProcess(categorical);
    this.constraint = new GaussianProcess(categorical);
    this.pool = new CandidatePool(this.objective, this.constraint, (p) => space.features(p));
  }

  ask(n: number): Params[] {
    const out: Params[] = [];
    while (out.length < n && this.archive.told.length + this.archive.pending().length < INITIAL_POINTS) {
      const point = nextDesignPoint(this.archive, this.design, this.rng);
      if (!point) return out;
      out.push(this.archive.claim(point));
    }
    if (out.length < n) out.push(...this.proposeBatch(n - out.length));
    return out;
  }

  tell(observations: readonly Observation[]): void {
    for (const told of this.archive.tell(observations)) {
      const x = this.archive.space.features(told.point);
      const explained = told.constraint !== undefined && told.constraint > 0;
      this.told.features.push(x);
      this.told.passed.push(told.value !== null || explained);
      const value = told.value ?? told.unconstrainedValue;
      if (value !== undefined) this.objective.add(x, value);
      if (told.constraint !== undefined) this.constraint.add(x, told.constraint);
    }
  }

  /** Refits hyperparameters when due; a refit also redraws the persistent candidates. */
  private refitIfDue(): void {
    const n = this.archive.told.length;
    if (n >= ALWAYS_REFIT_BELOW && n < this.fittedAt * REFIT_GROWTH) return;
    const extraStarts = this.fittedAt === 0 ? 2 : 0;
    this.objective.fit(this.rng, extraStarts);
    this.constraint.fit(this.rng, extraStarts);
    this.fittedAt = n;
    const points = this.sampleCandidates();
    this.pool.reset(points, points.map((p) => this.archive.id(p)));
  }

  private proposeBatch(n: number): Params[] {
    this.refitIfDue();
    this.pool.beginAsk({
      told: this.told,
      best: this.incumbent(),
      constraintThreshold: this.constraint.count > 0 ? (this.constraint.whitened(), this.constraint.standardise(0)) : 0,
      isAsked: (id) => this.archive.isAskedId(id),
    });
    try {
      for (const point of this.archive.pending()) this.pool.fantasise(this.pool.add(point, this.archive.id(point)));
      const observed = this.objective.count + this.constraint.count;
      const extras = Math.floor(EXTRA_WORK / (0.25 * observed * observed + 1));
      const budgetEnd = this.pool.size + Math.min(MAX_EXTRAS, Math.max(MIN_EXTRAS, extras));
      for (const told of this.archive.feasible().sort((a, b) => b.value! - a.value!).slice(0, ELITE)) {
        this.addUnasked(neighbours(this.archive.space, told.point), budgetEnd);
      }
      this.localSearch(budgetEnd);
      const out: Params[] = [];
      for (let q = 0; q < n; q++) {
        const index = this.pool.bestIndex();
        const point = index >= 0 ? this.pool.points[index]! : randomUnasked(this.archive, this.rng);
        if (!point) break;
        if (index >= 0) this.pool.fantasise(index);
        out.push(this.archive.claim(point));
      }
      return out;
    } finally {
      this.pool.endAsk();
    }
  }

  /** Best feasible value so far, standardised as the objective GP sees it; -Infinity when none. */
  private incumbent(): number {
    if (this.objective.count === 0) return -Infinity;
    this.objective.whitened(); // fixes the standardisation
    let best = -Infinity;
    for (const t of this.archive.told) if (t.value !== null) best = Math.max(best, this.objective.standardise(t.value));
    return best;
  }

  /** The valid unasked points, or a random sample of MAX_CANDIDATES of them. */
  private sampleCandidates(): Point[] {
    const valid = this.archive.space.validPoints();
    const out: Point[] = [];
    if (valid) {
      const unasked = valid.filter((p) => !this.archive.isAsked(p));
      const count = Math.min(MAX_CANDIDATES, unasked.length);
      for (let i = 0; i < count; i++) {
        const j = unasked.length <= MAX_CANDIDATES ? i : randomInt(this.rng, i, unasked.length - 1); // partial Fisher-Yates
        [unasked[i], unasked[j]] = [unasked[j]!, unasked[i]!];
        out.push(unasked[i]!);
      }
      return out;
    }
    const ids = new Set<PointId>();
    for (let i = 0; i < MAX_CANDIDATES; i++) {
      const point = randomUnasked(this.archive, this.rng);
      if (point && !ids.has(this.archive.id(point))) {
        ids.add(this.archive.id(point));
        out.push(point);
      }
    }
    return out;
  }

  /** Adds the unasked points to the pool while it is smaller than `budgetEnd`; returns their indices. */
  private addUnasked(points: readonly Point[], budgetEnd: number): number[] {
    const indices: number[] = [];
    for (const point of points) {
      const id = this.archive.id(point);
      if (this.archive.isAskedId(id)) continue;
      if (!this.pool.has(id) && this.pool.size >= budgetEnd) break;
      indices.push(this.pool.add(point, id));
    }
    return indices;
  }

  /** Hill-climbs the acquisition from the best candidates over one-dimension moves, adding what it visits. */
  private localSearch(budgetEnd: number): void {
    const pool = this.pool;
    const scores = Array.from({ length: pool.size }, (_, i) => pool.score(i));
    const order = scores.map((_, i) => i).sort((a, b) => scores[b]! - scores[a]! || a - b);
    const starts = order.slice(0, LOCAL_STARTS).filter((i) => scores[i]! > -Infinity);
    for (let current of starts) {
      for (let step = 0; step < 25 && pool.size < budgetEnd; step++) {
        let next = current;
        for (const i of this.addUnasked(neighbours(this.archive.space, pool.points[current]!), budgetEnd)) {
          if (pool.score(i) > pool.score(next)) next = i;
        }
        if (next === current) break;
        current = next;
      }
    }
  }
}
