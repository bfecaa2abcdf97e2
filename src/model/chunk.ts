/**
 * Per-rank chunk durations for the schedule simulator, from the item costs: F, B, W of a chunk run serially
 * (communication exposed, compute on every SM: no all-to-all kernel is resident then), and FB, an overlapped pair
 * (compute on SMs - commSMs next to the communication stream, overlap.ts).
 */

import type { ItemTimes } from '../contract/metrics.js';
import type { OpDurations } from '../schedule/index.js';
import type { ItemCost } from './item-cost.js';
import { type PairTiming, pairTime } from './overlap.js';
import type { Partition } from './partition.js';

export interface ChunkTimes {
  F: number;
  B: number;
  W: number;
  /** Exposed communication inside F and B (all-to-all + TP), and the TP part alone. */
  commF: number;
  commB: number;
  tpF: number;
  tpB: number;
  /** Memory-bound compute inside F, B, W. */
  memF: number;
  memB: number;
  memW: number;
}

/** One rank's mean chunk durations (over the chunks it holds) and mean overlapped pair (over the pairs it runs). */
export interface RankTiming {
  readonly chunk: ChunkTimes;
  readonly pair: PairTiming | undefined;
}

/** Everything about one config's chunks that does not need the simulator. */
export interface ChunkTiming {
  /** Per rank: the simulator runs each rank's own durations (FB = its mean pair, or F + B + W without pairs). */
  readonly durations: readonly OpDurations[];
  /** The rank with the most work (F + B + W), and its heaviest chunk. */
  readonly busiestRank: number;
  readonly criticalChunk: number;
  readonly serialCosts: readonly ItemCost[];
  readonly pairCosts: readonly ItemCost[] | undefined;
  /** Item times per kind name for the details (shared between results: read-only). */
  readonly itemTimes: Readonly<Record<string, ItemTimes>>;
  readonly itemTimesOverlapped: Readonly<Record<string, ItemTimes>> | undefined;
  /** Per rank its class; per class CLASS_FIELDS numbers (its ChunkTimes, then its PairTiming): see rankTiming. */
  readonly classOf: Int32Array;
  readonly classTimes: readonly number[];
  /** Per class, whether its ranks run pairs. */
  readonly classPairs: readonly boolean[];
}

/** Fields of ChunkTimes, in its order. */
const CHUNK_FIELDS = 10;
/** Numbers per rank class in ChunkTiming.classTimes: its ChunkTimes, then its PairTiming (time, computeBusy, commBusy). */
const CLASS_FIELDS = CHUNK_FIELDS + 3;

function times(c: ItemCost): ItemTimes {
  const { attnF, attnB, attnW, mlpF, mlpB, mlpW, dispatchF, combineF, dispatchB, combineB, tpF, tpB } = c;
  return Object.freeze({ attnF, attnB, attnW, mlpF, mlpB, mlpW, dispatchF, combineF, dispatchB, combineB, tpF, tpB });
}

/** Item times of the kinds present (bit i of `present`: kind i), keyed by kind name. */
function byKind(
  present: number,
  kinds: readonly string[],
  costs: readonly ItemCost[],
): Readonly<Record<string, ItemTimes>> {
  const out: Record<string, ItemTimes> = {};
  kinds.forEach((kind, i) => {
    if (present & (1 << i)) out[kind] = times(costs[i]!);
  });
  return Object.freeze(out);
}

/**
 * Ranks that hold the same compositions in the same order and run the same pairs get the same durations: each
 * class is timed once. A function of the partition and the layout.
 */
export interface RankClasses {
  /** Per rank, its class. */
  readonly classOf: Int32Array;
  /** Per class, its first rank. */
  readonly first: readonly number[];
  /** Bit i set where some composition holds items of kind i. */
  readonly kindsPresent: number;
}

