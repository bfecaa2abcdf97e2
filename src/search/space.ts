/**
 * A search space: dimensions, fixed values, named constants (gpus) and constraints. Converts between points
 * (coordinates) and configs (real values), gives configs their canonical form, and enumerates discrete spaces.
 */

import {
  coordOf,
  type Dimension,
  featureOf,
  isContinuous,
  levelCount,
  type Params,
  type ParamValue,
  type Point,
  valueAt,
} from './dimension.js';
import type { Constraint } from './expr.js';

/** Discrete spaces up to this many points are enumerated once (grid, exhaustive candidate sets, exhaustion). */
export const ENUMERATION_LIMIT = 500_000;
/**
 * How long enumerate() checks points before giving the event loop a turn. By time, not count: the cost model's
 * first checks of each schedule and PP build the schedule (up to ~100 ms), later ones take µs. The result does not
 * depend on where the slices fall.
 */
const ENUMERATION_SLICE_MS = 20;
/** Validity answers remembered for a discrete space too large to enumerate (a check can cost tens of µs). */
const VALIDITY_MEMO = 1_000_000;

export interface SpaceDefinition {
  dims: readonly Dimension[];
  fixed: Params;
  /** Names usable in constraints that are not part of a config (e.g. gpus). */
  constants: Readonly<Record<string, number>>;
  constraints: readonly Constraint[];
  /**
   * The evaluator's own hard constraints (e.g. EP must divide a stage's GPUs): why it would refuse a config, or
   * null. Known without evaluating, so no optimiser spends a trial on a config that cannot run.
   */
  check?: SpaceCheck | null;
  /** The enumeration of an identical space (same dims, constraints, constants and check answers), to skip it. */
  validity?: Validity;
}

export type SpaceCheck = (params: Params) => string | null;

/**
 * The valid points of an enumerated discrete space and their mask by mixed-radix index: what enumeration
 * computed, shareable with another space of the same dimensions, constraints and check answers.
 */
export interface Validity {
  readonly points: readonly Int32Array[];
  readonly mask: Uint8Array;
}

/** JSON with object keys sorted at every level: equal values give equal strings. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The identity of a config, for memoisation and duplicate checks. */
export function canonicalKey(params: Params): string {
  return canonicalJson(params);
}

export class SearchSpace {
  readonly dims: readonly Dimension[];
  readonly fixed: Params;
  private readonly fixedEntries: readonly [string, ParamValue][];
  readonly constants: Readonly<Record<string, number>>;
  readonly constraints: readonly Constraint[];
  private readonly check: SpaceCheck | null;
  /** Levels per dimension (Infinity for continuous ones). */
  readonly levels: readonly number[];
  /** Number of points ignoring constraints; Infinity when a dimension is continuous. */
  readonly size: number;
  private enumerated: Int32Array[] | null | undefined;
  /** Per mixed-radix index, whether the point is valid (with `enumerated`), so `satisfies` is a lookup. */
  private validMask: Uint8Array | null = null;
  /** For a discrete space past ENUMERATION_LIMIT: validity by mixed-radix index, of the points tested so far. */
  private readonly validityMemo = new Map<number, boolean>();

  constructor(definition: SpaceDefinition) {
    this.dims = definition.dims;
    this.fixed = definition.fixed;
    this.fixedEntries = Object.entries(definition.fixed);
    this.constants = definition.constants;
    this.constraints = definition.constraints;
    this.check = definition.check ?? null;
    this.levels = this.dims.map(levelCount);
    this.size = this.levels.reduce((a, b) => a * b, 1);
    const shared = definition.validity;
    if (shared) {
      if (!this.isDiscrete || shared.mask.length !== this.size)
        throw new Error('SearchSpace: a shared validity for a space of another size');
      this.enumerated = [...shared.points];
      this.validMask = shared.mask;
    }
  }

  /** The enumeration (validPoints and its mask), or null when the space is not enumerated. */
  validity(): Validity | null {
    const points = this.validPoints();
    return points ? { points, mask: this.validMask! } : null;
  }

  get isDiscrete(): boolean {
    return !this.dims.some(isContinuous);
  }

  /** The config of a point: fixed values and the real value of every dimension. */
  decode(point: Point): Params {
    // Property by property: keys added to a spread copy cost V8 ~30x more (6.7 against 0.2 µs on the H800 space).
    const params: Params = {};
    for (const [name, value] of this.fixedEntries) params[name] = value;
    for (let i = 0; i < this.dims.length; i++) params[this.dims[i]!.name] = valueAt(this.dims[i]!, point[i]!);
    return params;
  }

  /** The point of a config, or null when a value lies outside its dimension or a fixed value differs. */
  encode(params: Params): number[] | null {
    for (const [name, value] of Object.entries(this.fixed)) if (params[name] !== value) return null;
    const point: number[] = [];
    for (const dim of this.dims) {
      const value = params[dim.name];
      const coord = value === undefined ? null : coordOf(dim, value);
      if (coord === null) return null;
      point.push(coord);
    }
    return point;
  }

