/**
 * The GP posterior at a list of candidates, kept up to date incrementally. Per candidate x it keeps
 * v = L⁻¹k(X, x), so that μ(x) = vᵀβ (β = L⁻¹ỹ) and σ²(x) = k(x, x) - vᵀv. A new row (l, d) of the Cholesky factor,
 * for an observation or a fantasy at p, extends every v by one entry in O(n):
 *   v_new = (k(x, p) - vᵀl) / d,
 * so keeping N candidates current costs O(N n) per observation; only a rebuilt factor (after a hyperparameter
 * refit) costs O(N n²). Fantasies follow the kriging believer (Ginsbourger et al. 2010): a pending point is
 * observed at its posterior mean, which leaves every mean unchanged and shrinks the variances near it.
 * The v's live in one flat array (row c at c * stride), re-laid out when a row or the list outgrows it.
 */
import type { CholeskyFactor } from '../math/cholesky.js';
import { dot } from '../math/dot.js';
import type { GaussianProcess } from '../math/gp.js';
import type { PointId } from '../optimizers/archive.js';

/** Candidates solved between two reads of the clock in solveAhead. */
const SOLVES_BETWEEN_CLOCKS = 32;
/**
 * One-ask candidates (neighbours, local-search moves) whose v is kept after the ask: about half of an ask's are
 * added again by the next one, which then extends v by the new rows instead of solving it again.
 */
const RETAINED = 1000;

/** A one-ask candidate's v over the observation rows of the factor it was solved against. */
interface Retained {
  readonly v: Float64Array;
  readonly factorVersion: number;
}

export class PosteriorCache {
  readonly gp: GaussianProcess;
  readonly means: number[] = [];
  readonly variances: number[] = [];
  /** k(x, x) per candidate. */
  private readonly priors: number[] = [];
  /** Each solved candidate's warped features (valid while its v is: both follow the factor). */
  private readonly warped: Float64Array[] = [];
  /** The point id of each candidate added for one ask (undefined for the others). */
  private readonly ids: (PointId | undefined)[] = [];
  private readonly retained = new Map<PointId, Retained>();
  private block = new Float64Array(0);
  private stride = 0;
  /** Candidates with a v; factor rows every v covers. */
  private count = 0;
  private columns = 0;
  private factorVersion = -1;
  private factor: CholeskyFactor | null = null;
  private fantasies: Float64Array[] = [];
  private beta: Float64Array = new Float64Array(0);

  constructor(gp: GaussianProcess) {
    this.gp = gp;
  }

  /** Forgets every solve (the candidate list was replaced). */
  invalidate(): void {
    this.count = 0;
    this.factorVersion = -1;
  }

  /** Brings v up to date for candidates `features` (new ones are solved from scratch), then μ and σ². */
  update(features: readonly Float64Array[]): void {
    this.sync(features);
    while (this.count < features.length) this.solve(features[this.count]!);
    this.beta = this.gp.whitened();
    for (let c = 0; c < features.length; c++) this.posterior(c);
  }

  /**
   * Solves new candidates of `features` until performance.now() passes `until`, as update(features) would (it then
   * solves only the rest); true while some are left.
   */
  solveAhead(features: readonly Float64Array[], until: number): boolean {
    this.sync(features);
    while (this.count < features.length && performance.now() <= until) {
      const end = Math.min(features.length, this.count + SOLVES_BETWEEN_CLOCKS);
      while (this.count < end) this.solve(features[this.count]!);
    }
    return this.count < features.length;
  }

  /** Forgets the posteriors, and brings every solved v up to the GP's factor (rebuilt: solved again from scratch). */
  private sync(features: readonly Float64Array[]): void {
    this.means.length = this.variances.length = 0;
    const factor = (this.factor = this.gp.factor());
    if (this.factorVersion !== this.gp.factorVersion) {
      this.factorVersion = this.gp.factorVersion;
      this.count = 0;
      this.retained.clear();
    }
    this.count = Math.min(this.count, features.length);
    this.reserve(features.length, factor.size);
    for (let row = this.columns; row < factor.size && this.count > 0; row++)
      this.extend(row, this.gp.features(row), null);
    this.columns = factor.size;
  }

  /**
   * Solves and scores one more candidate for this ask (the next in the list `update` saw), fantasies included; a
   * point an earlier ask added has its v extended by the rows added since (the same numbers a solve gives).
   */
  add(x: Float64Array, id: PointId): void {
    this.reserve(this.count + 1, this.columns);
    const kept = this.retained.get(id);
    if (kept !== undefined && kept.factorVersion === this.factorVersion) this.resume(x, kept.v);
    else this.solve(x);
    this.ids[this.count - 1] = id;
    this.posterior(this.count - 1);
  }

