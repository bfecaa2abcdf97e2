/**
 * A fast path for the step time of a compiled Schedule, exact to rounding, that skips the periodic middle of the
 * simulation. In the steady phase an op repeats the op one shift earlier (same rank, kind and chunk; micro-batches
 * one shift lower: 1, or pp for interleaved 1F1B): its rank predecessor and dependencies are the shifted op's,
 * shifted ("regular"). At a checkpoint the simulation looks for the shortest cycle c (in shifts) over which every
 * finish time the rest of the run reads (the frontier) advances by the same P. Then every later op whose inputs are
 * frontier or covered ops ("covered") finishes exactly P after the op c shifts earlier, by induction (max and +
 * commute with adding P), so its finish is read off its chain's ops before the checkpoint. Only the ops the steady
 * state does not cover (the cool-down, and whatever waits on it) are then simulated. Where no checkpoint shows a
 * cycle, the whole schedule is simulated as `simulate` does. Same-rank dependencies are dropped: an op's rank is
 * never free before an earlier op of its own rank has finished.
 *
 * Error: the check accepts a frontier within tolerance tau of periodic; max-plus maps are 1-Lipschitz, so each
 * extrapolated finish is within (cycles skipped) x tau of the simulated one, and tau is set so that stays below
 * 1e-11 relative. `simulate` stays the reference (timelines, Gantt charts); test/schedule/periodic.test.ts holds
 * the two together.
 */
import { NONE } from './flat-ops.js';
import { type Durations, durationOf, type Schedule, type SimSummary } from './schedule.js';
import { summarise } from './simulate.js';
import { OP_INDEX, OP_KINDS } from './types.js';

/** Candidate checkpoints, as fractions of the ops in topological order: the first that shows a period is used. */
const CHECKPOINT_FRACTIONS = [0.2, 0.35, 0.5, 0.65] as const;
/** A checkpoint is kept only if it leaves at most this share of the ops after it to simulate. */
const WORTHWHILE = 0.5;
/**
 * Longest cycles looked for, in shifts, tried in this order at each checkpoint: with ranks of unequal durations the
 * steady state can repeat only every few micro-batches (1F1B pp16 with a lighter rank 11 every 10; pp32 every 40),
 * and a checkpoint needs that many shifts of history behind it.
 */
const CYCLE_LIMITS = [48, 16] as const;
/** Bound on the relative error of an extrapolated finish (see the header). */
const EXTRAPOLATION_ERROR = 1e-11;
/** Finish slots past the ops: ZERO (0, no rank predecessor) and NEVER (-Infinity, no dependency). */
const ZERO_SLOT = 0,
  NEVER_SLOT = 1;
/** Per op in PeriodicSimulator.ops: [rank predecessor, dep0, dep1] as slots of its finish times, then a duration slot. */
const STRIDE = 4;
/** Stride of Checkpoint.covered: a covered op, then (a, b): it is the op at depth b (1 = first) of covered chain a. */
const COVERED_STRIDE = 3;

/**
 * A covered op (a, b) finishes at end[pre[a][q c - b]] + q P for a cycle of c shifts and P per cycle,
 * q = ceil(b / c): written into its own slot of `end` before the rest (which reads it) is simulated.
 */
interface Checkpoint {
  /** Ops [0, at) are simulated before the check. */
  readonly at: number;
  /** Ops before `at` that later ops read, and per op its MAX_CYCLE shifted ops (1 .. MAX_CYCLE shifts earlier). */
  readonly frontier: Int32Array;
  readonly frontierShifts: Int32Array;
  /** The covered ops whose finishes the rest or the step time reads (COVERED_STRIDE int32 each). */
  readonly covered: Int32Array;
  /** The ops simulated after a passed check, in topological order. */
  readonly rest: Int32Array;
  /** Per covered chain, the MAX_CYCLE ops before its first covered op (1 .. MAX_CYCLE shifts earlier). */
  readonly pre: Int32Array;
  readonly tolerance: number;
  /** Longest cycle looked for: frontierShifts and pre hold this many ops per entry. */
  readonly maxCycle: number;
}

