/**
 * Gaussian-process regression (Rasmussen & Williams 2006, alg. 2.1) on standardised targets with the mixed
 * Matérn-5/2 kernel, and its hyperparameters fitted by maximising the log marginal likelihood plus weak log-normal
 * priors (MAP):
 *   log p(y | X, θ) = -½ yᵀα - Σ log L_ii - (n/2) log 2π,        α = K⁻¹y, K = L Lᵀ       (eq. 2.30)
 *   ∂/∂θ_j log p = ½ tr((ααᵀ - K⁻¹) ∂K/∂θ_j)                                             (eq. 5.9)
 * over θ = (log ℓ_1..log ℓ_d, log s, log σ²_n, log a_k, log b_k for each ordered dimension k), by BFGS from a few
 * starts. Ordered features are warped (kumaraswamy in kernel.ts) before the kernel sees them; categorical ones not.
 * A fit is a FitJob that can run a bounded amount of work at a time (one evaluation of the posterior costs O(n³)),
 * over all observations or a subset of them; the GP keeps its current θ, and takes new observations, until the job is
 * adopted. Adopting a fit over a subset also drops the other observations from the model.
 */
import { type Rng, standardNormal } from '../rng.js';
import { bfgsSteps, type MinimizeResult, type ValueAndGradient } from './bfgs.js';
import { CholeskyFactor } from './cholesky.js';
import {
  type CategoricalMask,
  dimensionDistance,
  kumaraswamy,
  kumaraswamyWithDerivatives,
  matern52,
  matern52WithRadial,
  scaledSqDistance,
} from './kernel.js';

const LOG_2PI = Math.log(2 * Math.PI);
const JITTER = 1e-9;
/**
 * A kernel evaluation (a square root and an exponential) in multiply-adds, for work estimates (bench/bo-scaling.ts
 * measured ~30 on the 2-core machine).
 */
export const KERNEL_WORK = 30;
/** BFGS iterations per start of a fit. */
const FIT_ITERATIONS = 40;

/** Weak priors and hard bounds per hyperparameter, in log space: [mean, sd, lower, upper]. */
const PRIOR = {
  lengthscale: [Math.log(0.5), 1, Math.log(0.01), Math.log(30)],
  signal: [0, 1, Math.log(0.01), Math.log(50)],
  noise: [Math.log(1e-3), 2, Math.log(1e-6), Math.log(0.5)],
  /** log a and log b of the warping: BoTorch's LogNormal(0, √0.75) concentration prior, centred on the identity. */
  warp: [0, Math.sqrt(0.75), Math.log(0.1), Math.log(10)],
} as const;

export class GaussianProcess {
  readonly categorical: CategoricalMask;
  private readonly rows: Float64Array[] = [];
  /** Scratch for matern52WithRadial's and kumaraswamyWithDerivatives' results (this GP's own, no allocation per call). */
  private readonly matern = { value: 0, radial: 0 };
  private readonly warpedScratch = { w: 0, dLogA: 0, dLogB: 0 };
  /** The rows with their ordered features warped by the current θ. */
  private warpedRows: Float64Array[] = [];
  private warpedCache = new WeakMap<ArrayLike<number>, Float64Array>();
  /** exp of the warping parameters: a and b per ordered dimension. */
  private warpExponents: [Float64Array, Float64Array];
  private readonly targets: number[] = [];
  /** The ordered (warped) dimensions. */
  private readonly ordered: number[];
  /** θ = (log ℓ_1..d, log s, log σ²_n, then log a, log b per ordered dimension). */
  private theta: Float64Array;
  private factorCache: CholeskyFactor | null = null;
  private alphaCache: Float64Array | null = null;
  private whitenedCache: Float64Array | null = null;
  /** Incremented whenever the factor is rebuilt from scratch (a refit, or more jitter), not when extended. */
  factorVersion = 0;
  private invLengthSqCache: Float64Array;
  /** exp of θ's log signal variance, read by every kernel evaluation. */
  private signalCache: number;
  private yMean = 0;
  private yScale = 1;

