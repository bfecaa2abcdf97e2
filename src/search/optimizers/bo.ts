/**
 * Bayesian optimisation over the mixed discrete space: a scrambled-Halton start, then constrained log-EI
 * (src/search/algorithms/candidate-pool.ts) from three models: a GP on the objective (of the feasible configs, and of
 * the infeasible ones whose value the evaluator still computed, as in Gardner et al. 2014), a GP on the told
 * constraint values (how far over memory), and a kernel estimate of other infeasibility. GPs use the
 * Matérn-5/2 ARD kernel with a categorical mismatch distance on learned warpings of the ordered features
 * (src/search/math/gp.ts). The acquisition is maximised
 * over the whole valid space when it has at most MAX_CANDIDATES points, else over a sample of it, plus the
 * neighbours of the best configs and a local search. Batches and pending points by the kriging believer.
 * Hyperparameters are refitted while the data is small, then each time it has grown by REFIT_GROWTH; in between,
 * Cholesky factors and candidate posteriors are only extended.
 *
 * Bounded time per ask at any number of observations (an ask blocks the event loop, and the UI with it): a refit
 * runs at most BACKGROUND_WORK multiply-adds per ask (the GPs keep their old hyperparameters until it ends), a GP past
 * MODEL_MAX observations is refitted on MODEL_KEEP of them (modelSubset.ts), and after a refit the candidate sample
 * is solved a share per ask. Small studies do all of it within the first ask, as if unbounded.
 */
import { CandidatePool } from '../algorithms/candidate-pool.js';
import { modelSubset } from '../algorithms/model-subset.js';
import type { Params, Point } from '../dimension.js';
import { type FitJob, GaussianProcess, KERNEL_WORK } from '../math/gp.js';
import { ScrambledHalton } from '../math/halton.js';
import type { Observation, Optimizer } from '../optimizer.js';
import { createRng, type Rng, randomInt, uniform } from '../rng.js';
import type { SearchSpace } from '../space.js';
import { Archive, type PointId } from './archive.js';
import { nextDesignPoint } from './design.js';
import { neighbours } from './neighbours.js';
import { pointFromUnit, randomUnasked } from './sampling.js';

/** Points of the space-filling start. */
const INITIAL_POINTS = 10;
/** Refit at every ask up to this many told configs, then whenever their number grew by REFIT_GROWTH. */
const ALWAYS_REFIT_BELOW = 24;
const REFIT_GROWTH = 1.5;
/** Candidates kept with an incrementally updated posterior: the whole valid space up to this size, else a sample. */
const MAX_CANDIDATES = 3000;
/**
 * Candidates times GP observations that an ask keeps current (each new row of a factor costs O(1) per pair): past
 * CANDIDATE_ROWS / MAX_CANDIDATES observations the sample shrinks, so the per-ask upkeep stays bounded.
 */
const CANDIDATE_ROWS = 240_000;
/** Best configs whose neighbours join the candidates at each ask, and local-search starts. */
const ELITE = 5;
const LOCAL_STARTS = 3;
/** Work (multiply-adds) for candidates added in an ask (each costs O(n²)), within these bounds. */
const EXTRA_WORK = 2e6;
const MIN_EXTRAS = 40;
const MAX_EXTRAS = 300;
/**
 * Multiply-adds per ask for refits and for solving the candidate sample: ~20 ms on the shared 2-core machine
 * (bench/bo-scaling.ts), so an ask at 1,000 observations stays near 50 ms.
 */
const BACKGROUND_WORK = 6e6;
/**
 * Below this many told configs refits and candidate solves are cheap enough (at most ~100 ms an ask) to run to the
 * end in the ask that needs them, as they always did, so short studies ask exactly what they asked before.
 */
const UNBOUNDED_BELOW = 64;
/** How long one think() step runs before the study gives the event loop a turn. */
const THINK_SLICE_MS = 10;
/**
 * Random points checked per ask when drawing candidates in a space too large to enumerate (a check of the cost
 * model costs ~40 µs, so ~20 ms).
 */