/** What the checkpoints are planned from; each is planned the first time a run reaches it. */
interface Planning {
  readonly refs: readonly Int32Array[];
  readonly shifts: Shifts;
  /** Per op: how many shifts back its chain is defined, and how many of those ops (itself first) are regular. */
  readonly defined: Int32Array;
  readonly run: Int32Array;
  readonly inFrontier: Uint8Array;
}

/** Step-time fast path of one Schedule (see the header). Owns its scratch arrays: one evaluation at a time. */
export class PeriodicSimulator {
  /** STRIDE int32 per op: cross-rank dependencies only; absent ones point at the ZERO or NEVER slot. */
  private readonly ops: Int32Array;
  /** Per rank, its last op (-1 for a rank without ops). */
  private readonly lastOps: Int32Array;
  /** Per entry of CHECKPOINT_FRACTIONS: its plan, null where it has none, undefined until planned. */
  private readonly checkpoints: (Checkpoint | null | undefined)[] = CHECKPOINT_FRACTIONS.map(() => undefined);
  private planning: Planning | undefined;
  /** Rank predecessors and cross-rank dependencies (NONE where absent), until the checkpoints are planned. */
  private refs: readonly Int32Array[] | undefined;
  private readonly end: Float64Array;
  private readonly duration: Float64Array;
  private readonly summary: SimSummary;
  /** Whether the last `run` skipped the steady state (for tests and benchmarks). */
  extrapolated = false;

  constructor(private readonly s: Schedule) {
    const n = s.opCount;
    const pred = new Int32Array(n).fill(NONE);
    this.lastOps = new Int32Array(s.pp).fill(NONE);
    for (let r = 0; r < s.pp; r++) {
      const from = s.rankOffsets[r]!,
        to = s.rankOffsets[r + 1]!;
      for (let k = from + 1; k < to; k++) pred[s.rankOrder[k]!] = s.rankOrder[k - 1]!;
      if (to > from) this.lastOps[r] = s.rankOrder[to - 1]!;
    }
    const cross = (deps: Int32Array): Int32Array => {
      const out = new Int32Array(n);
      for (let i = 0; i < n; i++) {
        const d = deps[i]!;
        out[i] = d !== NONE && s.rank[d] !== s.rank[i] ? d : NONE;
      }
      return out;
    };
    const dep0 = cross(s.dep0),
      dep1 = cross(s.dep1);
    const kinds = OP_KINDS.length;
    this.ops = new Int32Array(n * STRIDE);
    for (let i = 0, at = 0; i < n; i++, at += STRIDE) {
      this.ops[at] = pred[i] === NONE ? n + ZERO_SLOT : pred[i]!;
      this.ops[at + 1] = dep0[i] === NONE ? n + NEVER_SLOT : dep0[i]!;
      this.ops[at + 2] = dep1[i] === NONE ? n + NEVER_SLOT : dep1[i]!;
      this.ops[at + 3] = s.rank[i]! * kinds + s.opKind[i]!;
    }
    this.refs = [pred, dep0, dep1];
    this.end = new Float64Array(n + 2);
    this.end[n + ZERO_SLOT] = 0;
    this.end[n + NEVER_SLOT] = -Infinity;
    this.duration = new Float64Array(s.pp * kinds);
    this.summary = {
      ...s.summary,
      busy: new Float64Array(s.pp),
      idle: new Float64Array(s.pp),
      stepTime: 0,
      criticalRank: 0,
    };
  }

  /** Whether a checkpoint exists (else every call simulates the whole schedule). */
  get periodic(): boolean {
    return CHECKPOINT_FRACTIONS.some((_, k) => this.checkpointAt(k) !== null);
  }

