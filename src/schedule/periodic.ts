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
import { type Durations, durationOf, PACKED_STRIDE, type Schedule, type SimSummary } from './schedule.js';
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
/** Stride of Checkpoint.rest: op, duration slot, then (a, b) for the rank predecessor and each dependency. */
const REST_STRIDE = 8;

/**
 * A reference to a finish time: b = 0: end[a]; b > 0: the op at depth b (1 = first) of covered chain a, whose
 * finish is end[pre[a][q c - b]] + q P for a cycle of c shifts and P per cycle, q = ceil(b / c).
 */
interface Checkpoint {
  /** Ops [0, at) are simulated before the check. */
  readonly at: number;
  /** Ops before `at` that later ops read, and per op its MAX_CYCLE shifted ops (1 .. MAX_CYCLE shifts earlier). */
  readonly frontier: Int32Array;
  readonly frontierShifts: Int32Array;
  /** The ops simulated after a passed check, in topological order (REST_STRIDE int32 each). */
  readonly rest: Int32Array;
  /** Per covered chain, the MAX_CYCLE ops before its first covered op (1 .. MAX_CYCLE shifts earlier). */
  readonly pre: Int32Array;
  /** Per rank, (a, b) of its last op. */
  readonly last: Int32Array;
  readonly tolerance: number;
  /** Longest cycle looked for: frontierShifts and pre hold this many ops per entry. */
  readonly maxCycle: number;
}

/** Step-time fast path of one Schedule (see the header). Owns its scratch arrays: one evaluation at a time. */
export class PeriodicSimulator {
  /** [rank, dep0, dep1, duration slot] per op, cross-rank dependencies only; absent ones point at NEVER. */
  private readonly ops: Int32Array;
  private readonly checkpoints: readonly Checkpoint[];
  private readonly end: Float64Array;
  private readonly free: Float64Array;
  private readonly duration: Float64Array;
  private readonly summary: SimSummary;
  /** Whether the last `run` skipped the steady state (for tests and benchmarks). */
  extrapolated = false;

  constructor(private readonly s: Schedule) {
    const n = s.opCount;
    const pred = new Int32Array(n).fill(NONE);
    for (let r = 0; r < s.pp; r++)
      for (let k = s.rankOffsets[r]! + 1; k < s.rankOffsets[r + 1]!; k++) pred[s.rankOrder[k]!] = s.rankOrder[k - 1]!;
    const cross = (deps: Int32Array): Int32Array =>
      deps.map((d, i) => (d !== NONE && s.rank[d] !== s.rank[i] ? d : NONE));
    const dep0 = cross(s.dep0),
      dep1 = cross(s.dep1);
    const kinds = OP_KINDS.length;
    this.ops = new Int32Array(n * PACKED_STRIDE);
    for (let i = 0, at = 0; i < n; i++, at += PACKED_STRIDE) {
      this.ops[at] = s.rank[i]!;
      this.ops[at + 1] = dep0[i] === NONE ? n + NEVER_SLOT : dep0[i]!;
      this.ops[at + 2] = dep1[i] === NONE ? n + NEVER_SLOT : dep1[i]!;
      this.ops[at + 3] = s.rank[i]! * kinds + s.opKind[i]!;
    }
    const shifts = bestShift(s, pred, dep0, dep1);
    this.checkpoints = shifts ? checkpoints(s, [pred, dep0, dep1], shifts) : [];
    this.end = new Float64Array(n + 2);
    this.end[n + NEVER_SLOT] = -Infinity;
    this.free = new Float64Array(s.pp);
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
    return this.checkpoints.length > 0;
  }

  /** The summary `simulate` gives (step time, busy, idle, critical rank, peak activations), overwritten by the next call. */
  run(d: Durations): SimSummary {
    const s = this.s;
    const kinds = OP_KINDS.length;
    for (let r = 0; r < s.pp; r++) {
      const own = d.ranks?.[r] ?? d;
      for (const kind of OP_KINDS) this.duration[r * kinds + OP_INDEX[kind]] = durationOf(kind, own);
    }
    this.free.fill(0);
    let from = 0;
    let stepTime = -1;
    for (const cp of this.checkpoints) {
      this.pass(from, cp.at, d.p2p);
      from = cp.at;
      stepTime = this.extrapolate(cp, d.p2p);
      if (stepTime >= 0) break;
    }
    this.extrapolated = stepTime >= 0;
    if (stepTime < 0) {
      this.pass(from, s.opCount, d.p2p);
      stepTime = 0;
      for (let r = 0; r < s.pp; r++) if (this.free[r]! > stepTime) stepTime = this.free[r]!;
    }
    return summarise(s, this.duration, stepTime, this.summary);
  }