  constructor(categorical: CategoricalMask) {
    this.categorical = categorical;
    const d = categorical.length;
    this.ordered = Array.from({ length: d }, (_, k) => k).filter((k) => categorical[k] === 0);
    this.theta = Float64Array.from([
      ...Array(d).fill(PRIOR.lengthscale[0]),
      PRIOR.signal[0],
      PRIOR.noise[0],
      ...Array(2 * this.ordered.length).fill(PRIOR.warp[0]),
    ]);
    this.invLengthSqCache = this.inverseLengthSq(this.theta);
    this.signalCache = Math.exp(this.theta[d]!);
    this.warpExponents = this.exponentsOf(this.theta);
  }

  private exponentsOf(theta: Float64Array): [Float64Array, Float64Array] {
    const base = this.categorical.length + 2;
    return [
      Float64Array.from(this.ordered, (_, i) => Math.exp(theta[base + 2 * i]!)),
      Float64Array.from(this.ordered, (_, i) => Math.exp(theta[base + 2 * i + 1]!)),
    ];
  }

  /** x with its ordered features warped by θ. */
  private warp(x: ArrayLike<number>): Float64Array {
    const out = Float64Array.from(x);
    const [a, b] = this.warpExponents;
    for (let i = 0; i < this.ordered.length; i++) {
      const k = this.ordered[i]!;
      out[k] = kumaraswamy(x[k]!, a[i]!, b[i]!);
    }
    return out;
  }

  /**
   * warp(x), remembered per feature array until the next refit (candidates are scored against every new row). A
   * caller that keeps it must drop it when the factor is rebuilt (factorVersion): a refit changes the warping.
   */
  warped(x: ArrayLike<number>): Float64Array {
    let out = this.warpedCache.get(x);
    if (!out) this.warpedCache.set(x, (out = this.warp(x)));
    return out;
  }

  get count(): number {
    return this.rows.length;
  }
  get signal(): number {
    return this.signalCache;
  }
  get noise(): number {
    return Math.exp(this.theta[this.categorical.length + 1]!) + JITTER;
  }
  get invLengthSq(): Float64Array {
    return this.invLengthSqCache;
  }
  get lengthscales(): number[] {
    return Array.from(this.theta.subarray(0, this.categorical.length), Math.exp);
  }

  /** Adds an observation; the Cholesky factor is extended in O(n²) rather than rebuilt. */
  add(features: Float64Array, target: number): void {
    this.rows.push(Float64Array.from(features));
    this.warpedRows.push(this.warp(features));
    this.targets.push(target);
    this.alphaCache = null;
    this.whitenedCache = null;
    const f = this.factorCache;
    if (f && f.size === this.rows.length - 1) {
      const k = this.kernelVector(features, new Float64Array(f.size));
      if (!f.append(k, this.signal + this.noise)) this.factorCache = null;
    } else {
      this.factorCache = null;
    }
  }

  /** k(X_i, x) for every observation i (unit: standardised targets). */
  kernelVector(x: ArrayLike<number>, out: Float64Array): Float64Array {
    const wx = this.warped(x);
    const inv = this.invLengthSqCache;
    const categorical = this.categorical;
    const d = inv.length;
    const s = this.signalCache;
    for (let i = 0; i < out.length; i++) {
      const row = this.warpedRows[i]!;
      let r2 = 0;
      for (let k = 0; k < d; k++) {
        const delta = row[k]! - wx[k]!;
        r2 += (categorical[k] === 1 ? (delta === 0 ? 0 : 1) : delta * delta) * inv[k]!;
      }
      out[i] = s * matern52(r2);
    }
    return out;
  }

  kernel(a: ArrayLike<number>, b: ArrayLike<number>): number {
    return this.warpedKernel(this.warped(a), this.warped(b));
  }