export function rankClasses(
  partition: Partition,
  kinds: readonly string[],
  held: readonly (readonly number[])[],
  pairs: readonly (readonly number[])[],
): RankClasses {
  const ids = new Map<string, number>();
  const first: number[] = [];
  const classOf = Int32Array.from(held, (stages, r) => {
    const id = (list: readonly number[]) => list.map((s) => partition.stages[s]!.compositionId).join(',');
    const key = `${id(stages)}|${id(pairs[r] ?? [])}`;
    let k = ids.get(key);
    if (k === undefined) {
      k = first.length;
      ids.set(key, k);
      first.push(r);
    }
    return k;
  });
  let kindsPresent = 0;
  kinds.forEach((_, i) => {
    if (partition.compositions.some((stage) => stage.counts[i]! > 0)) kindsPresent |= 1 << i;
  });
  return { classOf, first, kindsPresent };
}

/** Item times per cost array and kinds present, kept while the cost array lives (an evaluator owns one). */
export type ItemTimesMemo = WeakMap<readonly ItemCost[], Map<number, Readonly<Record<string, ItemTimes>>>>;

function itemTimesOf(
  memo: ItemTimesMemo | undefined,
  present: number,
  kinds: readonly string[],
  costs: readonly ItemCost[],
): Readonly<Record<string, ItemTimes>> {
  if (!memo) return byKind(present, kinds, costs);
  let perMask = memo.get(costs);
  if (!perMask) memo.set(costs, (perMask = new Map()));
  let out = perMask.get(present);
  if (!out) perMask.set(present, (out = byKind(present, kinds, costs)));
  return out;
}

/** Scratch rewritten by every chunkTiming call (one evaluation at a time): per item, then per composition, CHUNK_FIELDS sums. */
let perItemScratch = new Float64Array(0);
let perCompositionScratch = new Float64Array(0);

/** Rank r's mean chunk and pair (a new object each call: the caller keeps what it needs). */
export function rankTiming(t: ChunkTiming, r: number): RankTiming {
  const k = t.classOf[r]!;
  const x = t.classTimes,
    at = k * CLASS_FIELDS;
  const chunk: ChunkTimes = {
    F: x[at]!,
    B: x[at + 1]!,
    W: x[at + 2]!,
    commF: x[at + 3]!,
    commB: x[at + 4]!,
    tpF: x[at + 5]!,
    tpB: x[at + 6]!,
    memF: x[at + 7]!,
    memB: x[at + 8]!,
    memW: x[at + 9]!,
  };
  const p = at + CHUNK_FIELDS;
  const pair = t.classPairs[k] ? { time: x[p]!, computeBusy: x[p + 1]!, commBusy: x[p + 2]! } : undefined;
  return { chunk, pair };
}

/**
 * Each rank's durations for the simulator: the MEAN over the chunks it holds (F, B, W) and over the pairs it runs (FB),
 * so each rank's total is right even where its chunks differ (a V-shape rank holding a 3-layer and a 1-layer chunk);
 * the order of its chunks' differences is averaged. `held` and `pairs` come from the schedule (placement.ts);
 * `pairCosts` is required when there are pairs. Ranks of one class share their (read-only) timing objects.
 */