  /**
   * The summary `simulate` gives (step time, busy, idle, critical rank, peak activations), overwritten by the next
   * call. With `look` false every op is simulated (`simulate`'s recurrence, the same finishes) and no checkpoint is
   * planned: for a schedule met too rarely to pay for planning.
   */
  run(d: Durations, look = true): SimSummary {
    const s = this.s;
    const kinds = OP_KINDS.length;
    for (let r = 0; r < s.pp; r++) {
      const own = d.ranks?.[r] ?? d;
      for (const kind of OP_KINDS) this.duration[r * kinds + OP_INDEX[kind]] = durationOf(kind, own);
    }
    let from = 0;
    let stepTime = -1;
    for (let k = 0; look && k < CHECKPOINT_FRACTIONS.length; k++) {
      const cp = this.checkpointAt(k);
      if (cp === null) continue;
      this.pass(from, cp.at, d.p2p);
      from = cp.at;
      stepTime = this.extrapolate(cp, d.p2p);
      if (stepTime >= 0) break;
    }
    this.extrapolated = stepTime >= 0;
    if (stepTime < 0) {
      this.pass(from, s.opCount, d.p2p);
      stepTime = 0;
      for (let r = 0; r < s.pp; r++) {
        const last = this.lastOps[r]!;
        if (last !== NONE && this.end[last]! > stepTime) stepTime = this.end[last]!;
      }
    }
    return summarise(s, this.duration, stepTime, this.summary);
  }

  /** The reference recurrence over ops [from, to): a rank is free when its predecessor has finished. */
  private pass(from: number, to: number, p2p: number): void {
    const { ops, end, duration } = this;
    for (let i = from, at = from * STRIDE; i < to; i++, at += STRIDE) {
      let start = end[ops[at]!]!;
      const a = end[ops[at + 1]!]! + p2p;
      if (a > start) start = a;
      const b = end[ops[at + 2]!]! + p2p;
      if (b > start) start = b;
      end[i] = start + duration[ops[at + 3]!]!;
    }
  }

  /** Checkpoint k, planned on first use. */
  private checkpointAt(k: number): Checkpoint | null {
    if (this.refs) this.plan(this.refs);
    const known = this.checkpoints[k];
    if (known !== undefined) return known;
    const planned = planCheckpoint(
      this.s,
      this.planning!,
      this.lastOps,
      Math.floor(this.s.opCount * CHECKPOINT_FRACTIONS[k]!),
    );
    this.checkpoints[k] = planned;
    if (!this.checkpoints.includes(undefined)) this.planning = undefined; // every checkpoint planned
    return planned;
  }

  /** Finds the shift under which ops repeat (once, on the first run that looks for a cycle). */
  private plan(refs: readonly Int32Array[]): void {
    this.refs = undefined;
    const [pred, dep0, dep1] = refs as [Int32Array, Int32Array, Int32Array];
    const shifts = bestShift(this.s, pred, dep0, dep1);
    if (!shifts) {
      this.checkpoints.fill(null);
      return;
    }
    const n = this.s.opCount;
    const { shifted, regular } = shifts;
    const defined = new Int32Array(n),
      run = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const j = shifted[i]!;
      if (j === NONE) continue;
      defined[i] = defined[j]! + 1;
      run[i] = regular[i] ? run[j]! + 1 : 0;
    }
    this.planning = { refs, shifts, defined, run, inFrontier: new Uint8Array(n) };
  }

  /** The shortest cycle (in shifts) over which every frontier finish advances by the same time, or 0. */
  private cycle(cp: Checkpoint): { cycle: number; advance: number } | null {
    const { end } = this;
    const f = cp.frontier,
      shifts = cp.frontierShifts,
      L = cp.maxCycle;
    next: for (let c = 1; c <= L; c++) {
      const advance = end[f[0]!]! - end[shifts[c - 1]!]!;
      for (let k = 1; k < f.length; k++) {
        const op = f[k]!;
        if (Math.abs(end[op]! - end[shifts[k * L + c - 1]!]! - advance) > cp.tolerance * end[op]!) continue next;
      }
      return { cycle: c, advance };
    }
    return null;
  }

  /** Simulates what the steady state does not cover and returns the step time, or -1 when the frontier shows no cycle. */
  private extrapolate(cp: Checkpoint, p2p: number): number {
    const found = this.cycle(cp);
    if (found === null) return -1;
    const { cycle, advance } = found;
    const { end, ops, duration } = this;
    const pre = cp.pre,
      L = cp.maxCycle,
      covered = cp.covered;
    for (let k = 0; k < covered.length; k += COVERED_STRIDE) {
      const b = covered[k + 2]!;
      const q = Math.ceil(b / cycle);
      end[covered[k]!] = end[pre[covered[k + 1]! * L + q * cycle - b]!]! + q * advance;
    }
    const rest = cp.rest;
    for (let k = 0; k < rest.length; k++) {
      const i = rest[k]!,
        at = i * STRIDE;
      let start = end[ops[at]!]!;
      const a = end[ops[at + 1]!]! + p2p;
      if (a > start) start = a;
      const b = end[ops[at + 2]!]! + p2p;
      if (b > start) start = b;
      end[i] = start + duration[ops[at + 3]!]!;
    }
    let stepTime = 0;
    for (let r = 0; r < this.lastOps.length; r++) {
      const last = this.lastOps[r]!;
      if (last !== NONE) stepTime = Math.max(stepTime, end[last]!);
    }
    return stepTime;
  }
}