  /** Fantasises an observation at x; candidates for which `skip` holds are left stale (they will not be scored). */
  fantasise(x: Float64Array, skip: (c: number) => boolean): void {
    const factor = this.factor!;
    const k = new Float64Array(factor.size);
    this.kernelColumn(x, k);
    if (!factor.append(k, this.gp.kernel(x, x) + this.gp.noise)) return; // numerically a repeat: adds no information
    this.fantasies.push(x);
    this.reserve(this.count, factor.size);
    this.extend(factor.size - 1, x, skip);
    this.columns = factor.size;
  }

  /** Drops the fantasies and the candidates past `keep` (keeping their v over the observations for the next asks). */
  endAsk(keep: number): void {
    const observed = Math.min(this.columns, this.gp.count);
    for (let c = keep; c < this.count; c++) {
      const id = this.ids[c];
      if (id === undefined) continue;
      this.retained.delete(id); // re-inserted as the newest
      const base = c * this.stride;
      this.retained.set(id, { v: this.block.slice(base, base + observed), factorVersion: this.factorVersion });
      this.ids[c] = undefined;
    }
    for (const id of this.retained.keys()) {
      if (this.retained.size <= RETAINED) break;
      this.retained.delete(id);
    }
    this.factor?.truncate(this.gp.count);
    this.factor = null;
    this.fantasies = [];
    this.columns = Math.min(this.columns, this.gp.count);
    this.count = Math.min(this.count, keep);
  }

  /** k(row_i, x) for the factor's rows (observations, then fantasies), written into `out`. */
  private kernelColumn(x: Float64Array, out: Float64Array): void {
    const n = this.gp.count;
    this.gp.kernelVector(x, out.subarray(0, Math.min(n, out.length)));
    for (let i = n; i < out.length; i++) out[i] = this.gp.kernel(this.fantasies[i - n]!, x);
  }

  /** Room for `rows` candidates with `columns` entries each (plus slack), keeping what is there. */
  private reserve(rows: number, columns: number): void {
    const needRows = this.stride > 0 ? this.block.length / this.stride : 0;
    if (columns < this.stride && rows <= needRows) return;
    const stride = Math.max(this.stride, columns >= this.stride ? Math.ceil(columns * 1.3) + 8 : this.stride);
    const capacity = Math.max(rows, Math.ceil(needRows * (rows > needRows ? 1.5 : 1)));
    const block = new Float64Array(capacity * stride);
    for (let c = 0; c < this.count; c++)
      block.set(this.block.subarray(c * this.stride, c * this.stride + this.columns), c * stride);
    this.block = block;
    this.stride = stride;
  }

  private solve(x: Float64Array): void {
    const v = this.block.subarray(this.count * this.stride, this.count * this.stride + this.columns);
    this.kernelColumn(x, v);
    this.factor!.solveLower(v, v);
    this.finishSolve(x);
  }

  /**
   * solve(x) from v over the factor's first rows, kept from an earlier ask: the later rows by forward substitution
   * one row at a time, the arithmetic solveLower does (so the same numbers).
   */
  private resume(x: Float64Array, v: Float64Array): void {
    const gp = this.gp;
    const V = this.block;
    const base = this.count * this.stride;
    const observed = gp.count;
    const warpedX = gp.warped(x);
    V.set(v, base);
    for (let row = v.length; row < this.columns; row++) {
      const l = this.factor!.row(row);
      const p = row < observed ? gp.features(row) : this.fantasies[row - observed]!;
      V[base + row] = (gp.warpedKernel(warpedX, gp.warped(p)) - dot(V, base, l, 0, row)) / l[row]!;
    }
    this.finishSolve(x);
  }

  private finishSolve(x: Float64Array): void {
    this.priors[this.count] = this.gp.kernel(x, x);
    this.warped[this.count] = this.gp.warped(x);
    this.ids[this.count] = undefined;
    this.count++;
  }

  /** Appends entry `row` (the factor row of a point p) to each v and lowers the variances already computed. */
  private extend(row: number, p: Float64Array, skip: ((c: number) => boolean) | null): void {
    const l = this.factor!.row(row);
    const d = l[row]!;
    const floor = 1e-12 * this.gp.signal;
    const V = this.block;
    const gp = this.gp;
    const warpedP = gp.warped(p);
    for (let c = 0; c < this.count; c++) {
      if (skip?.(c)) continue;
      const base = c * this.stride;
      const entry = (gp.warpedKernel(this.warped[c]!, warpedP) - dot(V, base, l, 0, row)) / d;
      V[base + row] = entry;
      if (c < this.variances.length) this.variances[c] = Math.max(this.variances[c]! - entry * entry, floor);
    }
  }

  /** μ = vᵀβ over the observations; σ² = k(x, x) - vᵀv over every row, fantasies included. */
  private posterior(c: number): void {
    const V = this.block;
    const base = c * this.stride;
    const beta = this.beta;
    const mean = dot(V, base, beta, 0, beta.length);
    const variance = this.priors[c]! - dot(V, base, V, base, this.columns);
    this.means[c] = mean;
    this.variances[c] = Math.max(variance, 1e-12 * this.gp.signal);
  }
}
