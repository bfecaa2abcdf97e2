/**
 * The smallest arithmetic the cost model's smooth formulas need. The GEMM and all-to-all time formulas are written
 * once against this interface: the search evaluates them with plain numbers (`numberArith`), and calibration
 * (src/calibrate) evaluates the SAME code with tensors to differentiate it with respect to the efficiency inputs.
 * Integer-valued quantities (tile counts, waves, bytes) stay plain numbers and enter through `constant`.
 */
export interface Arith<T> {
  constant(value: number): T;
  add(a: T, b: T): T;
  sub(a: T, b: T): T;
  mul(a: T, b: T): T;
  div(a: T, b: T): T;
  max(a: T, b: T): T;
  min(a: T, b: T): T;
  /** a^b for a > 0 (the soft knee of the all-to-all bandwidth curve). */
  pow(a: T, b: T): T;
}

/** Plain-number arithmetic: one shared, monomorphic object so the hot path inlines. */
export const numberArith: Arith<number> = {
  constant: (value) => value,
  add: (a, b) => a + b,
  sub: (a, b) => a - b,
  mul: (a, b) => a * b,
  div: (a, b) => a / b,
  max: (a, b) => (a > b ? a : b),
  min: (a, b) => (a < b ? a : b),
  pow: (a, b) => a ** b,
};
