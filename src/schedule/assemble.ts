/**
 * Renumbers a flattened program in topological order and packs what the simulator reads; precomputes what does not
 * depend on durations (op counts, peak activations).
 */

import { type FlatOps, NONE } from './flat-ops.js';
import { CROSS0_BIT, CROSS1_BIT, PACKED_STRIDE, type Schedule, type Violation } from './schedule.js';
import { OP_KINDS, type Program } from './types.js';

/** Peak of (forwarded, not yet freed) activations per rank, walking each rank's list in order. */
function peakActivations(f: FlatOps, ranks: number): Int32Array {
  const peak = new Int32Array(ranks);
  for (let r = 0; r < ranks; r++) {
    let held = 0;
    for (let i = f.offsets[r]!; i < f.offsets[r + 1]!; i++) {
      switch (OP_KINDS[f.kind[i]!]!) {
        case 'F':
          held++;
          break;
        case 'FB':
          held++; // the forward's activation exists while the backward half still holds the other one
          peak[r] = Math.max(peak[r]!, held);
          held--;
          break;
        case 'B':
          break; // the input stays alive until its W
        case 'W':
        case 'BW':
          held--;
          break;
      }
      peak[r] = Math.max(peak[r]!, held);
    }
  }
  return peak;
}

/** Renumbers everything in topological order (old index order[k] becomes k). */
export function assemble(
  program: Program,
  f: FlatOps,
  dep0: Int32Array,
  dep1: Int32Array,
  order: Int32Array,
  violations: Violation[],
): Schedule {
  const n = order.length;
  const newIndex = new Int32Array(f.n).fill(NONE);
  order.forEach((old, k) => {
    newIndex[old] = k;
  });
  const pick = <T extends Int32Array | Uint8Array>(src: T, make: (len: number) => T): T => {
    const out = make(n);
    order.forEach((old, k) => {
      out[k] = src[old]!;
    });
    return out;
  };
  const int32 = (len: number): Int32Array => new Int32Array(len);
  const remap = (deps: Int32Array): Int32Array => pick(deps, int32).map((d) => (d === NONE ? NONE : newIndex[d]!));
  const rank = pick(f.rank, int32);
  const newDep0 = remap(dep0);
  const newDep1 = remap(dep1);
  const opKind = pick(f.kind, (len) => new Uint8Array(len));
  const crossRank = (deps: Int32Array, k: number): number => (deps[k] !== NONE && rank[deps[k]!] !== rank[k] ? 1 : 0);
  const packed = new Int32Array(n * PACKED_STRIDE);
  for (let k = 0; k < n; k++) {
    packed.set(
      [
        rank[k]!,
        newDep0[k]!,
        newDep1[k]!,
        opKind[k]! | (crossRank(newDep0, k) << CROSS0_BIT) | (crossRank(newDep1, k) << CROSS1_BIT),
      ],
      k * PACKED_STRIDE,
    );
  }
  const rankOrder = new Int32Array(n);
  const rankOffsets = new Int32Array(program.pp + 1);
  const opCounts = new Int32Array(program.pp * OP_KINDS.length);
  let w = 0;
  for (let r = 0; r < program.pp; r++) {
    rankOffsets[r] = w;
    for (let i = f.offsets[r]!; i < f.offsets[r + 1]!; i++) {
      if (newIndex[i] === NONE) continue;
      rankOrder[w++] = newIndex[i]!;
      opCounts[r * OP_KINDS.length + f.kind[i]!]!++;
    }
  }
  rankOffsets[program.pp] = w;
  const peak = peakActivations(f, program.pp);
  return {
    kind: program.kind,
    pp: program.pp,
    microBatches: program.microBatches,
    chunksPerRank: program.chunksPerRank,
    chunksPerMicroBatch: program.chunksPerMicroBatch,
    parameterCopies: program.parameterCopies,
    opCount: n,
    opKind,
    rank,
    microBatch: pick(f.mb, int32),
    chunk: pick(f.chunk, int32),
    stage: pick(f.stage, int32),
    bMicroBatch: pick(f.bMb, int32),
    bChunk: pick(f.bChunk, int32),
    bStage: pick(f.bStage, int32),
    dep0: newDep0,
    dep1: newDep1,
    packed,
    rankOffsets,
    rankOrder,
    opCounts,
    violations,
    scratch: {
      end: new Float64Array(n),
      free: new Float64Array(program.pp),
      duration: new Float64Array(program.pp * OP_KINDS.length),
    },
    summary: {
      stepTime: 0,
      busy: new Float64Array(program.pp),
      idle: new Float64Array(program.pp),
      peakActivations: peak,
      maxPeakActivations: peak.reduce((a, b) => Math.max(a, b), 0),
      criticalRank: 0,
    },
  };
}
