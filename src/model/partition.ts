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
import { ITEM_INDEX, ITEM_KINDS, type ItemKind, layerKind } from './params.js';

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

/** How the ranks hold the chunks, for balancing a cut: from the compiled schedule (placement.ts). */
export interface Holding {
  /** Per rank, the chunks it holds. */
  readonly held: readonly (readonly number[])[];
  /** Per rank, per chunk: the most activations of that chunk in flight at once. */
  readonly chunkPeaks: readonly Int32Array[];
}

const OBJECTIVES = 4;

/**
 * Objective of a cut, compared lexicographically: the heaviest rank's compute, then the heaviest rank's activation
 * memory (each chunk's activation weight x its peak in flight on the rank: an upper bound, as a proxy), then the
 * spread of rank loads (sum of squares, to move across plateaus), then the heaviest chunk.
 */
function objective(loads: Float64Array, memory: Float64Array, h: Holding, out: Float64Array): Float64Array {
  let maxRank = 0,
    maxMemory = 0,
    squares = 0,
    maxStage = 0;
  for (const x of loads) if (x > maxStage) maxStage = x;
  h.held.forEach((stages, r) => {
    let load = 0,
      mem = 0;
    for (const s of stages) {
      load += loads[s]!;
      mem += memory[s]! * h.chunkPeaks[r]![s]!;
    }
    if (load > maxRank) maxRank = load;
    if (mem > maxMemory) maxMemory = mem;
    squares += load * load;
  });
  out[0] = maxRank;
  out[1] = maxMemory;
  out[2] = squares;
  out[3] = maxStage;
  return out;
}

/** Compute differences below this fraction count as ties, so memory can decide between near-equal cuts. */
const COMPUTE_TIE = 2e-3;

function better(a: Float64Array, b: Float64Array): boolean {
  for (let i = 0; i < OBJECTIVES; i++) {
    const tolerance = (i === 0 ? COMPUTE_TIE : 1e-9) * Math.abs(b[i]!);
    if (a[i]! < b[i]! - tolerance) return true;
    if (a[i]! > b[i]! + tolerance) return false;
  }
  return false;
}

/**
 * Moves chunk boundaries one unit at a time while that improves the objective above. Where a rank holds several
 * chunks (DualPipe: stage r and stage p-1-r) what must balance is the rank's sum; among equally fast cuts the one
 * that keeps long-lived chunks (early stages, many in flight) light in activations wins.
 */
export function balanceRanks(
  sizes: number[],
  unitWeights: readonly number[],
  unitMemory: readonly number[],
  h: Holding,
): number[] {
  const parts = sizes.length;
  const loads = new Float64Array(parts),
    memory = new Float64Array(parts);
  const starts = new Int32Array(parts + 1);
  const refresh = () => {
    loads.fill(0);
    memory.fill(0);
    for (let s = 0; s < parts; s++) {
      starts[s + 1] = starts[s]! + sizes[s]!;
      for (let u = starts[s]!; u < starts[s + 1]!; u++) {
        loads[s] += unitWeights[u]!;
        memory[s] += unitMemory[u]!;
      }
    }
  };
  refresh();
  const current = objective(loads, memory, h, new Float64Array(OBJECTIVES));
  const trial = new Float64Array(OBJECTIVES);
  const shift = (unit: number, from: number, to: number, sign: number) => {
    loads[from] -= sign * unitWeights[unit]!;
    loads[to] += sign * unitWeights[unit]!;
    memory[from] -= sign * unitMemory[unit]!;
    memory[to] += sign * unitMemory[unit]!;
  };
  for (let iteration = 0; iteration < 64 * unitWeights.length; iteration++) {
    let bestMove = -1;
    const best = Float64Array.from(current);
    for (let b = 0; b < parts - 1; b++) {
      for (let dir = 0; dir < 2; dir++) {
        // dir 0: stage b gives its last unit to b+1; dir 1: stage b+1 gives its first unit to b.
        const from = dir === 0 ? b : b + 1,
          to = dir === 0 ? b + 1 : b;
        if (sizes[from]! <= 1) continue;
        const unit = dir === 0 ? starts[b + 1]! - 1 : starts[b + 1]!;
        shift(unit, from, to, 1);
        if (better(objective(loads, memory, h, trial), best)) {
          best.set(trial);
          bestMove = 2 * b + dir;
        }
        shift(unit, from, to, -1);
      }
    }
    if (bestMove < 0) break;
    const b = bestMove >> 1,
      towardLater = (bestMove & 1) === 0;
    sizes[b] += towardLater ? -1 : 1;
    sizes[b + 1] += towardLater ? 1 : -1;
    refresh();
    current.set(best);
  }
  return sizes;
}

/** Per item kind (ITEM_INDEX order): compute cost (ideal seconds) and activation bytes, any consistent units. */
export interface ItemWeights {
  readonly compute: readonly number[];
  readonly activations: readonly number[];
}

/**
 * The minimax-compute linear cut, then (given how the schedule holds chunks) balanced over ranks and, among equally
 * fast cuts, over activation memory.
 */
export function partitionModel(w: Workload, parts: number, weights: ItemWeights, holding?: Holding): Partition {
  const units = modelUnits(w);
  const weightOf = new Map(ITEM_KINDS.map((k) => [k, weights.compute[ITEM_INDEX[k]]!] as const));
  const unitWeights = units.map((u) => u.reduce((sum, k) => sum + weightOf.get(k)!, 0));
  const unitMemory = units.map((u) => u.reduce((sum, k) => sum + weights.activations[ITEM_INDEX[k]]!, 0));
  const linear = linearPartition(unitWeights, parts);
  const sizes = holding ? balanceRanks(linear, unitWeights, unitMemory, holding) : linear;
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