  key(point: Point): string {
    return canonicalKey(this.decode(point));
  }

  /** The spec constraints a config breaks (empty when it satisfies all). */
  violations(params: Params): Constraint[] {
    const lookup = (name: string): ParamValue => params[name] ?? this.constants[name]!;
    return this.constraints.filter((c) => !c.test(lookup));
  }

  get hasCheck(): boolean {
    return this.check !== null;
  }

  /** Why the evaluator would refuse a config (SpaceDefinition.check), or null. */
  refusal(params: Params): string | null {
    return this.check?.(params) ?? null;
  }

  /** Whether a point satisfies the spec constraints and passes the evaluator's check. */
  satisfies(point: Point): boolean {
    if (this.constraints.length === 0 && !this.check) return true;
    if (this.validPoints()) return this.validMask![this.indexOf(point)] === 1;
    if (!this.isDiscrete) return this.test(point);
    const index = this.indexOf(point);
    let valid = this.validityMemo.get(index);
    if (valid === undefined) {
      if (this.validityMemo.size >= VALIDITY_MEMO) this.validityMemo.clear();
      this.validityMemo.set(index, (valid = this.test(point)));
    }
    return valid;
  }

  /**
   * Why the space is not enumerated, for the person running a study (null when it is, or when it is continuous):
   * its valid points are then drawn by rejection sampling, and its count of valid points is unknown.
   */
  samplingNote(): string | null {
    if (!this.isDiscrete || this.validPoints()) return null;
    return (
      `the space has ${this.size.toLocaleString('en-US')} points, more than the ${ENUMERATION_LIMIT.toLocaleString('en-US')} enumerated: ` +
      'valid configs are drawn at random and checked one by one (the count of valid points is unknown, and bo scores a sample of them)'
    );
  }

  private test(point: Point): boolean {
    const params = this.decode(point);
    return this.violations(params).length === 0 && this.refusal(params) === null;
  }

  /** Model features of a point (see featureOf), written into `out`. */
  features(point: Point, out: Float64Array = new Float64Array(this.dims.length)): Float64Array {
    this.dims.forEach((dim, i) => (out[i] = featureOf(dim, point[i]!)));
    return out;
  }

  /** The index of a point of a discrete space in mixed radix (the inverse of pointAt). */
  indexOf(point: Point): number {
    let index = 0;
    for (let i = 0; i < point.length; i++) index = index * this.levels[i]! + point[i]!;
    return index;
  }

  /** The point with this index in mixed radix, the first dimension varying slowest (the grid order). */
  pointAt(index: number): number[] {
    const point = new Array<number>(this.dims.length);
    for (let i = this.dims.length - 1; i >= 0; i--) {
      const n = this.levels[i]!;
      point[i] = index % n;
      index = Math.floor(index / n);
    }
    return point;
  }

  /**
   * Every point that satisfies the constraints and the check, in grid order, or null when the space is continuous or
   * larger than ENUMERATION_LIMIT. Computed once.
   */
  validPoints(): readonly Int32Array[] | null {
    if (this.enumerated !== undefined) return this.enumerated;
    if (!this.isDiscrete || this.size > ENUMERATION_LIMIT) return (this.enumerated = null);
    const mask = new Uint8Array(this.size);
    const points = this.scanValid(mask);
    this.validMask = mask;
    return (this.enumerated = points);
  }

  /**
   * validPoints, computed in slices of ENUMERATION_SLICE_MS with a turn of the event loop between them, so a live UI
   * keeps answering while the space is checked.
   */
  async enumerate(): Promise<void> {
    if (this.enumerated !== undefined) return;
    if (!this.isDiscrete || this.size > ENUMERATION_LIMIT) {
      this.enumerated = null;
      return;
    }
    const mask = new Uint8Array(this.size);
    const points: Int32Array[] = [];
    let sliceStart = performance.now();
    for (let index = 0; index < this.size; index++) {
      const point = this.pointAt(index);
      if (this.test(point)) {
        points.push(Int32Array.from(point));
        mask[index] = 1;
      }
      if (performance.now() - sliceStart > ENUMERATION_SLICE_MS) {
        await new Promise((resolve) => setImmediate(resolve));
        sliceStart = performance.now();
      }
    }
    if (this.enumerated !== undefined) return; // a synchronous validPoints() ran meanwhile
    this.validMask = mask;
    this.enumerated = points;
  }

  /**
   * Every valid point of a discrete space in grid order, however many (a benchmark's exhaustive optimum); not
   * remembered. `mask`, when given, gets a 1 at each valid index.
   */
  scanValid(mask?: Uint8Array): Int32Array[] {
    const points: Int32Array[] = [];
    for (let index = 0; index < this.size; index++) {
      const point = this.pointAt(index);
      if (!this.test(point)) continue;
      points.push(Int32Array.from(point));
      if (mask) mask[index] = 1;
    }
    return points;
  }
}
