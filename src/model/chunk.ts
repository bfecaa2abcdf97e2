/**
 * Per-chunk durations for the schedule simulator, from the item costs: F, B, W of the slowest chunk run serially
 * (communication exposed, compute on every SM: no all-to-all kernel is resident then), and FB, the slowest
 * overlapped pair the schedule runs (compute on SMs - commSMs next to the communication stream, overlap.ts).
 */
import type { ItemCost } from './item-cost.js';
import type { ItemTimes } from './metrics.js';
import { pairTime, type PairTiming } from './overlap.js';
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

/** Everything about one config's chunks that does not need the simulator. */
export interface ChunkTiming {
  readonly chunk: ChunkTimes;
  /** Index of the slowest chunk. */
  readonly criticalChunk: number;
  readonly pair: PairTiming | undefined;
  readonly serialCosts: readonly ItemCost[];
  readonly pairCosts: readonly ItemCost[] | undefined;
  /** Item times per kind name for the details (shared between results: read-only). */
  readonly itemTimes: Readonly<Record<string, ItemTimes>>;
  readonly itemTimesOverlapped: Readonly<Record<string, ItemTimes>> | undefined;
}

export function serialChunk(stage: Stage, costs: readonly ItemCost[]): ChunkTimes {
  let F = 0, B = 0, W = 0, commF = 0, commB = 0, tpF = 0, tpB = 0, memF = 0, memB = 0, memW = 0;
  for (const i of stage.itemIndex) {
    const c = costs[i]!;
    F += c.attnF + c.mlpF + c.dispatchF + c.combineF;
    B += c.attnB + c.mlpB + c.dispatchB + c.combineB;
    W += c.attnW + c.mlpW;
    commF += c.dispatchF + c.combineF + c.tpF;
    commB += c.dispatchB + c.combineB + c.tpB;
    tpF += c.tpF;
    tpB += c.tpB;
    memF += c.memoryF;
    memB += c.memoryB;
    memW += c.memoryW;
  }
  return { F, B, W, commF, commB, tpF, tpB, memF, memB, memW };
}

function times(c: ItemCost): ItemTimes {
  const { attnF, attnB, attnW, mlpF, mlpB, mlpW, dispatchF, combineF, dispatchB, combineB, tpF, tpB } = c;
  return Object.freeze({ attnF, attnB, attnW, mlpF, mlpB, mlpW, dispatchF, combineF, dispatchB, combineB, tpF, tpB });
}

/** Item times of the kinds present, keyed by kind name. */
function byKind(partition: Partition, kinds: readonly string[], costs: readonly ItemCost[]): Readonly<Record<string, ItemTimes>> {
  const out: Record<string, ItemTimes> = {};
  kinds.forEach((kind, i) => {
    if (partition.compositions.some((stage) => stage.counts[i]! > 0)) out[kind] = times(costs[i]!);
  });
  return Object.freeze(out);
}

/**
 * `pairs` lists the schedule's (forward chunk, backward chunk) FB pairs flattened; `pairCosts` is required when
 * there are any.
 */
export function chunkTiming(
  partition: Partition,
  kinds: readonly string[],
  serialCosts: readonly ItemCost[],
  pairs: readonly number[],
  pairCosts: readonly ItemCost[] | undefined,
): ChunkTiming {
  const serial = partition.compositions.map((stage) => serialChunk(stage, serialCosts));
  const total = (t: ChunkTimes) => t.F + t.B + t.W;
  let critical = 0;
  partition.stages.forEach((stage, s) => {
    if (total(serial[stage.compositionId]!) > total(serial[partition.stages[critical]!.compositionId]!)) critical = s;
  });
  let pair: PairTiming | undefined;
  if (pairCosts && pairs.length > 0) {
    // Pairs of the same compositions take the same time: time each distinct one once.
    const seen = new Set<number>();
    const scratch: PairTiming = { time: 0, computeBusy: 0, commBusy: 0 };
    const n = partition.compositions.length;
    for (let k = 0; k < pairs.length; k += 2) {
      const f = partition.stages[pairs[k]!]!, b = partition.stages[pairs[k + 1]!]!;
      const key = f.compositionId * n + b.compositionId;
      if (seen.has(key)) continue;
      seen.add(key);
      pairTime(f.itemIndex, b.itemIndex, pairCosts, scratch);
      if (!pair || scratch.time > pair.time) pair = { ...scratch };
    }
  }
  return {
    chunk: serial[partition.stages[critical]!.compositionId]!,
    criticalChunk: critical,
    pair,
    serialCosts,
    pairCosts,
    itemTimes: byKind(partition, kinds, serialCosts),
    itemTimesOverlapped: pairCosts ? byKind(partition, kinds, pairCosts) : undefined,
  };
}
