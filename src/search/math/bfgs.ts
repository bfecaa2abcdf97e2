/**
 * Minimises a smooth function of a few variables by BFGS (Nocedal & Wright, "Numerical Optimization", alg. 6.1):
 * the inverse-Hessian update H ← (I - ρsyᵀ) H (I - ρysᵀ) + ρssᵀ with ρ = 1/(yᵀs), and a backtracking line search
 * on the Armijo condition f(x + αp) <= f(x) + 1e-4 α gᵀp. Used for GP hyperparameters (about ten variables).
 * `f` may return Infinity (e.g. a failed Cholesky): the line search then backs off.
 * bfgsSteps is the same search as a generator that yields after every evaluation of f, so a caller can spread an
 * expensive minimisation over several turns of the event loop; minimizeBfgs runs it to the end.
 */

export interface ValueAndGradient {
  value: number;
  gradient: Float64Array;
}

export interface MinimizeResult {
  x: Float64Array;
  value: number;
  iterations: number;
}

export interface BfgsOptions {
  maxIterations?: number;
  gradientTolerance?: number;
}

export function minimizeBfgs(
  f: (x: Float64Array) => ValueAndGradient,
  start: Float64Array,
  options: BfgsOptions = {},
): MinimizeResult {
  const steps = bfgsSteps(f, start, options);
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
  }
}

/** minimizeBfgs, yielding after each evaluation of f. */
export function* bfgsSteps(
  f: (x: Float64Array) => ValueAndGradient,
  start: Float64Array,
  { maxIterations = 50, gradientTolerance = 1e-5 }: BfgsOptions = {},
): Generator<void, MinimizeResult, void> {
  const m = start.length;
  let x = Float64Array.from(start);
  let current = f(x);
  yield;
  if (!Number.isFinite(current.value)) return { x, value: current.value, iterations: 0 };
  const H = new Float64Array(m * m);
  for (let i = 0; i < m; i++) H[i * m + i] = 1;
  const p = new Float64Array(m);
  let iteration = 0;
  for (; iteration < maxIterations; iteration++) {
    const g = current.gradient;
    if (Math.max(...g.map(Math.abs)) < gradientTolerance) break;
    let slope = 0;
    for (let i = 0; i < m; i++) {
      let sum = 0;
      for (let j = 0; j < m; j++) sum -= H[i * m + j]! * g[j]!;
      p[i] = sum;
      slope += sum * g[i]!;
    }
    if (slope >= 0) {
      // not a descent direction: restart from steepest descent
      H.fill(0);
      for (let i = 0; i < m; i++) {
        H[i * m + i] = 1;
        p[i] = -g[i]!;
      }
      slope = -g.reduce((s, v) => s + v * v, 0);
    }
    let step = 1;
    let next: ValueAndGradient | null = null;
    let xNext = x;
    for (let tries = 0; tries < 30; tries++, step *= 0.5) {
      xNext = x.map((xi, i) => xi + step * p[i]!);
      const trial = f(xNext);
      yield;
      if (Number.isFinite(trial.value) && trial.value <= current.value + 1e-4 * step * slope) {
        next = trial;
        break;
      }
    }
    if (!next) break;
    const s = xNext.map((v, i) => v - x[i]!);
    const y = next.gradient.map((v, i) => v - g[i]!);
    const sy = s.reduce((acc, v, i) => acc + v * y[i]!, 0);
    const improvement = current.value - next.value;
    x = xNext;
    current = next;
    if (sy > 1e-10) updateInverseHessian(H, s, y, 1 / sy);
    if (improvement < 1e-9 * (1 + Math.abs(current.value))) break;
  }
  return { x, value: current.value, iterations: iteration };
}

/** H ← (I - ρsyᵀ) H (I - ρysᵀ) + ρssᵀ, expanded: H - ρ(s(Hy)ᵀ + (Hy)sᵀ) + (ρ²yᵀHy + ρ) ssᵀ. */
function updateInverseHessian(H: Float64Array, s: Float64Array, y: Float64Array, rho: number): void {
  const m = s.length;
  const Hy = new Float64Array(m);
  for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) Hy[i]! += H[i * m + j]! * y[j]!;
  const yHy = y.reduce((acc, v, i) => acc + v * Hy[i]!, 0);
  const c = rho * rho * yHy + rho;
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < m; j++)
      H[i * m + j] = H[i * m + j]! - rho * (s[i]! * Hy[j]! + Hy[i]! * s[j]!) + c * s[i]! * s[j]!;
  }
}