  /** kernel(a, b) of features already warped (warped()). */
  warpedKernel(a: Float64Array, b: Float64Array): number {
    return this.signal * matern52(scaledSqDistance(a, b, this.invLengthSqCache, this.categorical));
  }

  /**
   * The Cholesky factor of K + σ²_n I over the observations. A caller may append fantasy rows for the duration of
   * one ask; the next call drops them.
   */
  factor(): CholeskyFactor {
    if (this.factorCache && this.factorCache.size >= this.rows.length) {
      this.factorCache.truncate(this.rows.length);
      return this.factorCache;
    }
    const n = this.rows.length;
    const K = new Float64Array(n * n);
    for (let a = 0; a < n; a++) {
      K[a * n + a] = this.signal + this.noise;
      for (let b = 0; b < a; b++)
        K[a * n + b] = K[b * n + a] = this.warpedKernel(this.warpedRows[a]!, this.warpedRows[b]!);
    }
    for (let extra = 0; extra < 8; extra++) {
      // a near-singular K (duplicate features) gets more jitter
      const f = CholeskyFactor.factor(K, n);
      if (f) {
        this.factorVersion++;
        return (this.factorCache = f);
      }
      for (let a = 0; a < n; a++) K[a * n + a] = K[a * n + a]! + this.signal * 1e-6 * 10 ** extra;
    }
    throw new Error('GaussianProcess: covariance matrix not positive definite even with jitter (non-finite features?)');
  }

  /** α = K⁻¹ỹ on standardised targets ỹ. */
  alpha(): Float64Array {
    if (this.alphaCache) return this.alphaCache;
    const f = this.factor();
    const y = this.standardised();
    return (this.alphaCache = f.solveUpper(f.solveLower(y, new Float64Array(y.length)), new Float64Array(y.length)));
  }

  /** β = L⁻¹ỹ, so that the posterior mean at x is vᵀβ with v = L⁻¹k(X, x). */
  whitened(): Float64Array {
    if (this.whitenedCache) return this.whitenedCache;
    const y = this.standardised();
    return (this.whitenedCache = this.factor().solveLower(y, new Float64Array(y.length)));
  }

  /** Features of observation i. */
  features(i: number): Float64Array {
    return this.rows[i]!;
  }

  /** Targets as the model sees them: (y - mean) / sd. */
  standardise(target: number): number {
    return (target - this.yMean) / this.yScale;
  }

  standardised(): Float64Array {
    const n = this.targets.length;
    if (n === 0) return new Float64Array(0);
    const { mean, scale } = momentsOf(this.targets);
    this.yMean = mean;
    this.yScale = scale;
    return Float64Array.from(this.targets, (t) => this.standardise(t));
  }

  /** Fits θ by MAP from the current θ and `extraStarts` random draws from the priors; keeps the best. */
  fit(rng: Rng, extraStarts: number): void {
    const job = this.startFit(rng, extraStarts);
    if (!job) return;
    job.advance(Infinity);
    this.adoptFit(job);
  }

  /**
   * A fit from the current θ and `extraStarts` random draws from the priors (drawn now), over the observations
   * `keep` (indices, ascending; default: all); null when there are fewer than two.
   */
  startFit(rng: Rng, extraStarts: number, keep: readonly number[] | null = null): FitJob | null {
    const indices = keep ?? this.rows.map((_, i) => i);
    if (indices.length < 2) return null;
    const starts = [Float64Array.from(this.theta)];
    for (let s = 0; s < extraStarts; s++) {
      starts.push(
        this.theta.map((_, j) => {
          const [mean, sd, lower, upper] = this.priorOf(j);
          return Math.min(upper, Math.max(lower, mean + sd * 0.5 * standardNormal(rng)));
        }),
      );
    }
    const rows = indices.map((i) => this.rows[i]!);
    const y = standardisedTargets(indices.map((i) => this.targets[i]!));
    const n = rows.length;
    const evaluationWork =
      (n * n * n) / 2 + ((n * n) / 2) * (KERNEL_WORK + 2 * this.categorical.length + 4 * this.ordered.length);
    return new FitJob(
      this.negativeLogPosterior(rows, y),
      starts,
      evaluationWork,
      keep ? [...keep] : null,
      this.rows.length,
    );
  }

