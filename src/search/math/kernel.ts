/**
 * The mixed-space Matérn-5/2 kernel with ARD lengthscales (Rasmussen & Williams 2006, eq. 4.17):
 *   k(x, x') = s (1 + √5 r + 5r²/3) exp(-√5 r),   r² = Σ_d δ_d(x, x') / ℓ_d²,
 * where δ_d = (x_d - x'_d)² on ordered dimensions (features in [0, 1]) and δ_d = [x_d ≠ x'_d] on categorical ones
 * (the 0/1 mismatch distance Optuna's GP sampler uses), so one lengthscale per dimension says how much it matters.
 */

const SQRT5 = Math.sqrt(5);

/** Which feature columns are categorical (compared for equality only). */
export type CategoricalMask = Uint8Array;

/** δ_d for one dimension. */
export function dimensionDistance(a: number, b: number, categorical: boolean): number {
  return categorical ? (a === b ? 0 : 1) : (a - b) * (a - b);
}

/** r² between two feature rows, with inverse squared lengthscales `invLengthSq`. */
export function scaledSqDistance(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  invLengthSq: ArrayLike<number>,
  categorical: CategoricalMask,
): number {
  let r2 = 0;
  for (let d = 0; d < invLengthSq.length; d++)
    r2 += dimensionDistance(a[d]!, b[d]!, categorical[d] === 1) * invLengthSq[d]!;
  return r2;
}

/** Matérn-5/2 correlation (unit signal variance) at squared scaled distance r². matern52(0) = 1. */
export function matern52(r2: number): number {
  const r = Math.sqrt(r2);
  return (1 + SQRT5 * r + (5 / 3) * r2) * Math.exp(-SQRT5 * r);
}

/**
 * matern52(r²) and -(dk/dr)/r = (5/3)(1 + √5 r) exp(-√5 r) (unit signal variance), sharing one exponential, into
 * `out`. The derivative of the kernel with respect to log ℓ_d is s · radial · δ_d / ℓ_d² (chain rule through
 * r² = Σ δ_d / ℓ_d²), finite at r = 0.
 */
export function matern52WithRadial(r2: number, out: { value: number; radial: number }): void {
  const r = Math.sqrt(r2);
  const decay = Math.exp(-SQRT5 * r);
  out.value = (1 + SQRT5 * r + (5 / 3) * r2) * decay;
  out.radial = (5 / 3) * (1 + SQRT5 * r) * decay;
}

/**
 * Kumaraswamy input warping of an ordered feature u in [0, 1] (Snoek et al. 2014): w(u) = 1 - (1 - u^a)^b, a
 * monotone bijection of [0, 1] that lets a stationary kernel fit effects that are steep in one part of the range
 * and flat in another (throughput against comm SMs rises steeply, then saturates). a = b = 1 is the identity.
 */
export function kumaraswamy(u: number, a: number, b: number): number {
  return u <= 0 ? 0 : u >= 1 ? 1 : 1 - (1 - u ** a) ** b;
}

/** kumaraswamy(u, a, b) into out.w, with its derivatives with respect to log a and log b. */
export function kumaraswamyWithDerivatives(
  u: number,
  a: number,
  b: number,
  out: { w: number; dLogA: number; dLogB: number },
): void {
  if (u <= 0 || u >= 1) {
    out.w = u <= 0 ? 0 : 1;
    out.dLogA = out.dLogB = 0;
    return;
  }
  const t = u ** a;
  const rest = 1 - t;
  const restB = rest ** b;
  out.w = 1 - restB;
  out.dLogA = a * b * (restB / rest) * t * Math.log(u);
  out.dLogB = -b * restB * Math.log(rest);
}
