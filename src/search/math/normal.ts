/**
 * The standard normal distribution and the log of the expected-improvement function, accurate far into the tail
 * where plain EI underflows to 0 (Ament et al. 2023, "Unexpected Improvements to Expected Improvement", eq. 9).
 */

const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

/** φ(z) = exp(-z²/2) / √(2π). */
export function normalPdf(z: number): number {
  return Math.exp(-0.5 * z * z - LOG_SQRT_2PI);
}

/**
 * Φ(z) by Marsaglia's series (J. Stat. Softw. 11(4), 2004): Φ(z) = 1/2 + φ(z) Σ z^(2k+1) / (1·3·5···(2k+1)),
 * absolute error ~1e-15; tails beyond |z| = 8 are clamped. normalCdf(1.96) ≈ 0.9750021.
 */
export function normalCdf(z: number): number {
  if (z < -8) return Math.exp(logNormalCdf(z));
  if (z > 8) return 1;
  let sum = z;
  let term = z;
  const q = z * z;
  for (let i = 3; ; i += 2) {
    term *= q / i;
    const next = sum + term;
    if (next === sum) break;
    sum = next;
  }
  return 0.5 + sum * normalPdf(z);
}

/**
 * Mills ratio R(x) = Φ(-x) / φ(x) for x >= 3 by its Laplace continued fraction
 * R(x) = 1/(x + 1/(x + 2/(x + 3/(x + ...)))), evaluated backwards; the term counts keep the relative error
 * below ~1e-15 (it converges faster as x grows).
 */
function millsRatio(x: number): number {
  const terms = x < 4 ? 40 : x < 6 ? 24 : x < 10 ? 16 : 12;
  let t = x;
  for (let k = terms; k >= 1; k--) t = x + k / t;
  return 1 / t;
}

/**
 * log h(z) with h(z) = φ(z) + zΦ(z), so that EI(μ, σ; best) = σ h((μ - best) / σ).
 * For z >= -3 directly; below, h(z) = φ(z)(1 - xR(x)) with x = -z, in logs. logH(0) = log(1/√(2π)) ≈ -0.9189.
 */
export function logH(z: number): number {
  if (z >= -3) return Math.log(normalPdf(z) + z * normalCdf(z));
  const x = -z;
  const tail = 1 - x * millsRatio(x);
  return -0.5 * z * z - LOG_SQRT_2PI + Math.log(Math.max(tail, Number.MIN_VALUE));
}

/** log Φ(z), accurate in the lower tail: log(φ(z) R(-z)) below z = -3. logNormalCdf(0) = log ½. */
export function logNormalCdf(z: number): number {
  if (z >= -3) return Math.log(normalCdf(z));
  return -0.5 * z * z - LOG_SQRT_2PI + Math.log(millsRatio(-z));
}

/** log EI for maximisation: log(σ h((μ - best)/σ)); -Infinity when σ is 0 and μ does not beat best. */
export function logExpectedImprovement(mean: number, sd: number, best: number): number {
  if (!(sd > 0)) return mean > best ? Math.log(mean - best) : -Infinity;
  return Math.log(sd) + logH((mean - best) / sd);
}