  /**
   * Takes a finished job's θ; when it ran over a subset, the model keeps that subset and the observations added since
   * the job started.
   */
  adoptFit(job: FitJob): void {
    const best = job.result();
    if (Number.isFinite(best.value)) this.theta = best.x;
    if (job.keep) {
      const keep = [
        ...job.keep,
        ...Array.from({ length: this.rows.length - job.observedAtStart }, (_, i) => job.observedAtStart + i),
      ];
      const rows = keep.map((i) => this.rows[i]!);
      const targets = keep.map((i) => this.targets[i]!);
      this.rows.length = this.targets.length = 0;
      this.rows.push(...rows);
      this.targets.push(...targets);
    }
    this.invLengthSqCache = this.inverseLengthSq(this.theta);
    this.signalCache = Math.exp(this.theta[this.categorical.length]!);
    this.warpExponents = this.exponentsOf(this.theta);
    this.warpedCache = new WeakMap();
    this.warpedRows = this.rows.map((row) => this.warp(row));
    this.factorCache = null;
    this.alphaCache = null;
    this.whitenedCache = null;
  }

  /** Target of observation i, as told. */
  target(i: number): number {
    return this.targets[i]!;
  }

  private priorOf(j: number): readonly number[] {
    const d = this.categorical.length;
    return j < d ? PRIOR.lengthscale : j === d ? PRIOR.signal : j === d + 1 ? PRIOR.noise : PRIOR.warp;
  }

  private inverseLengthSq(theta: Float64Array): Float64Array {
    return Float64Array.from(theta.subarray(0, this.categorical.length), (t) => Math.exp(-2 * t));
  }

