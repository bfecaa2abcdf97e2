import { median, sampleRankCorrelation } from 'simple-statistics';

/** One measurement set against the model's prediction of it. */
export interface Comparison {
  measured: number;
  predicted: number;
}

/** Signed relative error of a prediction, in percent: +10 means the model predicts 10% more than was measured. */
export function errorPercent(c: Comparison): number {
  return (c.predicted / c.measured - 1) * 100;
}

export interface ErrorSummary {
  count: number;
  /** Median absolute percentage error. */
  medianApePercent: number;
  /** Mean absolute percentage error. */
  mapePercent: number;
  /** Spearman rank correlation of predicted with measured; undefined with fewer than 3 rows or constant values. */
  spearman: number | undefined;
}

export function summarize(rows: Comparison[]): ErrorSummary {
  if (rows.length === 0) return { count: 0, medianApePercent: NaN, mapePercent: NaN, spearman: undefined };
  const ape = rows.map((r) => Math.abs(errorPercent(r)));
  return {
    count: rows.length,
    medianApePercent: median(ape),
    mapePercent: ape.reduce((a, b) => a + b, 0) / ape.length,
    spearman: spearman(rows),
  };
}

function spearman(rows: Comparison[]): number | undefined {
  if (rows.length < 3) return undefined;
  const rho = sampleRankCorrelation(
    rows.map((r) => r.predicted),
    rows.map((r) => r.measured),
  );
  return Number.isFinite(rho) ? rho : undefined;
}