const DRAWS_PER_ASK = 500;
/** A GP with more observations than MODEL_MAX is refitted on MODEL_KEEP of them (MODEL_MAX / REFIT_GROWTH). */
const MODEL_MAX = 160;
const MODEL_KEEP = 107;

interface Refit {
  objective: FitJob | null;
  constraint: FitJob | null;
}

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
  private refit: Refit | null = null;
  /** Design points think() claimed for the next ask, and whether it advanced the models for it. */
  private readonly designAhead: Params[] = [];
  private modelsReady = false;
  /** Sampled candidates not yet in the pool (solved BACKGROUND_WORK at a time). */
  private queued: Point[] = [];
  private queuedNext = 0;
  /** In a space too large to enumerate: sample points still to draw by rejection, and the ids drawn. */
  private toDraw = 0;
  private readonly drawn = new Set<PointId>();

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
    const out: Params[] = this.designAhead.splice(0, n);
    while (out.length < n && this.archive.told.length + this.archive.pending().length < INITIAL_POINTS) {
      const point = nextDesignPoint(this.archive, this.design, this.rng);
      if (!point) return out;
      out.push(this.archive.claim(point));
    }
    if (out.length < n) out.push(...this.proposeBatch(n - out.length));
    return out;
  }

  /**
   * Does ask(n)'s model work ahead, so the study can give the event loop turns between the steps: the models'
   * advance (below UNBOUNDED_BELOW a due refit runs to the end there, so it runs here in slices of THINK_SLICE_MS;
   * past it the advance is one bounded step, as in the ask), then the solves of new candidates in slices. None of it
   * depends on where the slices fall (a fit sliced gives the fit at once exactly; each candidate's solve is its own),
   * and when ask(n) would first claim the last design points they are claimed here, in the same order, so the models
   * advance from the same random state: the ask returns what it would have.
   */
  think(n: number): boolean {
    const told = this.archive.told.length;
    const until = performance.now() + THINK_SLICE_MS;
    if (!this.modelsReady) {
      const designLeft = INITIAL_POINTS - told - this.archive.pending().length;
      if (designLeft >= n - this.designAhead.length) return false; // ask(n) only claims design points
      while (this.archive.told.length + this.archive.pending().length < INITIAL_POINTS) {
        const point = nextDesignPoint(this.archive, this.design, this.rng);
        if (!point) return false;
        this.designAhead.push(this.archive.claim(point));
      }
      if (told < UNBOUNDED_BELOW) {
        if (!this.refit && this.refitDue(told)) this.startRefit(told);
        for (const job of [this.refit?.objective, this.refit?.constraint]) {
          while (job && !job.done) {
            if (performance.now() > until) return true;
            job.advance(0); // one evaluation
          }
        }
        if (performance.now() > until) return true;
      }
      this.advanceModels();
      this.modelsReady = true;
      return true; // the solves next
    }
    return this.pool.solveAhead(until);
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

  /**
   * Starts a refit when due, runs it within the ask's work budget, and when it ends adopts it and redraws the
   * persistent candidates; then moves queued candidates into the pool with the work left.
   */
  private advanceModels(): void {
    const n = this.archive.told.length;
    if (!this.refit && this.refitDue(n)) this.startRefit(n);
    let work = n < UNBOUNDED_BELOW ? Infinity : BACKGROUND_WORK;
    const refit = this.refit;
    if (refit) {
      for (const job of [refit.objective, refit.constraint])
        if (job && !job.done && work > 0) work -= job.advance(work);
      if (!refit.objective?.done && refit.objective) return;
      if (!refit.constraint?.done && refit.constraint) return;
      if (refit.objective) this.objective.adoptFit(refit.objective);
      if (refit.constraint) this.constraint.adoptFit(refit.constraint);
      this.refit = null;
      this.queued = this.sampleCandidates();
      this.queuedNext = 0;
      this.toDraw = this.archive.space.validPoints() ? 0 : this.candidateLimit();
      this.drawn.clear();
      this.pool.reset([], []);
    }
    this.solveQueued(Math.max(work, 0));
  }

  private refitDue(n: number): boolean {
    return (
      n < ALWAYS_REFIT_BELOW ||
      n >= this.fittedAt * REFIT_GROWTH ||
      this.objective.count > MODEL_MAX ||
      this.constraint.count > MODEL_MAX
    );
  }

  private startRefit(n: number): void {
    const extraStarts = this.fittedAt === 0 ? 2 : 0;
    const keep = (gp: GaussianProcess, relevance: (target: number) => number): number[] | null =>
      gp.count > MODEL_MAX ? modelSubset(gp.count, MODEL_KEEP, (i) => relevance(gp.target(i)), this.rng) : null;
    this.refit = {
      objective: this.objective.startFit(
        this.rng,
        extraStarts,
        keep(this.objective, (y) => y),
      ),
      constraint: this.constraint.startFit(
        this.rng,
        extraStarts,
        keep(this.constraint, (c) => -Math.abs(c)),
      ),
    };
    this.fittedAt = n;
  }

  /** Moves queued candidates into the pool, as many as `work` multiply-adds solve (the first ask after a redraw: at least one). */
  private solveQueued(work: number): void {
    const dims = this.archive.space.dims.length;
    const solve = (gp: GaussianProcess): number => (gp.count * gp.count) / 2 + gp.count * KERNEL_WORK;
    // and the hidden-infeasibility weights against every told config
    const perCandidate =
      solve(this.objective) + solve(this.constraint) + this.archive.told.length * (dims + KERNEL_WORK) + 1;
    let count = Math.max(this.pool.size === 0 ? 1 : 0, Math.floor(work / perCandidate));
    const points: Point[] = [];
    while (count > 0 && this.queuedNext < this.queued.length) {
      const point = this.queued[this.queuedNext++]!;
      if (this.archive.isAsked(point)) continue;
      points.push(point);
      count--;
    }
    for (let draws = 0; count > 0 && this.toDraw > 0 && draws < DRAWS_PER_ASK; draws++) {
      const point = pointFromUnit(
        this.archive.space,
        this.archive.space.dims.map(() => uniform(this.rng)),
      );
      const id = this.archive.id(point);
      if (this.drawn.has(id) || this.archive.isAskedId(id) || !this.archive.space.satisfies(point)) continue;
      this.drawn.add(id);
      points.push(point);
      this.toDraw--;
      count--;
    }
    if (points.length > 0)
      this.pool.grow(
        points,
        points.map((p) => this.archive.id(p)),
      );
  }

  private proposeBatch(n: number): Params[] {
    if (this.modelsReady) this.modelsReady = false;
    else this.advanceModels();
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
      for (const told of this.archive
        .feasible()
        .sort((a, b) => b.value! - a.value!)
        .slice(0, ELITE)) {
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

  /** Candidates sampled at a refit: MAX_CANDIDATES, fewer for large GPs (CANDIDATE_ROWS). */
  private candidateLimit(): number {
    return Math.min(
      MAX_CANDIDATES,
      Math.floor(CANDIDATE_ROWS / Math.max(1, this.objective.count, this.constraint.count)),
    );
  }

  /**
   * The valid unasked points, or a random sample of candidateLimit() of them; none when the space is not enumerated
   * (solveQueued then draws them by rejection, DRAWS_PER_ASK at a time).
   */
  private sampleCandidates(): Point[] {
    const valid = this.archive.space.validPoints();
    const out: Point[] = [];
    if (!valid) return out;
    const limit = this.candidateLimit();
    const unasked = valid.filter((p) => !this.archive.isAsked(p));
    const count = Math.min(limit, unasked.length);
    for (let i = 0; i < count; i++) {
      const j = unasked.length <= limit ? i : randomInt(this.rng, i, unasked.length - 1); // partial Fisher-Yates
      [unasked[i], unasked[j]] = [unasked[j]!, unasked[i]!];
      out.push(unasked[i]!);
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