interface Shifts {
  /** The op one shift earlier (same rank, kind and chunks), or NONE. */
  readonly shifted: Int32Array;
  /** 1 where the op's rank predecessor and dependencies are its shifted op's, shifted. */
  readonly regular: Uint8Array;
}

/**
 * Shifts of one micro-batch, or of pp (interleaved 1F1B walks micro-batches in groups of pp): the one under which
 * more ops repeat; null when none does. An op is found by (rank, kind, chunk, micro-batch): each is unique (an FB
 * by its forward half, whose backward half is then compared).
 */
/** Whether reference `b` (of an op's shifted op) is reference `a` (of the op) shifted; both absent counts. */
function shiftedRef(shifted: Int32Array, a: number, b: number): boolean {
  return a === NONE ? b === NONE : b !== NONE && shifted[a] === b;
}

function bestShift(s: Schedule, pred: Int32Array, dep0: Int32Array, dep1: Int32Array): Shifts | null {
  const n = s.opCount;
  const C = s.chunksPerRank,
    M = s.microBatches,
    K = OP_KINDS.length;
  const slot = (i: number, mb: number): number => ((s.rank[i]! * K + s.opKind[i]!) * C + s.chunk[i]!) * M + mb;
  const index = new Int32Array(s.pp * K * C * M).fill(NONE);
  for (let i = 0; i < n; i++) index[slot(i, s.microBatch[i]!)] = i;
  let best: Shifts | null = null;
  let bestCount = 0;
  for (const shift of new Set([1, s.pp])) {
    const shifted = new Int32Array(n).fill(NONE);
    for (let i = 0; i < n; i++) {
      const mb = s.microBatch[i]! - shift;
      if (mb < 0) continue;
      const j = index[slot(i, mb)]!;
      if (
        j !== NONE &&
        s.bChunk[j] === s.bChunk[i] &&
        s.bMicroBatch[j] === (s.bMicroBatch[i]! < 0 ? NONE : s.bMicroBatch[i]! - shift)
      )
        shifted[i] = j;
    }
    const regular = new Uint8Array(n);
    let count = 0;
    for (let i = 0; i < n; i++) {
      const j = shifted[i]!;
      if (j === NONE) continue;
      // The rank predecessor and both dependencies must be the shifted op's, shifted.
      if (
        shiftedRef(shifted, pred[i]!, pred[j]!) &&
        shiftedRef(shifted, dep0[i]!, dep0[j]!) &&
        shiftedRef(shifted, dep1[i]!, dep1[j]!)
      ) {
        regular[i] = 1;
        count++;
      }
    }
    if (count > bestCount) (best = { shifted, regular }), (bestCount = count);
  }
  return best;
}

