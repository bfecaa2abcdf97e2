import { CholeskyDecomposition, Matrix } from 'ml-matrix';
import { describe, expect, it } from 'vitest';
import { PosteriorCache } from '../../src/search/algorithms/posterior-cache.js';
import { minimizeBfgs } from '../../src/search/math/bfgs.js';
import { CholeskyFactor } from '../../src/search/math/cholesky.js';
import { feasibilityWeight, fitFeasibility, logFeasibility } from '../../src/search/math/feasibility.js';
import { GaussianProcess } from '../../src/search/math/gp.js';
import { ScrambledHalton } from '../../src/search/math/halton.js';
import { kumaraswamy, kumaraswamyWithDerivatives } from '../../src/search/math/kernel.js';
import { logExpectedImprovement, logH, logNormalCdf, normalCdf, normalPdf } from '../../src/search/math/normal.js';
import { createRng, uniform } from '../../src/search/rng.js';

describe('normal distribution', () => {
  it('matches tabulated values', () => {
    expect(normalCdf(1.959963984540054)).toBeCloseTo(0.975, 14);
    expect(normalCdf(-1)).toBeCloseTo(0.15865525393145707, 14);
    expect(Math.exp(logNormalCdf(-10))).toBeCloseTo(7.619853024160527e-24, 36);
    expect(logNormalCdf(-40)).toBeCloseTo(-804.6084420137538, 8);
  });

  it('computes log h(z) = log(φ(z) + zΦ(z)) stably in the tail', () => {
    for (const z of [2, 0, -1, -2.9]) expect(logH(z)).toBeCloseTo(Math.log(normalPdf(z) + z * normalCdf(z)), 12);
    // continuity across the switch at z = -3, and the asymptotic series far out
    expect(logH(-3.0000001)).toBeCloseTo(logH(-2.9999999), 5); // slope Φ/h ≈ 3.5 at z = -3
    expect(logH(-50)).toBeCloseTo(Math.log(normalPdf(0)) - 1250 - 2 * Math.log(50) + Math.log1p(-3 / 2500), 4); // h ~ φ(z)(1/z² - 3/z⁴)
    expect(Number.isFinite(logH(-1e4))).toBe(true);
    expect(logExpectedImprovement(1, 0, 0)).toBe(0); // certain improvement of 1
    expect(logExpectedImprovement(-1, 0, 0)).toBe(-Infinity);
  });
});

function randomSpd(n: number, seed: number): Float64Array {
  const rng = createRng(seed);
  const a = Array.from({ length: n * n }, () => uniform(rng) - 0.5);
  const m = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      let s = i === j ? n : 0;
      for (let k = 0; k < n; k++) s += a[i * n + k]! * a[j * n + k]!;
      m[i * n + j] = s;
    }
  return m;
}

describe('CholeskyFactor', () => {
  const n = 12;
  const K = randomSpd(n, 1);

  it('agrees with ml-matrix, and grows a row at a time to the same factor', () => {
    const full = CholeskyFactor.factor(K, n)!;
    const reference = new CholeskyDecomposition(
      new Matrix(Array.from({ length: n }, (_, i) => Array.from(K.subarray(i * n, i * n + n)))),
    ).lowerTriangularMatrix;
    const grown = CholeskyFactor.factor(K.slice(0, 0), 0)!;
    for (let i = 0; i < n; i++) expect(grown.append(K.subarray(i * n, i * n + i), K[i * n + i]!)).toBe(true);
    for (let i = 0; i < n; i++)
      for (let j = 0; j <= i; j++) {
        expect(full.at(i, j)).toBeCloseTo(reference.get(i, j), 12);
        expect(grown.at(i, j)).toBeCloseTo(reference.get(i, j), 12);
      }
  });

  it('solves, inverts and refuses a matrix that is not positive definite', () => {
    const f = CholeskyFactor.factor(K, n)!;
    const b = Float64Array.from({ length: n }, (_, i) => i - 3);
    const x = f.solveUpper(f.solveLower(b, new Float64Array(n)), new Float64Array(n));
    const inv = f.inverse();
    for (let i = 0; i < n; i++) {
      let Kx = 0;
      let invB = 0;
      for (let j = 0; j < n; j++) {
        Kx += K[i * n + j]! * x[j]!;
        invB += inv[i * n + j]! * b[j]!;
      }
      expect(Kx).toBeCloseTo(b[i]!, 10);
      expect(invB).toBeCloseTo(x[i]!, 10);
    }
    expect(CholeskyFactor.factor(Float64Array.from([1, 2, 2, 1]), 2)).toBeNull();
  });
});

