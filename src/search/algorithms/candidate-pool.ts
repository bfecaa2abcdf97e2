/**
 * The candidates the acquisition is maximised over, scored by constrained log-EI (Gardner et al. 2014):
 *   a(x) = log EI(x; ξ) + log P(constraint ≤ 0 | x) + log P(not rejected | x),
 * with EI from the objective GP, the constraint probability Φ((0 - μ_c)/σ_c) from a GP on the told constraint
 * values (e.g. log of memory over capacity), and the last factor from a kernel estimate of the other, hidden
 * infeasibilities (src/search/math/feasibility.ts). Each factor is left out while it has no data. Candidates are
 * kept across asks (their posteriors are updated incrementally, see PosteriorCache); extras such as local-search
 * moves live for one ask.
 */
import type { Point } from '../dimension.js';
import { type FeasibilityModel, feasibilityWeight, fitFeasibility, logFeasibility } from '../math/feasibility.js';
import type { GaussianProcess } from '../math/gp.js';
import { logExpectedImprovement, logNormalCdf } from '../math/normal.js';
import type { PointId } from '../optimizers/archive.js';
import { PosteriorCache } from './posterior-cache.js';

/** Every told config in told order, labelled for the hidden-infeasibility estimate. */
export interface ToldSet {
  features: readonly Float64Array[];
  /** False when the config was infeasible for a reason the constraint GP does not explain. */
  passed: readonly boolean[];
}

/**
 * ξ of EI(x) = E[max(0, f(x) - best - ξ)], in standardised units (Lizotte 2008): gains smaller than 2% of the
 * objective's spread are not worth an evaluation, which stops the search polishing the SM split of a cell that is
 * good but not best (measured in bench/README.md).
 */
const EXPLORATION_MARGIN = 0.02;

export interface AskContext {
  told: ToldSet;
  /** Incumbent, standardised by the objective GP; -Infinity when nothing feasible is known. */
  best: number;
  /** The constraint GP's threshold (0) in its standardised units. */
  constraintThreshold: number;
  isAsked(id: PointId): boolean;
}

export class CandidatePool {
  readonly points: number[][] = [];
  private readonly ids: PointId[] = [];
  private readonly features: Float64Array[] = [];
  private readonly indexById = new Map<PointId, number>();
  private readonly objective: PosteriorCache;
  private readonly constraint: PosteriorCache;
  private readonly toFeatures: (point: Point) => Float64Array;
  private persistent = 0;
  private weightSums: number[] = [];
  private passedSums: number[] = [];
  private toldSynced = 0;
  /** Persistent candidates whose sums cover the told configs up to toldSynced; the rest need every told one. */
  private weighted = 0;
  private hidden: FeasibilityModel | null = null;
  private hiddenStale = true;
  private taken: boolean[] = [];
  private context: AskContext | null = null;
  private passedCount = 0;

  constructor(objective: GaussianProcess, constraint: GaussianProcess, toFeatures: (point: Point) => Float64Array) {
    this.objective = new PosteriorCache(objective);
    this.constraint = new PosteriorCache(constraint);
    this.toFeatures = toFeatures;
  }

  get size(): number {
    return this.points.length;
  }

  /** Replaces the persistent candidates. */
  reset(points: readonly Point[], ids: readonly PointId[]): void {
    for (const list of [this.points, this.ids, this.features, this.weightSums, this.passedSums]) list.length = 0;
    this.indexById.clear();
    points.forEach((p, i) => this.push(p, ids[i]!));
    this.persistent = this.points.length;
    this.weighted = 0;
    this.objective.invalidate();
    this.constraint.invalidate();
    this.hiddenStale = true;
  }

  /** Adds persistent candidates (between asks), e.g. the rest of a sample too large to solve in one ask. */
  grow(points: readonly Point[], ids: readonly PointId[]): void {
    points.forEach((p, i) => {
      if (!this.indexById.has(ids[i]!)) this.push(p, ids[i]!);
    });
    this.persistent = this.points.length;
  }

  /** Solves candidates ahead of beginAsk until performance.now() passes `until`; true while some are left. */
  solveAhead(until: number): boolean {
    const objectiveLeft = this.objective.solveAhead(this.features, until);
    const constraintLeft = this.constraint.gp.count > 0 && this.constraint.solveAhead(this.features, until);
    return objectiveLeft || constraintLeft;
  }