  /**
   * -log p(y | X, θ) - log prior(θ), and its gradient, for BFGS. The gradient (K⁻¹ and the sums over pairs, ~55% of
   * the cost at 160 observations) is computed when first read: the line search rejects about half the points it evaluates and reads only
   * their value. It must be read before the next evaluation, which reuses the scratch arrays.
   */
  private negativeLogPosterior(
    rows: readonly Float64Array[],
    y: Float64Array,
  ): (theta: Float64Array) => ValueAndGradient {
    const n = rows.length;
    const d = this.categorical.length;
    const ordered = this.ordered;
    const m = ordered.length;
    const warpBase = d + 2;
    const delta = new Float64Array(((n * (n - 1)) / 2) * d); // δ_d per pair; categorical ones are fixed across θ
    for (let a = 0, p = 0; a < n; a++) {
      for (let b = 0; b < a; b++, p++) {
        for (let k = 0; k < d; k++)
          if (this.categorical[k] === 1) delta[p * d + k] = dimensionDistance(rows[a]![k]!, rows[b]![k]!, true);
      }
    }
    const radial = new Float64Array((n * (n - 1)) / 2); // s · radial(r²) of matern52WithRadial, per pair
    const W = new Float64Array(n * d); // warped ordered features
    const dA = new Float64Array(n * m); // ∂W/∂log a, ∂W/∂log b
    const dB = new Float64Array(n * m);
    const K = new Float64Array(n * n); // rebuilt by every evaluation (CholeskyFactor.factor copies it)
    // The factor, K⁻¹ and L⁻¹ of the latest evaluation, reused by the next (~600 KB an evaluation at n = 160).
    const factor = new CholeskyFactor(Math.max(16, n));
    const inverse = new Float64Array(n * n);
    const inverseScratch = new Float64Array(n * n);
    let evaluations = 0;

    /** ∇ of the evaluation at θ with factor f and α = K⁻¹y, from the scratch arrays it left. */
    const gradientAt = (theta: Float64Array, f: CholeskyFactor, alpha: Float64Array): Float64Array => {
      const inv = this.inverseLengthSq(theta);
      const s = Math.exp(theta[d]!);
      const noise = Math.exp(theta[d + 1]!) + JITTER;
      const gradient = new Float64Array(theta.length);
      const Kinv = f.inverse(inverse, inverseScratch);
      // gradient of +log p; negated below. Off-diagonal pairs count twice, which cancels the ½.
      // ∂K/∂log ℓ_k = s ρ δ_k/ℓ_k², and through r²: ∂K/∂φ = -s ρ (W_ak - W_bk)(∂W_ak/∂φ - ∂W_bk/∂φ)/ℓ_k² for a
      // warping parameter φ of dimension k, with ρ the radial term of matern52WithRadial.
      for (let a = 0, p = 0; a < n; a++) {
        const waa = alpha[a]! * alpha[a]! - Kinv[a * n + a]!;
        gradient[d] += 0.5 * waa * s;
        gradient[d + 1] += 0.5 * waa * (noise - JITTER);
        for (let b = 0; b < a; b++, p++) {
          const w = alpha[a]! * alpha[b]! - Kinv[a * n + b]!;
          gradient[d] += w * K[a * n + b]!;
          const wRadial = w * radial[p]!;
          for (let k = 0; k < d; k++) gradient[k] += wRadial * delta[p * d + k]! * inv[k]!;
          for (let i = 0; i < m; i++) {
            const k = ordered[i]!;
            const along = -wRadial * inv[k]! * (W[a * d + k]! - W[b * d + k]!);
            gradient[warpBase + 2 * i] += along * (dA[a * m + i]! - dA[b * m + i]!);
            gradient[warpBase + 2 * i + 1] += along * (dB[a * m + i]! - dB[b * m + i]!);
          }
        }
      }
      for (let j = 0; j < theta.length; j++) {
        gradient[j] = -gradient[j]!;
        const [mean, sd, lower, upper] = this.priorOf(j) as [number, number, number, number];
        const t = theta[j]!;
        gradient[j] += (t - mean) / (sd * sd);
        const outside = wallDistance(t, lower, upper);
        gradient[j] += 200 * outside;
      }
      return gradient;
    };

    return (theta) => {
      const evaluation = ++evaluations;
      for (let a = 0; a < n; a++) {
        for (let i = 0; i < m; i++) {
          kumaraswamyWithDerivatives(
            rows[a]![ordered[i]!]!,
            Math.exp(theta[warpBase + 2 * i]!),
            Math.exp(theta[warpBase + 2 * i + 1]!),
            this.warpedScratch,
          );
          W[a * d + ordered[i]!] = this.warpedScratch.w;
          dA[a * m + i] = this.warpedScratch.dLogA;
          dB[a * m + i] = this.warpedScratch.dLogB;
        }
      }
      for (let a = 0, p = 0; a < n; a++) {
        for (let b = 0; b < a; b++, p++) {
          for (let i = 0; i < m; i++) {
            const k = ordered[i]!;
            delta[p * d + k] = (W[a * d + k]! - W[b * d + k]!) ** 2;
          }
        }
      }
      const inv = this.inverseLengthSq(theta);
      const s = Math.exp(theta[d]!);
      const noise = Math.exp(theta[d + 1]!) + JITTER;
      for (let a = 0, p = 0; a < n; a++) {
        K[a * n + a] = s + noise;
        for (let b = 0; b < a; b++, p++) {
          let r2 = 0;
          for (let k = 0; k < d; k++) r2 += delta[p * d + k]! * inv[k]!;
          matern52WithRadial(r2, this.matern);
          K[a * n + b] = K[b * n + a] = s * this.matern.value;
          radial[p] = s * this.matern.radial;
        }
      }
      const f = CholeskyFactor.factor(K, n, factor);
      if (!f) return { value: Infinity, gradient: new Float64Array(theta.length) };
      const alpha = f.solveUpper(f.solveLower(y, new Float64Array(n)), new Float64Array(n));
      let value = f.halfLogDet() + 0.5 * n * LOG_2PI;
      for (let i = 0; i < n; i++) value += 0.5 * y[i]! * alpha[i]!;
      for (let j = 0; j < theta.length; j++) {
        const [mean, sd, lower, upper] = this.priorOf(j) as [number, number, number, number];
        const t = theta[j]!;
        value += (t - mean) ** 2 / (2 * sd * sd);
        const outside = wallDistance(t, lower, upper); // soft wall at the bounds
        value += 100 * outside * outside;
      }
      let gradient: Float64Array | null = null;
      return {
        value,
        get gradient(): Float64Array {
          if (gradient) return gradient;
          if (evaluation !== evaluations) throw new Error('GaussianProcess: gradient read after a later evaluation');
          return (gradient = gradientAt(theta, f, alpha));
        },
      };
    };
  }
}

