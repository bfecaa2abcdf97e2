/** A fitted parameter: its key, its physical bounds, and whether it is searched on a log scale (rates spanning decades). */
export interface ParamSpec {
  /** Key in the values a predictor receives, e.g. "chip:efficiency.gemmFp8PeakFraction". */
  key: string;
  lower: number;
  upper: number;
  scale: 'linear' | 'log';
  initial: number;
}

/** Fraction of the way from lower to upper bound, on the parameter's scale. */
export function boundPosition(spec: ParamSpec, value: number): number {
  switch (spec.scale) {
    case 'linear':
      return (value - spec.lower) / (spec.upper - spec.lower);
    case 'log':
      return (Math.log(value) - Math.log(spec.lower)) / (Math.log(spec.upper) - Math.log(spec.lower));
  }
}

/** The value at a fraction of the way from lower to upper bound (inverse of boundPosition). */
export function atPosition(spec: ParamSpec, position: number): number {
  switch (spec.scale) {
    case 'linear':
      return spec.lower + (spec.upper - spec.lower) * position;
    case 'log':
      return Math.exp(Math.log(spec.lower) + (Math.log(spec.upper) - Math.log(spec.lower)) * position);
  }
}