describe('minimizeBfgs', () => {
  it('finds the minimum of the Rosenbrock function', () => {
    const rosenbrock = (x: Float64Array) => ({
      value: (1 - x[0]!) ** 2 + 100 * (x[1]! - x[0]! ** 2) ** 2,
      gradient: Float64Array.from([-2 * (1 - x[0]!) - 400 * x[0]! * (x[1]! - x[0]! ** 2), 200 * (x[1]! - x[0]! ** 2)]),
    });
    const { x } = minimizeBfgs(rosenbrock, Float64Array.from([-1.2, 1]), {
      maxIterations: 200,
      gradientTolerance: 1e-9,
    });
    expect(x[0]).toBeCloseTo(1, 5);
    expect(x[1]).toBeCloseTo(1, 5);
  });
});

describe('ScrambledHalton', () => {
  it('fills every stratum of each dimension evenly', () => {
    const sequence = new ScrambledHalton(3, createRng(4));
    const points = Array.from({ length: 60 }, () => sequence.next());
    for (let d = 0; d < 3; d++) {
      const counts = new Array(6).fill(0);
      for (const p of points) {
        expect(p[d]).toBeGreaterThanOrEqual(0);
        expect(p[d]).toBeLessThan(1);
        counts[Math.floor(p[d]! * 6)]++;
      }
      for (const c of counts) expect(c).toBeGreaterThanOrEqual(7); // 10 each for a perfect design; random gets ~3..17
    }
  });
});

/** A GP on f(x, c) = sin(6x) + [c = 1] over x in [0, 1] and a categorical c in {0, 1, 2}. */
function fittedGp(count: number): GaussianProcess {
  const gp = new GaussianProcess(Uint8Array.from([0, 1]));
  for (let i = 0; i < count; i++) {
    const x = i / (count - 1);
    const c = i % 3;
    gp.add(Float64Array.from([x, c]), Math.sin(6 * x) + (c === 1 ? 1 : 0));
  }
  return gp;
}

describe('Kumaraswamy input warping', () => {
  it('is the identity at a = b = 1, fixes 0 and 1, and is increasing', () => {
    for (const u of [0, 0.1, 0.5, 0.9, 1]) expect(kumaraswamy(u, 1, 1)).toBeCloseTo(u, 12);
    expect(kumaraswamy(0.25, 0.5, 1)).toBeCloseTo(0.5, 12); // 1 - (1 - √0.25) = 0.5
    expect(kumaraswamy(0.5, 1, 2)).toBeCloseTo(0.75, 12); // 1 - 0.5²
    for (const [a, b] of [
      [0.3, 2],
      [4, 0.4],
    ] as const) {
      expect([kumaraswamy(0, a, b), kumaraswamy(1, a, b)]).toEqual([0, 1]);
      const grid = Array.from({ length: 21 }, (_, i) => kumaraswamy(i / 20, a, b));
      grid.slice(1).forEach((w, i) => expect(w).toBeGreaterThan(grid[i]!));
    }
  });

  it('has the derivatives in log a and log b of its value (finite differences)', () => {
    const out = { w: 0, dLogA: 0, dLogB: 0 };
    const h = 1e-6;
    for (const [u, a, b] of [
      [0.2, 0.7, 1.6],
      [0.85, 2.5, 0.5],
    ] as const) {
      kumaraswamyWithDerivatives(u, a, b, out);
      expect(out.w).toBe(kumaraswamy(u, a, b));
      expect(out.dLogA).toBeCloseTo(
        (kumaraswamy(u, a * Math.exp(h), b) - kumaraswamy(u, a * Math.exp(-h), b)) / (2 * h),
        6,
      );
      expect(out.dLogB).toBeCloseTo(
        (kumaraswamy(u, a, b * Math.exp(h)) - kumaraswamy(u, a, b * Math.exp(-h))) / (2 * h),
        6,
      );
    }
  });
});

