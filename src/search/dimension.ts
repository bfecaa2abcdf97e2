/**
 * Parameters as data (after Optuna's distributions). Each dimension has one internal numeric form, its
 * coordinate: the level index for discrete dimensions, the unit value u in [0, 1] for continuous floats.
 * Optimisers work on coordinates; configs carry real values; the two convert here and nowhere else.
 */

export type ParamValue = number | string | boolean;
export type Params = Record<string, ParamValue>;

export type Dimension =
  /** Integers min, min+step, ..., max; `log` spaces the features (and random draws) logarithmically. */
  | { kind: 'int'; name: string; min: number; max: number; step: number; log: boolean }
  /** Reals in [min, max]; with a step they are a discrete grid, without one they are continuous. */
  | { kind: 'float'; name: string; min: number; max: number; step: number | null; log: boolean }
  /** A numeric choice list (pp: 4, 8, 16, 32): ordered, so neighbours and distances mean something. Ascending. */
  | { kind: 'ordinal'; name: string; values: readonly number[] }
  /** An unordered choice list (schedule): only equal or different. */
  | { kind: 'categorical'; name: string; values: readonly ParamValue[] };

/** A point of the space: one coordinate per dimension, in the space's dimension order. */
export type Point = ArrayLike<number>;

export function isContinuous(dim: Dimension): boolean {
  return dim.kind === 'float' && dim.step === null;
}

/** Number of distinct values (Infinity when continuous). */
export function levelCount(dim: Dimension): number {
  switch (dim.kind) {
    case 'int':
      return Math.floor((dim.max - dim.min) / dim.step + 1e-9) + 1;
    case 'float':
      return dim.step === null ? Infinity : Math.floor((dim.max - dim.min) / dim.step + 1e-9) + 1;
    case 'ordinal':
    case 'categorical':
      return dim.values.length;
  }
}

/** Rounds away binary noise such as 0.1 + 0.2 so stepped floats export as written. */
function tidy(value: number): number {
  return Number(value.toPrecision(12));
}

function fromUnitScale(dim: { min: number; max: number; log: boolean }, u: number): number {
  return dim.log
    ? Math.exp(Math.log(dim.min) + u * (Math.log(dim.max) - Math.log(dim.min)))
    : dim.min + u * (dim.max - dim.min);
}

function toUnitScale(dim: { min: number; max: number; log: boolean }, value: number): number {
  if (dim.max === dim.min) return 0;
  return dim.log
    ? (Math.log(value) - Math.log(dim.min)) / (Math.log(dim.max) - Math.log(dim.min))
    : (value - dim.min) / (dim.max - dim.min);
}

/** The real value at a coordinate. */
export function valueAt(dim: Dimension, coord: number): ParamValue {
  switch (dim.kind) {
    case 'int':
      return dim.min + coord * dim.step;
    case 'float':
      return dim.step === null ? tidy(fromUnitScale(dim, coord)) : tidy(dim.min + coord * dim.step);
    case 'ordinal':
    case 'categorical':
      return dim.values[coord]!;
  }
}

/** The coordinate of a real value, or null when the value is outside the dimension. */
export function coordOf(dim: Dimension, value: ParamValue): number | null {
  switch (dim.kind) {
    case 'int':
    case 'float': {
      if (typeof value !== 'number' || !Number.isFinite(value)) return null;
      if (value < dim.min - 1e-12 || value > dim.max + 1e-12) return null;
      if (dim.kind === 'float' && dim.step === null) return Math.min(1, Math.max(0, toUnitScale(dim, value)));
      const step = dim.step!;
      const level = Math.round((value - dim.min) / step);
      return Math.abs(dim.min + level * step - value) <= 1e-9 * Math.max(1, Math.abs(value)) ? level : null;
    }
    case 'ordinal':
    case 'categorical': {
      const index = dim.values.indexOf(value as never);
      return index < 0 ? null : index;
    }
  }
}

/**
 * The coordinate as a model feature: ordered dimensions map to [0, 1] (log-scaled where asked; ordinal lists by
 * rank, so pp 4, 8, 16, 32 are evenly spaced); categorical dimensions keep the index, compared only for equality.
 */
export function featureOf(dim: Dimension, coord: number): number {
  switch (dim.kind) {
    case 'int':
      return toUnitScale(dim, dim.min + coord * dim.step);
    case 'float':
      return dim.step === null ? coord : toUnitScale(dim, dim.min + coord * dim.step);
    case 'ordinal':
      return dim.values.length > 1 ? coord / (dim.values.length - 1) : 0;
    case 'categorical':
      return coord;
  }
}

/** Maps u in [0, 1) to a coordinate so that uniform u gives uniform levels (log-uniform values where `log`). */
export function coordFromUnit(dim: Dimension, u: number): number {
  const levels = levelCount(dim);
  if (levels === Infinity) return u;
  if ((dim.kind === 'int' || dim.kind === 'float') && dim.log) {
    const level = Math.round((fromUnitScale(dim, u) - dim.min) / dim.step!);
    return Math.min(levels - 1, Math.max(0, level));
  }
  return Math.min(levels - 1, Math.floor(u * levels));
}
