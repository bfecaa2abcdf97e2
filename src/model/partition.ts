/**
 * Cutting the model into pipeline chunks (stages). The model is a sequence of units in order: [embedding + layer 0],
 * layers 1 .. L-1, the output head, then per MTP depth [MTP projection + its layer] and the (shared) head again.
 * Units are cut into S contiguous chunks minimising the heaviest chunk's ideal compute time (GEMM FLOPs at each
 * format's achievable rate, core attention at its own: the BF16 output head weighs twice its FLOPs' share next to FP8
 * layers), by the classic linear-partition dynamic programme. So the stage holding the head and the MTP module gets fewer layers, and a
 * pipeline whose stage count does not divide the layers pays for its heaviest stage: the simulator runs every chunk
 * at the pace of the slowest one. The partition depends only on S and is memoised by the model.
 */
import type { Workload } from '../profiles/schemas.js';
import { ITEM_INDEX, ITEM_KINDS, layerKind, type ItemKind } from './params.js';

export interface Stage {
  /** Items in execution order (forward). */
  readonly items: readonly ItemKind[];
  /** Same, as ITEM_INDEX values. */
  readonly itemIndex: Uint8Array;
  /** Items of each kind (indexed by ITEM_INDEX). */
  readonly counts: readonly number[];
  /** Transformer layers (dense or MoE, the MTP layers included). */
  readonly layers: number;
  /** Stages with the same items share this id (their costs are equal). */
  readonly compositionId: number;
  /** The partition's weight: ideal compute seconds of the stage. */
  readonly weight: number;
}

export interface Partition {
  readonly stages: readonly Stage[];
  /** Distinct compositions (index = compositionId): a representative stage of each. */
  readonly compositions: readonly Stage[];
}

/** Units in model order, each a short list of items that never split across stages. */
export function modelUnits(w: Workload): ItemKind[][] {
  const units: ItemKind[][] = [['embedding', layerKind(w, 0)]];
  for (let i = 1; i < w.layers; i++) units.push([layerKind(w, i)]);
  units.push(['head']);
  for (let d = 0; d < w.mtpDepth; d++) units.push(['mtp-proj', layerKind(w, w.layers - 1)], ['head']);
  return units;
}

/** Cuts `units` (with weights) into `parts` contiguous groups minimising the heaviest group. */
export function linearPartition(weights: readonly number[], parts: number): number[] {
  const n = weights.length;
  if (parts < 1 || parts > n) throw new Error(`internal invariant broken: cannot cut ${n} units into ${parts} stages`);
  const prefix = [0];
  for (const x of weights) prefix.push(prefix[prefix.length - 1]! + x);
  // best[s][i]: lowest achievable maximum for the first i units in s groups; cut[s][i]: start of the last group.
  const best = Array.from({ length: parts + 1 }, () => new Float64Array(n + 1).fill(Infinity));
  const cut = Array.from({ length: parts + 1 }, () => new Int32Array(n + 1));
  best[0]![0] = 0;
  for (let s = 1; s <= parts; s++) {
    for (let i = s; i <= n - (parts - s); i++) {
      for (let j = s - 1; j < i; j++) {
        const cost = Math.max(best[s - 1]![j]!, prefix[i]! - prefix[j]!);
        if (cost < best[s]![i]!) {
          best[s]![i] = cost;
          cut[s]![i] = j;
        }
      }
    }
  }
  const sizes: number[] = [];
  for (let s = parts, i = n; s > 0; s--) {
    const j = cut[s]![i]!;
    sizes.unshift(i - j);
    i = j;
  }
  return sizes;
}

/** `weights[ITEM_INDEX[kind]]`: the cost of one item (any consistent unit: the model uses ideal compute seconds). */
export function partitionModel(w: Workload, parts: number, weights: readonly number[]): Partition {
  const units = modelUnits(w);
  const weightOf = new Map(ITEM_KINDS.map((k) => [k, weights[ITEM_INDEX[k]]!] as const));
  const unitWeights = units.map((u) => u.reduce((sum, k) => sum + weightOf.get(k)!, 0));
  const sizes = linearPartition(unitWeights, parts);
  const ids = new Map<string, number>();
  const compositions: Stage[] = [];
  const stages: Stage[] = [];
  let next = 0;
  for (const size of sizes) {
    const items = units.slice(next, next + size).flat();
    next += size;
    const key = items.join(',');
    let id = ids.get(key);
    const counts = ITEM_KINDS.map((k) => items.filter((i) => i === k).length);
    const stage: Stage = {
      items,
      itemIndex: Uint8Array.from(items.map((k) => ITEM_INDEX[k])),
      counts,
      layers: counts[ITEM_INDEX.dense]! + counts[ITEM_INDEX.moe]!,
      compositionId: id ?? compositions.length,
      weight: items.reduce((sum, k) => sum + weightOf.get(k)!, 0),
    };
    if (id === undefined) {
      id = compositions.length;
      ids.set(key, id);
      compositions.push(stage);
    }
    stages.push(stage);
  }
  return { stages, compositions };
}