/** The plan of the checkpoint after `at` ops: the first cycle limit that saves enough, or null. */
function planCheckpoint(s: Schedule, p: Planning, lastOps: Int32Array, at: number): Checkpoint | null {
  const n = s.opCount;
  const { refs, inFrontier } = p;
  inFrontier.fill(0);
  const [pred, dep0, dep1] = refs as [Int32Array, Int32Array, Int32Array];
  for (let j = at; j < n; j++) {
    // NONE is negative: below `at` too.
    if (pred[j]! < at && pred[j] !== NONE) inFrontier[pred[j]!] = 1;
    if (dep0[j]! < at && dep0[j] !== NONE) inFrontier[dep0[j]!] = 1;
    if (dep1[j]! < at && dep1[j] !== NONE) inFrontier[dep1[j]!] = 1;
  }
  for (const maxCycle of CYCLE_LIMITS) {
    const cp = checkpoint(s, p, lastOps, at, maxCycle);
    if (cp) return cp;
  }
  return null;
}

/** The plan of one checkpoint looking for cycles up to maxCycle shifts, or null when it would not save enough. */
function checkpoint(s: Schedule, p: Planning, lastOps: Int32Array, at: number, maxCycle: number): Checkpoint | null {
  const n = s.opCount;
  const { refs, defined, run, inFrontier } = p;
  const { shifted, regular } = p.shifts;
  const MAX_CYCLE = maxCycle;
  const back = (i: number, out: number[]): void => {
    for (let k = 0, j = i; k < MAX_CYCLE; k++) out.push((j = shifted[j]!));
  };
  const chain = new Int32Array(n),
    depth = new Int32Array(n);
  const checked = (i: number): boolean => inFrontier[i] === 1 && defined[i]! >= MAX_CYCLE;
  // depth 0: not covered. A covered chain starts at an op whose shifted op, before `at`, begins MAX_CYCLE - 1 regular ops.
  const pre: number[] = [];
  let chains = 0,
    maxDepth = 0;
  const [pred, dep0, dep1] = refs as [Int32Array, Int32Array, Int32Array];
  const known = (x: number) => x === NONE || (x < at ? checked(x) : depth[x]! > 0);
  for (let j = at; j < n; j++) {
    if (!regular[j] || !known(pred[j]!) || !known(dep0[j]!) || !known(dep1[j]!)) continue;
    const sh = shifted[j]!;
    if (sh >= at) {
      if (depth[sh] === 0) continue;
      chain[j] = chain[sh]!;
      depth[j] = depth[sh]! + 1;
    } else {
      if (run[sh]! < MAX_CYCLE - 1 || defined[sh]! < MAX_CYCLE - 1) continue;
      chain[j] = chains++;
      depth[j] = 1;
      back(j, pre);
    }
    if (depth[j]! > maxDepth) maxDepth = depth[j]!;
  }
  // The covered ops that the rest or the step time reads, each once.
  const covered: number[] = [];
  const listed = new Uint8Array(n);
  const read = (x: number): void => {
    if (x === NONE || depth[x] === 0 || listed[x] === 1) return;
    listed[x] = 1;
    covered.push(x, chain[x]!, depth[x]!);
  };
  if (chains === 0) return null;
  // The ops simulated after the check: given up on as soon as there are more than it saves.
  const restLimit = WORTHWHILE * (n - at);
  const rest = new Int32Array(n - at);
  let restCount = 0;
  for (let j = at; j < n; j++) {
    if (depth[j]! > 0) continue;
    if (restCount + 1 > restLimit) return null;
    rest[restCount++] = j;
    read(pred[j]!);
    read(dep0[j]!);
    read(dep1[j]!);
  }
  const frontier: number[] = [],
    frontierShifts: number[] = [];
  for (let i = 0; i < at; i++) if (checked(i)) frontier.push(i), back(i, frontierShifts);
  if (frontier.length === 0) return null;
  for (const i of lastOps) read(i);
  return {
    at,
    frontier: Int32Array.from(frontier),
    frontierShifts: Int32Array.from(frontierShifts),
    covered: Int32Array.from(covered),
    rest: rest.slice(0, restCount),
    pre: Int32Array.from(pre),
    tolerance: EXTRAPOLATION_ERROR / Math.max(1, maxDepth),
    maxCycle,
  };
}