describe('GaussianProcess', () => {
  it('fits hyperparameters and predicts held-out points', () => {
    const gp = fittedGp(30);
    gp.fit(createRng(0), 2);
    const f = gp.factor();
    const beta = gp.whitened();
    for (const [x, c] of [
      [0.31, 1],
      [0.77, 0],
      [0.5, 2],
    ] as const) {
      const v = f.solveLower(gp.kernelVector([x, c], new Float64Array(gp.count)), new Float64Array(gp.count));
      const mean = v.reduce((s, vi, i) => s + vi * beta[i]!, 0);
      const truth = gp.standardise(Math.sin(6 * x) + (c === 1 ? 1 : 0));
      expect(Math.abs(mean - truth)).toBeLessThan(0.1);
    }
  });

  it('has the analytic gradient of its marginal likelihood (finite differences)', () => {
    const gp = fittedGp(15);
    const y = gp.standardised();
    const rows = Array.from({ length: gp.count }, (_, i) => gp.features(i));
    const objective = (
      gp as unknown as {
        negativeLogPosterior(
          rows: Float64Array[],
          y: Float64Array,
        ): (t: Float64Array) => { value: number; gradient: Float64Array };
      }
    ).negativeLogPosterior(rows, y);
    const theta = Float64Array.from([Math.log(0.3), Math.log(0.8), 0.2, Math.log(1e-3), Math.log(0.6), Math.log(1.7)]); // ..., warping a, b
    const { gradient } = objective(theta);
    for (let j = 0; j < theta.length; j++) {
      const h = 1e-5;
      const up = Float64Array.from(theta);
      up[j]! += h;
      const down = Float64Array.from(theta);
      down[j]! -= h;
      expect(gradient[j]).toBeCloseTo((objective(up).value - objective(down).value) / (2 * h), 4);
    }
  });

  it('computes its gradient when read, and refuses a read after a later evaluation', () => {
    const gp = fittedGp(12);
    const rows = Array.from({ length: gp.count }, (_, i) => gp.features(i));
    type Objective = (t: Float64Array) => { value: number; gradient: Float64Array };
    const objectiveOf = () =>
      (gp as unknown as { negativeLogPosterior(r: Float64Array[], y: Float64Array): Objective }).negativeLogPosterior(
        rows,
        gp.standardised(),
      );
    const theta = Float64Array.from([Math.log(0.4), Math.log(0.9), 0.1, Math.log(1e-3), 0.2, -0.3]);
    const other = Float64Array.from([Math.log(0.2), Math.log(0.5), -0.2, Math.log(1e-2), -0.1, 0.4]);
    const eager = objectiveOf()(theta).gradient;
    const objective = objectiveOf();
    const first = objective(theta);
    const second = objective(other);
    expect(() => first.gradient).toThrow(/after a later evaluation/);
    expect(second.gradient).not.toEqual(eager);
    const again = objective(theta);
    expect(again.value).toBe(first.value);
    expect(Array.from(again.gradient)).toEqual(Array.from(eager));
  });
});

