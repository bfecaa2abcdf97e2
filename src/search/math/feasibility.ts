/**
 * Probability that a config passes the constraints no other model explains (e.g. rejected before evaluation),
 * learned from the told configs: a kernel-smoothed Beta estimate (Nadaraya-Watson with a prior),
 *   P(x) = (a p₀ + Σ_i w_i f_i) / (a + Σ_i w_i),   w_i = exp(-½ Σ_d s_d δ_d(x, x_i)),   f_i ∈ {0, 1},
 * with δ_d the kernel's per-dimension distance (squared difference of features in [0, 1], or 0/1 mismatch), p₀ the
 * overall pass rate (Laplace-smoothed), and the sharpness s_d of every dimension and the prior weight a chosen by
 * leave-one-out likelihood (coordinate ascent over small grids): a dimension that does not matter gets s_d = 0,
 * so a rejection seen once applies along it. The sums are kept per candidate and grow by one term per told config.
 */
import { type CategoricalMask, dimensionDistance } from './kernel.js';

const SHARPNESS = [0, 0.5, 2, 8, 32];
const START_SHARPNESS = 2;
const PRIOR_WEIGHTS = [0.05, 0.2, 1];
const SWEEPS = 2;

export interface FeasibilityModel {
  /** s_d per dimension. */
  sharpness: Float64Array;
  priorWeight: number;
}

export function feasibilityWeight(
  x: ArrayLike<number>,
  told: ArrayLike<number>,
  model: FeasibilityModel,
  categorical: CategoricalMask,
): number {
  let r2 = 0;
  for (let d = 0; d < model.sharpness.length; d++)
    r2 += model.sharpness[d]! * dimensionDistance(x[d]!, told[d]!, categorical[d] === 1);
  return Math.exp(-0.5 * r2);
}

/** log P(x) from the sums Σw_i and Σw_i f_i, given that `passed` of `told` configs passed. */
export function logFeasibility(
  model: FeasibilityModel,
  weightSum: number,
  passedWeightSum: number,
  passed: number,
  told: number,
): number {
  const prior = (1 + passed) / (2 + told);
  return Math.log((model.priorWeight * prior + passedWeightSum) / (model.priorWeight + weightSum));
}

/** Fits s_d and a by leave-one-out likelihood of the labels; O(n² d) per trial setting. */
export function fitFeasibility(
  features: readonly Float64Array[],
  passed: readonly boolean[],
  categorical: CategoricalMask,
): FeasibilityModel {
  const d = categorical.length;
  const n = features.length;
  const model: FeasibilityModel = { sharpness: new Float64Array(d).fill(START_SHARPNESS), priorWeight: 1 };
  const passedCount = passed.filter(Boolean).length;
  if (passedCount === n || passedCount === 0) return model;
  const pairs = (n * (n - 1)) / 2;
  const delta = new Float64Array(pairs * d);
  for (let i = 0, p = 0; i < n; i++) {
    for (let j = 0; j < i; j++, p++) {
      for (let k = 0; k < d; k++)
        delta[p * d + k] = dimensionDistance(features[i]![k]!, features[j]![k]!, categorical[k] === 1);
    }
  }
  const sums = new Float64Array(n);
  const hits = new Float64Array(n);
  const looLikelihood = (m: FeasibilityModel): number => {
    sums.fill(0);
    hits.fill(0);
    for (let i = 0, p = 0; i < n; i++) {
      for (let j = 0; j < i; j++, p++) {
        let r2 = 0;
        for (let k = 0; k < d; k++) r2 += m.sharpness[k]! * delta[p * d + k]!;
        const w = Math.exp(-0.5 * r2);
        sums[i] += w;
        sums[j] += w;
        if (passed[j]) hits[i] += w;
        if (passed[i]) hits[j] += w;
      }
    }
    let total = 0;
    for (let i = 0; i < n; i++) {
      const logP = logFeasibility(m, sums[i]!, hits[i]!, passedCount - (passed[i] ? 1 : 0), n - 1);
      total += passed[i] ? logP : Math.log(Math.max(1e-12, -Math.expm1(logP)));
    }
    return total;
  };
  let best = looLikelihood(model);
  for (let sweep = 0; sweep < SWEEPS; sweep++) {
    for (let k = 0; k < d; k++) {
      const current = model.sharpness[k]!;
      let chosen = current;
      for (const s of SHARPNESS) {
        if (s === current) continue;
        model.sharpness[k] = s;
        const value = looLikelihood(model);
        if (value > best) {
          best = value;
          chosen = s;
        }
      }
      model.sharpness[k] = chosen;
    }
  }
  for (const a of PRIOR_WEIGHTS) {
    const value = looLikelihood({ ...model, priorWeight: a });
    if (value > best) {
      best = value;
      model.priorWeight = a;
    }
  }
  return model;
}
