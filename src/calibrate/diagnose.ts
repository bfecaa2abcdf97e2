import { atPosition, boundPosition, type ParamSpec } from './bounds.js';

/**
 * After a fit: which measurements no parameter value within bounds explains. Two symptoms, both meaning the model is
 * missing a term rather than a constant being off:
 * - a parameter ends on its bound, pulled there by some measurements (it would leave its physical range to fit them);
 * - a measurement's error stays large at the optimum; then each parameter it depends on is solved for that measurement
 *   alone: either one could explain it, but at a value the other measurements do not allow (a conflict one constant
 *   cannot settle), or none can anywhere within its bounds.
 */

/** Error (percent) beyond which a fitted measurement counts as unexplained. */
export const UNEXPLAINED_ERROR_PERCENT = 10;
const UNEXPLAINED_LOG_ERROR = Math.log(1 + UNEXPLAINED_ERROR_PERCENT / 100);
/** A fitted parameter within this fraction of its range from a bound sits on it (the sigmoid saturates there). */
export const ON_BOUND = 1e-3;

export type NumberPredict<M> = (values: Record<string, number>, m: M) => number;

export interface BoundFinding<M> {
  kind: 'bound';
  param: ParamSpec;
  value: number;
  bound: 'lower' | 'upper';
  /** Measurements whose error would shrink if the parameter went past its bound. */
  pulledBy: M[];
}

/** A measurement one parameter alone could explain, at a value the other measurements do not allow. */
export interface ConflictFinding<M> {
  kind: 'conflict';
  measurement: M;
  errorPercent: number;
  param: ParamSpec;
  fittedValue: number;
  /** The value that makes this measurement's prediction exact (the cheapest such move among the parameters). */
  neededValue: number;
}

/** A measurement no single parameter explains anywhere within its bounds. */
export interface OutOfBoundsFinding<M> {
  kind: 'out-of-bounds';
  measurement: M;
  errorPercent: number;
  /** Every parameter the measurement depends on. */
  tried: ParamSpec[];
  /** The single-parameter move that comes closest: that parameter at one of its bounds, and the error left. */
  closest: { param: ParamSpec; bound: 'lower' | 'upper'; errorPercent: number };
}

export type Finding<M> = BoundFinding<M> | ConflictFinding<M> | OutOfBoundsFinding<M>;

export interface DiagnoseInput<M> {
  params: { spec: ParamSpec; value: number }[];
  measurements: M[];
  measured: (m: M) => number;
  predict: NumberPredict<M>;
}

export function diagnose<M>(input: DiagnoseInput<M>): Finding<M>[] {
  const fitted = Object.fromEntries(input.params.map((p) => [p.spec.key, p.value]));
  const logError = (values: Record<string, number>, m: M) => Math.log(input.predict(values, m) / input.measured(m));
  const findings: Finding<M>[] = [];

  for (const { spec, value } of input.params) {
    const position = boundPosition(spec, value);
    if (position > ON_BOUND && position < 1 - ON_BOUND) continue;
    const bound = position <= ON_BOUND ? 'lower' : 'upper';
    const inward = { ...fitted, [spec.key]: atPosition(spec, bound === 'lower' ? 2 * ON_BOUND : 1 - 2 * ON_BOUND) };
    // Only misses beyond the threshold count: a shipped value on its bound (a link fraction of 1) that fits is fine.
    const pulledBy = input.measurements.filter(
      (m) =>
        Math.abs(logError(fitted, m)) > UNEXPLAINED_LOG_ERROR &&
        Math.abs(logError(inward, m)) > Math.abs(logError(fitted, m)),
    );
    if (pulledBy.length > 0) findings.push({ kind: 'bound', param: spec, value, bound, pulledBy });
  }

  for (const m of input.measurements) {
    const errorPercent = toPercent(logError(fitted, m));
    if (Math.abs(errorPercent) <= UNEXPLAINED_ERROR_PERCENT) continue;
    const moves = input.params.flatMap(({ spec }) => {
      const errorAt = (position: number) => logError({ ...fitted, [spec.key]: atPosition(spec, position) }, m);
      const [atLower, atUpper] = [errorAt(0), errorAt(1)];
      if (Math.abs(atUpper - atLower) < 1e-9) return []; // the measurement does not depend on it
      return [{ spec, needed: solve(errorAt), atLower, atUpper }];
    });
    if (moves.length === 0) continue;
    const solvable = moves.filter((mv) => mv.needed !== undefined);
    if (solvable.length > 0) {
      const distance = (mv: (typeof moves)[number]) =>
        Math.abs(mv.needed! - boundPosition(mv.spec, fitted[mv.spec.key]!));
      const cheapest = solvable.reduce((a, b) => (distance(b) < distance(a) ? b : a));
      findings.push({
        kind: 'conflict',
        measurement: m,
        errorPercent,
        param: cheapest.spec,
        fittedValue: fitted[cheapest.spec.key]!,
        neededValue: atPosition(cheapest.spec, cheapest.needed!),
      });
      continue;
    }
    const ends = moves.flatMap((mv) => [
      { param: mv.spec, bound: 'lower' as const, error: mv.atLower },
      { param: mv.spec, bound: 'upper' as const, error: mv.atUpper },
    ]);
    const best = ends.reduce((a, b) => (Math.abs(b.error) < Math.abs(a.error) ? b : a));
    findings.push({
      kind: 'out-of-bounds',
      measurement: m,
      errorPercent,
      tried: moves.map((mv) => mv.spec),
      closest: { param: best.param, bound: best.bound, errorPercent: toPercent(best.error) },
    });
  }
  return findings;
}

const toPercent = (logRatio: number) => (Math.exp(logRatio) - 1) * 100;

/** A root of `f` on [0, 1] by bisection, or undefined when f keeps one sign there. */
function solve(f: (position: number) => number): number | undefined {
  let [lo, hi] = [0, 1];
  let [fLo, fHi] = [f(lo), f(hi)];
  if (fLo === 0) return lo;
  if (fHi === 0) return hi;
  if (Math.sign(fLo) === Math.sign(fHi)) return undefined;
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    const fMid = f(mid);
    if (Math.sign(fMid) === Math.sign(fLo)) [lo, fLo] = [mid, fMid];
    else [hi, fHi] = [mid, fMid];
  }
  return (lo + hi) / 2;
}