describe('PosteriorCache', () => {
  it('keeps incremental posteriors equal to ones computed from scratch', () => {
    const gp = fittedGp(10);
    gp.fit(createRng(1), 0);
    const candidates = Array.from({ length: 25 }, (_, i) => Float64Array.from([((i * 7) % 25) / 24, i % 3]));
    const cache = new PosteriorCache(gp);
    cache.update(candidates);
    for (let i = 0; i < 5; i++) gp.add(Float64Array.from([0.05 + i * 0.2, 2]), i); // extends the factor, no refit
    cache.update(candidates); // incremental
    const fresh = new PosteriorCache(gp);
    fresh.invalidate();
    const reference = new PosteriorCache(gp);
    reference.update(candidates);
    for (let c = 0; c < candidates.length; c++) {
      expect(cache.means[c]).toBeCloseTo(reference.means[c]!, 9);
      expect(cache.variances[c]).toBeCloseTo(reference.variances[c]!, 9);
    }
    // a fantasy at a candidate leaves the means and lowers the variance there to about the noise
    const before = [...cache.means];
    cache.fantasise(candidates[3]!, () => false);
    expect(cache.means).toEqual(before);
    expect(cache.variances[3]).toBeLessThan(1e-2 * gp.signal);
    cache.endAsk(candidates.length);
    cache.update(candidates);
    expect(cache.variances[3]).toBeCloseTo(reference.variances[3]!, 9);
  });

  it('gives a one-ask candidate added again in a later ask exactly the posterior a fresh solve gives', () => {
    const gp = fittedGp(10);
    gp.fit(createRng(1), 0);
    const persistent = Array.from({ length: 6 }, (_, i) => Float64Array.from([i / 5, i % 3]));
    const extra = Float64Array.from([0.37, 1]);
    const pending = Float64Array.from([0.61, 0]);
    const cache = new PosteriorCache(gp);
    const ask = (target: PosteriorCache): [number, number] => {
      target.update(persistent);
      target.fantasise(pending, () => false);
      target.add(extra, 'extra');
      const c = persistent.length;
      const answer: [number, number] = [target.means[c]!, target.variances[c]!];
      target.endAsk(persistent.length);
      return answer;
    };
    ask(cache); // solves `extra` and keeps its v
    for (let i = 0; i < 4; i++) gp.add(Float64Array.from([0.1 + i * 0.25, i % 3]), Math.cos(i)); // no refit
    const again = ask(cache); // extends the kept v by 4 observation rows and the fantasy
    const fresh = ask(new PosteriorCache(gp));
    expect(again).toEqual(fresh); // the same arithmetic: equal, not close
    gp.fit(createRng(2), 0); // new hyperparameters: the kept v no longer applies
    expect(ask(cache)).toEqual(ask(new PosteriorCache(gp)));
  });
});

describe('feasibility estimate', () => {
  it('learns which dimension a rejection depends on', () => {
    // rejected exactly when the categorical b = 1, whatever a is
    const features: Float64Array[] = [];
    const passed: boolean[] = [];
    const rng = createRng(2);
    for (let i = 0; i < 40; i++) {
      const b = i % 3;
      features.push(Float64Array.from([uniform(rng), b]));
      passed.push(b !== 1);
    }
    const categorical = Uint8Array.from([0, 1]);
    const model = fitFeasibility(features, passed, categorical);
    expect(model.sharpness[0]).toBe(0); // a does not matter
    expect(model.sharpness[1]).toBeGreaterThan(4);
    const p = (x: Float64Array): number => {
      let w = 0;
      let hits = 0;
      features.forEach((f, i) => {
        const wi = feasibilityWeight(x, f, model, categorical);
        w += wi;
        if (passed[i]) hits += wi;
      });
      return Math.exp(logFeasibility(model, w, hits, passed.filter(Boolean).length, passed.length));
    };
    expect(p(Float64Array.from([0.5, 1]))).toBeLessThan(0.05);
    expect(p(Float64Array.from([0.5, 2]))).toBeGreaterThan(0.95);
  });
});