  /** The reference recurrence over ops [from, to). */
  private pass(from: number, to: number, p2p: number): void {
    const { ops, end, free, duration } = this;
    for (let i = from, at = from * PACKED_STRIDE; i < to; i++, at += PACKED_STRIDE) {
      const r = ops[at]!;
      let start = free[r]!;
      const a = end[ops[at + 1]!]! + p2p;
      if (a > start) start = a;
      const b = end[ops[at + 2]!]! + p2p;
      if (b > start) start = b;
      const finish = start + duration[ops[at + 3]!]!;
      end[i] = finish;
      free[r] = finish;
    }
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
    const { end, duration } = this;
    const base = this.s.opCount;
    end[base + ZERO_SLOT] = 0;
    const pre = cp.pre,
      L = cp.maxCycle;
    const finishOf = (a: number, b: number): number => {
      if (b === 0) return end[a]!;
      const q = Math.ceil(b / cycle);
      return end[pre[a * L + q * cycle - b]!]! + q * advance;
    };
    const rest = cp.rest;
    for (let at = 0; at < rest.length; at += REST_STRIDE) {
      let start = finishOf(rest[at + 2]!, rest[at + 3]!);
      const a = finishOf(rest[at + 4]!, rest[at + 5]!) + p2p;
      if (a > start) start = a;
      const b = finishOf(rest[at + 6]!, rest[at + 7]!) + p2p;
      if (b > start) start = b;
      end[rest[at]!] = start + duration[rest[at + 1]!]!;
    }
    let stepTime = 0;
    for (let k = 0; k < cp.last.length; k += 2) stepTime = Math.max(stepTime, finishOf(cp.last[k]!, cp.last[k + 1]!));
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
      let ok = true;
      for (const refs of [pred, dep0, dep1]) {
        const a = refs[i]!,
          b = refs[j]!;
        if (a === NONE ? b !== NONE : b === NONE || shifted[a] !== b) ok = false;
      }
      if (ok) (regular[i] = 1), count++;
    }
    if (count > bestCount) (best = { shifted, regular }), (bestCount = count);
  }
  return best;
}

function checkpoints(s: Schedule, refs: readonly Int32Array[], { shifted, regular }: Shifts): Checkpoint[] {
  const n = s.opCount;
  // Per op: how many shifts back its chain is defined, and how many of those ops (itself first) are regular.
  const defined = new Int32Array(n),
    run = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const j = shifted[i]!;
    if (j === NONE) continue;
    defined[i] = defined[j]! + 1;
    run[i] = regular[i] ? run[j]! + 1 : 0;
  }
  const lastOps = Array.from({ length: s.pp }, (_, r) => s.rankOrder[s.rankOffsets[r + 1]! - 1]!);
  const out: Checkpoint[] = [];
  const inFrontier = new Uint8Array(n);
  for (const fraction of CHECKPOINT_FRACTIONS) {
    const at = Math.floor(n * fraction);
    inFrontier.fill(0);
    for (let j = at; j < n; j++) for (const r of refs) if (r[j] !== NONE && r[j]! < at) inFrontier[r[j]!] = 1;
    for (const maxCycle of CYCLE_LIMITS) {
      const cp = checkpoint(s, refs, shifted, regular, defined, run, inFrontier, lastOps, at, maxCycle);
      if (cp) {
        out.push(cp);
        break;
      }
    }
  }
  return out;
}

/** The plan of one checkpoint looking for cycles up to maxCycle shifts, or null when it would not save enough. */
function checkpoint(
  s: Schedule,
  refs: readonly Int32Array[],
  shifted: Int32Array,
  regular: Uint8Array,
  defined: Int32Array,
  run: Int32Array,
  inFrontier: Uint8Array,
  lastOps: readonly number[],
  at: number,
  maxCycle: number,
): Checkpoint | null {
  const n = s.opCount;
  const MAX_CYCLE = maxCycle;
  const back = (i: number, out: number[]): void => {
    for (let k = 0, j = i; k < MAX_CYCLE; k++) out.push((j = shifted[j]!));
  };
  const chain = new Int32Array(n),
    depth = new Int32Array(n);
  {
    const checked = (i: number): boolean => inFrontier[i] === 1 && defined[i]! >= MAX_CYCLE;
    // depth 0: not covered. A covered chain starts at an op whose shifted op, before `at`, begins MAX_CYCLE - 1 regular ops.
    depth.fill(0);
    const pre: number[] = [];
    let chains = 0,
      maxDepth = 0;
    for (let j = at; j < n; j++) {
      if (!regular[j]) continue;
      let ok = true;
      for (const r of refs) {
        const x = r[j]!;
        if (x !== NONE && !(x < at ? checked(x) : depth[x]! > 0)) ok = false;
      }
      const sh = shifted[j]!;
      if (!ok) continue;
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
    const ref = (x: number, none: number, list: number[]): void => {
      if (x === NONE) list.push(n + none, 0);
      else if (depth[x]! > 0) list.push(chain[x]!, depth[x]!);
      else list.push(x, 0);
    };
    const rest: number[] = [];
    for (let j = at; j < n; j++) {
      if (depth[j]! > 0) continue;
      rest.push(j, s.rank[j]! * OP_KINDS.length + s.opKind[j]!);
      ref(refs[0]![j]!, ZERO_SLOT, rest);
      ref(refs[1]![j]!, NEVER_SLOT, rest);
      ref(refs[2]![j]!, NEVER_SLOT, rest);
    }
    if (chains === 0 || rest.length / REST_STRIDE > WORTHWHILE * (n - at)) return null;
    const frontier: number[] = [],
      frontierShifts: number[] = [];
    for (let i = 0; i < at; i++) if (checked(i)) frontier.push(i), back(i, frontierShifts);
    if (frontier.length === 0) return null;
    const last: number[] = [];
    for (const i of lastOps) ref(i, ZERO_SLOT, last);
    return {
      at,
      frontier: Int32Array.from(frontier),
      frontierShifts: Int32Array.from(frontierShifts),
      rest: Int32Array.from(rest),
      pre: Int32Array.from(pre),
      last: Int32Array.from(last),
      tolerance: EXTRAPOLATION_ERROR / Math.max(1, maxDepth),
      maxCycle,
    };
  }
}
