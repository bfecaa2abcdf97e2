/**
 * Where chunks sit on ranks (read from the compiled schedule, so every family's layout comes from the engine) and
 * the activation memory that follows from each rank's op order.
 *
 * Peak activation bytes walk a rank's ops in execution order with the engine's rules (a forward adds its chunk's
 * activations; they stay until the W of that chunk, or the BW, or the backward half of an FB), weighting each chunk
 * by its own bytes: DualPipe's rank 0 holds the embedding stage of one direction and the head + MTP stage of the
 * other, and mostly the former is in flight.
 */
import { OP_INDEX, type Schedule } from '../schedule/index.js';

export interface Layout {
  /** Per rank, the chunks (path positions) it holds, ascending. */
  readonly held: readonly (readonly number[])[];
  /** Per rank, the distinct FB pairs it runs, flattened [forwardChunk, backwardChunk, ...] (empty: no pairs). */
  readonly pairs: readonly (readonly number[])[];
  /** Per rank, in execution order: the chunk each op adds activations for and the chunk it frees (-1: none). */
  readonly adds: readonly Int32Array[];
  readonly frees: readonly Int32Array[];
  /** Per rank, per chunk (path position): the most activations of that chunk in flight at once (0 if not held). */
  readonly chunkPeaks: readonly Int32Array[];
}

export function layoutOf(s: Schedule): Layout {
  const held = Array.from({ length: s.pp }, () => new Set<number>());
  const pairs = Array.from({ length: s.pp }, () => new Set<number>());
  const S = s.chunksPerMicroBatch;
  const adds: Int32Array[] = [];
  const frees: Int32Array[] = [];
  for (let r = 0; r < s.pp; r++) {
    const from = s.rankOffsets[r]!,
      to = s.rankOffsets[r + 1]!;
    const add = new Int32Array(to - from).fill(-1);
    const free = new Int32Array(to - from).fill(-1);
    for (let k = from; k < to; k++) {
      const i = s.rankOrder[k]!;
      const kind = s.opKind[i]!;
      const stage = s.stage[i]!;
      held[r]!.add(stage);
      if (kind === OP_INDEX.F) add[k - from] = stage;
      else if (kind === OP_INDEX.W || kind === OP_INDEX.BW) free[k - from] = stage;
      else if (kind === OP_INDEX.FB) {
        add[k - from] = stage;
        free[k - from] = s.bStage[i]!;
        held[r]!.add(s.bStage[i]!);
        pairs[r]!.add(stage * S + s.bStage[i]!);
      }
    }
    adds.push(add);
    frees.push(free);
  }
  const chunkPeaks = adds.map((add, r) => {
    const live = new Int32Array(S),
      peak = new Int32Array(S);
    const free = frees[r]!;
    for (let k = 0; k < add.length; k++) {
      const a = add[k]!;
      if (a >= 0 && ++live[a]! > peak[a]!) peak[a] = live[a]!;
      if (free[k]! >= 0) live[free[k]!]!--;
    }
    return peak;
  });
  return {
    held: held.map((set) => [...set].sort((a, b) => a - b)),
    chunkPeaks,
    pairs: pairs.map((set) => [...set].sort((a, b) => a - b).flatMap((p) => [Math.floor(p / S), p % S])),
    adds,
    frees,
  };
}

/** Highest sum of live activation bytes on each rank, given each chunk's bytes per micro-batch. */
export function peakActivationBytes(layout: Layout, chunkBytes: Float64Array): Float64Array {
  const peaks = new Float64Array(layout.adds.length);
  for (let r = 0; r < layout.adds.length; r++) {
    const add = layout.adds[r]!,
      free = layout.frees[r]!;
    let live = 0,
      peak = 0;
    for (let k = 0; k < add.length; k++) {
      const a = add[k]!;
      if (a >= 0) {
        live += chunkBytes[a]!;
        if (live > peak) peak = live;
      }
      const f = free[k]!;
      if (f >= 0) live -= chunkBytes[f]!;
    }
    peaks[r] = peak;
  }
  return peaks;
}