  /** Updates every model's view of the candidates and marks the asked ones taken. */
  beginAsk(context: AskContext): void {
    this.context = context;
    const { told } = context;
    this.objective.update(this.features);
    if (this.constraint.gp.count > 0) this.constraint.update(this.features);
    this.passedCount = told.passed.filter(Boolean).length;
    if (this.hiddenStale) {
      // refitted whenever the candidates are redrawn
      this.hiddenStale = false;
      this.hidden = fitFeasibility(told.features, told.passed, this.objective.gp.categorical);
      this.weightSums.fill(0);
      this.passedSums.fill(0);
      this.toldSynced = 0;
    }
    for (; this.toldSynced < told.features.length; this.toldSynced++) {
      for (let c = 0; c < this.weighted; c++) this.addWeight(c, this.toldSynced);
    }
    for (; this.weighted < this.points.length; this.weighted++) {
      for (let j = 0; j < told.features.length; j++) this.addWeight(this.weighted, j);
    }
    this.taken = this.ids.map((id) => context.isAsked(id));
  }

  has(id: PointId): boolean {
    return this.indexById.has(id);
  }

  /** Adds a candidate for this ask only (or finds a known one) and scores it. O(n²). */
  add(point: Point, id: PointId): number {
    const known = this.indexById.get(id);
    if (known !== undefined) return known;
    const c = this.push(point, id);
    this.objective.add(this.features[c]!, id);
    if (this.constraint.gp.count > 0) this.constraint.add(this.features[c]!, id);
    for (let j = 0; j < this.context!.told.features.length; j++) this.addWeight(c, j);
    this.taken[c] = this.context!.isAsked(id);
    return c;
  }

  /** The acquisition; -Infinity once taken. */
  score(c: number): number {
    if (this.taken[c]) return -Infinity;
    const context = this.context!;
    let a = 0;
    if (this.objective.gp.count > 0 && context.best > -Infinity) {
      a += logExpectedImprovement(
        this.objective.means[c]!,
        Math.sqrt(this.objective.variances[c]!),
        context.best + EXPLORATION_MARGIN,
      );
    }
    if (this.constraint.gp.count > 0) {
      a += logNormalCdf(
        (context.constraintThreshold - this.constraint.means[c]!) / Math.sqrt(this.constraint.variances[c]!),
      );
    }
    const told = context.told.passed.length;
    if (this.hidden && this.passedCount < told) {
      a += logFeasibility(this.hidden, this.weightSums[c]!, this.passedSums[c]!, this.passedCount, told);
    }
    return a;
  }

  /** The best untaken candidate, or -1; ties go to the earliest (deterministic). */
  bestIndex(): number {
    let best = -1;
    let bestScore = -Infinity;
    for (let c = 0; c < this.points.length; c++) {
      const s = this.score(c);
      if (s > bestScore || (best < 0 && !this.taken[c])) {
        bestScore = s;
        best = c;
      }
    }
    return best;
  }

  /** Takes a candidate and fantasises it in the objective GP (kriging believer), so the batch spreads out. */
  fantasise(c: number): void {
    this.taken[c] = true;
    if (this.objective.gp.count === 0) return;
    this.context!.best = Math.max(this.context!.best, this.objective.means[c]!);
    this.objective.fantasise(this.features[c]!, (i) => this.taken[i]!);
  }

  /** Ends the ask: drops the fantasies and the extras. */
  endAsk(): void {
    this.objective.endAsk(this.persistent);
    this.constraint.endAsk(this.persistent);
    for (let c = this.persistent; c < this.points.length; c++) this.indexById.delete(this.ids[c]!);
    for (const list of [this.points, this.ids, this.features, this.weightSums, this.passedSums, this.taken])
      list.length = this.persistent;
    this.context = null;
  }

  private push(point: Point, id: PointId): number {
    const c = this.points.length;
    this.points.push(Array.from(point));
    this.ids.push(id);
    this.indexById.set(id, c);
    this.features.push(this.toFeatures(point));
    this.weightSums.push(0);
    this.passedSums.push(0);
    return c;
  }

  private addWeight(c: number, j: number): void {
    if (!this.hidden) return;
    const told = this.context!.told;
    const w = feasibilityWeight(this.features[c]!, told.features[j]!, this.hidden, this.objective.gp.categorical);
    this.weightSums[c] = this.weightSums[c]! + w;
    if (told.passed[j]) this.passedSums[c] = this.passedSums[c]! + w;
  }
}