/**
 * How far t lies outside [lower, upper] (negative below), without a branch: a branch first taken when BFGS steps out
 * of bounds deoptimised the likelihood's compiled code (29 times in a 200-trial study), and V8 recompiled it each time.
 */
function wallDistance(t: number, lower: number, upper: number): number {
  return Math.min(0, t - lower) + Math.max(0, t - upper);
}

/** Mean and standard deviation (1 when the targets are all equal) of targets. */
function momentsOf(targets: readonly number[]): { mean: number; scale: number } {
  const n = targets.length;
  const mean = targets.reduce((a, b) => a + b, 0) / n;
  const variance = targets.reduce((a, b) => a + (b - mean) ** 2, 0) / n;
  return { mean, scale: variance > 0 ? Math.sqrt(variance) : 1 };
}

function standardisedTargets(targets: readonly number[]): Float64Array {
  const { mean, scale } = momentsOf(targets);
  return Float64Array.from(targets, (t) => (t - mean) / scale);
}

/** A hyperparameter fit in progress: BFGS from each start in turn, the best result kept (see GaussianProcess.startFit). */
export class FitJob {
  /**
   * Multiply-adds of one evaluation of the posterior and its gradient (Cholesky, inverse, gradient sums): an upper
   * bound since the gradient is lazy (a rejected line-search point costs ~45% of it), kept so refits end where they did.
   */
  readonly evaluationWork: number;
  /** The observations fitted (null: all), and how many the GP held when the job started. */
  readonly keep: readonly number[] | null;
  readonly observedAtStart: number;
  private readonly objective: (theta: Float64Array) => ValueAndGradient;
  private readonly starts: Float64Array[];
  private nextStart = 0;
  private steps: Generator<void, MinimizeResult, void> | null = null;
  private best: MinimizeResult | null = null;

  constructor(
    objective: (theta: Float64Array) => ValueAndGradient,
    starts: Float64Array[],
    evaluationWork: number,
    keep: readonly number[] | null,
    observedAtStart: number,
  ) {
    this.objective = objective;
    this.starts = starts;
    this.evaluationWork = evaluationWork;
    this.keep = keep;
    this.observedAtStart = observedAtStart;
  }

  get done(): boolean {
    return this.steps === null && this.nextStart >= this.starts.length;
  }

  /** Runs evaluations until about `work` multiply-adds are spent (at least one) or the fit ends; returns the work spent. */
  advance(work: number): number {
    let spent = 0;
    while (!this.done && (spent === 0 || spent + this.evaluationWork <= work)) {
      this.steps ??= bfgsSteps(this.objective, this.starts[this.nextStart++]!, { maxIterations: FIT_ITERATIONS });
      const next = this.steps.next();
      if (next.done) {
        if (this.best === null || next.value.value < this.best.value) this.best = next.value;
        this.steps = null;
      } else {
        spent += this.evaluationWork;
      }
    }
    return spent;
  }

  /** The best θ found; the job must be done. */
  result(): MinimizeResult {
    if (!this.done || this.best === null) throw new Error('FitJob: result() before the fit ended');
    return this.best;
  }
}