export function chunkTiming(
  partition: Partition,
  kinds: readonly string[],
  serialCosts: readonly ItemCost[],
  held: readonly (readonly number[])[],
  pairs: readonly (readonly number[])[],
  pairCosts: readonly ItemCost[] | undefined,
  classes: RankClasses = rankClasses(partition, kinds, held, pairs),
  memo?: ItemTimesMemo,
): ChunkTiming {
  // Each item's contributions to a chunk's sums (computed once per item), added up per composition in item order.
  if (perItemScratch.length < serialCosts.length * CHUNK_FIELDS) {
    perItemScratch = new Float64Array(serialCosts.length * CHUNK_FIELDS);
  }
  const perItem = perItemScratch;
  for (let i = 0; i < serialCosts.length; i++) {
    const c = serialCosts[i]!;
    const at = i * CHUNK_FIELDS;
    perItem[at] = c.attnF + c.mlpF + c.dispatchF + c.combineF;
    perItem[at + 1] = c.attnB + c.mlpB + c.dispatchB + c.combineB;
    perItem[at + 2] = c.attnW + c.mlpW;
    perItem[at + 3] = c.dispatchF + c.combineF + c.tpF;
    perItem[at + 4] = c.dispatchB + c.combineB + c.tpB;
    perItem[at + 5] = c.tpF;
    perItem[at + 6] = c.tpB;
    perItem[at + 7] = c.memoryF;
    perItem[at + 8] = c.memoryB;
    perItem[at + 9] = c.memoryW;
  }
  const n = partition.compositions.length;
  if (perCompositionScratch.length < n * CHUNK_FIELDS) perCompositionScratch = new Float64Array(n * CHUNK_FIELDS);
  const serial = perCompositionScratch;
  for (let k = 0; k < n; k++) {
    const out = k * CHUNK_FIELDS;
    for (let f = 0; f < CHUNK_FIELDS; f++) serial[out + f] = 0;
    const items = partition.compositions[k]!.itemIndex;
    for (let j = 0; j < items.length; j++) {
      const at = items[j]! * CHUNK_FIELDS;
      for (let f = 0; f < CHUNK_FIELDS; f++) serial[out + f] += perItem[at + f]!;
    }
  }
  const compositionTotal = (k: number) =>
    serial[k * CHUNK_FIELDS]! + serial[k * CHUNK_FIELDS + 1]! + serial[k * CHUNK_FIELDS + 2]!;
  // Pairs of the same compositions take the same time: time each distinct one once.
  const timed: (PairTiming | undefined)[] = new Array(n * n);
  const classCount = classes.first.length;
  const classTimes: number[] = new Array(classCount * CLASS_FIELDS).fill(0);
  const classPairs: boolean[] = new Array(classCount).fill(false);
  const classDurations: OpDurations[] = new Array(classCount);
  for (let k = 0; k < classCount; k++) {
    const r = classes.first[k]!;
    const at = k * CLASS_FIELDS;
    // The mean over the chunks it holds: each divided by their count, added in their order.
    const stages = held[r]!;
    const count = stages.length;
    for (let j = 0; j < count; j++) {
      const from = partition.stages[stages[j]!]!.compositionId * CHUNK_FIELDS;
      for (let f = 0; f < CHUNK_FIELDS; f++) classTimes[at + f]! += serial[from + f]! / count;
    }
    const list = pairs[r] ?? [];
    if (pairCosts && list.length > 0) {
      classPairs[k] = true;
      const pairCount = list.length / 2;
      for (let j = 0; j < list.length; j += 2) {
        const f = partition.stages[list[j]!]!,
          b = partition.stages[list[j + 1]!]!;
        const key = f.compositionId * n + b.compositionId;
        let t = timed[key];
        if (!t) {
          t = pairTime(f.itemIndex, b.itemIndex, pairCosts, { time: 0, computeBusy: 0, commBusy: 0 });
          timed[key] = t;
        }
        classTimes[at + CHUNK_FIELDS]! += t.time / pairCount;
        classTimes[at + CHUNK_FIELDS + 1]! += t.computeBusy / pairCount;
        classTimes[at + CHUNK_FIELDS + 2]! += t.commBusy / pairCount;
      }
    }
    const F = classTimes[at]!,
      B = classTimes[at + 1]!,
      W = classTimes[at + 2]!;
    classDurations[k] = Object.freeze({ F, B, W, FB: classPairs[k] ? classTimes[at + CHUNK_FIELDS]! : F + B + W });
  }
  const rankCount = classes.classOf.length;
  const rankDurations: OpDurations[] = new Array(rankCount);
  let busiest = 0,
    busiestTotal = -Infinity;
  for (let r = 0; r < rankCount; r++) {
    const d = classDurations[classes.classOf[r]!]!;
    rankDurations[r] = d;
    const total = d.F + d.B + d.W;
    if (r === 0 || total > busiestTotal) {
      busiest = r;
      busiestTotal = total;
    }
  }
  const heaviest = held[busiest]!.reduce((x, s) =>
    compositionTotal(partition.stages[s]!.compositionId) > compositionTotal(partition.stages[x]!.compositionId) ? s : x,
  );
  return {
    durations: Object.freeze(rankDurations),
    busiestRank: busiest,
    criticalChunk: heaviest,
    serialCosts,
    pairCosts,
    itemTimes: itemTimesOf(memo, classes.kindsPresent, kinds, serialCosts),
    itemTimesOverlapped: pairCosts ? itemTimesOf(memo, classes.kindsPresent, kinds, pairCosts) : undefined,
    classOf: classes.classOf,
    classTimes,
    classPairs,
  };
}
