/**
 * Per-rank chunk durations for the schedule simulator, from the item costs: F, B, W of a chunk run serially
 * (communication exposed, compute on every SM: no all-to-all kernel is resident then), and FB, an overlapped pair
 * (compute on SMs - commSMs next to the communication stream, overlap.ts).
 */

import type { ItemTimes } from '../contract/metrics.js';
import type { OpDurations } from '../schedule/index.js';
import type { ItemCost } from './item-cost.js';
import { type PairTiming, pairTime } from './overlap.js';
import type { Partition, Stage } from './partition.js';

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
  readonly ranks: readonly RankTiming[];
  readonly durations: readonly OpDurations[];
  /** The rank with the most work (F + B + W), and its heaviest chunk. */
  readonly busiestRank: number;
  readonly criticalChunk: number;
  readonly serialCosts: readonly ItemCost[];
  readonly pairCosts: readonly ItemCost[] | undefined;
  /** Item times per kind name for the details (shared between results: read-only). */
  readonly itemTimes: Readonly<Record<string, ItemTimes>>;
  readonly itemTimesOverlapped: Readonly<Record<string, ItemTimes>> | undefined;
}

/** Fields of ChunkTimes, in its order. */
const CHUNK_FIELDS = 10;

/** A chunk run serially: the sums of its items' contributions (CHUNK_FIELDS per item), in item order. */
function summed(stage: Stage, perItem: Float64Array): ChunkTimes {
  let F = 0,
    B = 0,
    W = 0,
    commF = 0,
    commB = 0,
    tpF = 0,
    tpB = 0,
    memF = 0,
    memB = 0,
    memW = 0;
  const items = stage.itemIndex;
  for (let k = 0; k < items.length; k++) {
    const at = items[k]! * CHUNK_FIELDS;
    F += perItem[at]!;
    B += perItem[at + 1]!;
    W += perItem[at + 2]!;
    commF += perItem[at + 3]!;
    commB += perItem[at + 4]!;
    tpF += perItem[at + 5]!;
    tpB += perItem[at + 6]!;
    memF += perItem[at + 7]!;
    memB += perItem[at + 8]!;
    memW += perItem[at + 9]!;
  }
  return { F, B, W, commF, commB, tpF, tpB, memF, memB, memW };
}

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

function meanOf(chunks: readonly ChunkTimes[]): ChunkTimes {
  const out: ChunkTimes = { F: 0, B: 0, W: 0, commF: 0, commB: 0, tpF: 0, tpB: 0, memF: 0, memB: 0, memW: 0 };
  const n = chunks.length;
  for (const c of chunks) {
    out.F += c.F / n;
    out.B += c.B / n;
    out.W += c.W / n;
    out.commF += c.commF / n;
    out.commB += c.commB / n;
    out.tpF += c.tpF / n;
    out.tpB += c.tpB / n;
    out.memF += c.memF / n;
    out.memB += c.memB / n;
    out.memW += c.memW / n;
  }
  return out;
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
  const perItem = new Float64Array(serialCosts.length * CHUNK_FIELDS);
  serialCosts.forEach((c, i) => {
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
  });
  const serial = partition.compositions.map((stage) => summed(stage, perItem));
  const total = (t: ChunkTimes) => t.F + t.B + t.W;
  // Pairs of the same compositions take the same time: time each distinct one once.
  const n = partition.compositions.length;
  const timed: (PairTiming | undefined)[] = new Array(n * n);
  const meanPair = (list: readonly number[]): PairTiming | undefined => {
    if (!pairCosts || list.length === 0) return undefined;
    const mean: PairTiming = { time: 0, computeBusy: 0, commBusy: 0 };
    const count = list.length / 2;
    for (let k = 0; k < list.length; k += 2) {
      const f = partition.stages[list[k]!]!,
        b = partition.stages[list[k + 1]!]!;
      const key = f.compositionId * n + b.compositionId;
      let t = timed[key];
      if (!t) {
        t = pairTime(f.itemIndex, b.itemIndex, pairCosts, { time: 0, computeBusy: 0, commBusy: 0 });
        timed[key] = t;
      }
      mean.time += t.time / count;
      mean.computeBusy += t.computeBusy / count;
      mean.commBusy += t.commBusy / count;
    }
    return mean;
  };
  const perClass = classes.first.map((r): RankTiming => {
    const chunk = meanOf(held[r]!.map((s) => serial[partition.stages[s]!.compositionId]!));
    return { chunk, pair: meanPair(pairs[r] ?? []) };
  });
  const classDurations = perClass.map(({ chunk: c, pair }) =>
    Object.freeze({ F: c.F, B: c.B, W: c.W, FB: pair?.time ?? c.F + c.B + c.W }),
  );
  const rankCount = classes.classOf.length;
  const ranks: RankTiming[] = new Array(rankCount);
  const rankDurations: OpDurations[] = new Array(rankCount);
  let busiest = 0;
  for (let r = 0; r < rankCount; r++) {
    ranks[r] = perClass[classes.classOf[r]!]!;
    rankDurations[r] = classDurations[classes.classOf[r]!]!;
    if (total(ranks[r]!.chunk) > total(ranks[busiest]!.chunk)) busiest = r;
  }
  const heaviest = held[busiest]!.reduce((x, s) =>
    total(serial[partition.stages[s]!.compositionId]!) > total(serial[partition.stages[x]!.compositionId]!) ? s : x,
  );
  const durations = Object.freeze(rankDurations);
  return {
    ranks,
    durations,
    busiestRank: busiest,
    criticalChunk: heaviest,
    serialCosts,
    pairCosts,
    itemTimes: itemTimesOf(memo, classes.kindsPresent, kinds, serialCosts),
    itemTimesOverlapped: pairCosts ? itemTimesOf(memo, classes.kindsPresent, kinds, pairCosts) : undefined,
  };
}
