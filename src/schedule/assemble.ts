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
  for (let k = 0; k < n; k++) newIndex[order[k]!] = k;
  // Plain loops: closures per op (forEach, map, a 4-element array per packed op) made this ~half of a compile.
  const pick = <T extends Int32Array | Uint8Array>(src: T, out: T): T => {
    for (let k = 0; k < n; k++) out[k] = src[order[k]!]!;
    return out;
  };
  const remap = (deps: Int32Array): Int32Array => {
    const out = new Int32Array(n);
    for (let k = 0; k < n; k++) {
      const d = deps[order[k]!]!;
      out[k] = d === NONE ? NONE : newIndex[d]!;
    }
    return out;
  };
  const rank = pick(f.rank, new Int32Array(n));
  const newDep0 = remap(dep0);
  const newDep1 = remap(dep1);
  const opKind = pick(f.kind, new Uint8Array(n));
  const crossRank = (deps: Int32Array, k: number): number => (deps[k] !== NONE && rank[deps[k]!] !== rank[k] ? 1 : 0);
  const packed = new Int32Array(n * PACKED_STRIDE);
  for (let k = 0, at = 0; k < n; k++, at += PACKED_STRIDE) {
    packed[at] = rank[k]!;
    packed[at + 1] = newDep0[k]!;
    packed[at + 2] = newDep1[k]!;
    packed[at + 3] = opKind[k]! | (crossRank(newDep0, k) << CROSS0_BIT) | (crossRank(newDep1, k) << CROSS1_BIT);
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
    microBatch: pick(f.mb, new Int32Array(n)),
    chunk: pick(f.chunk, new Int32Array(n)),
    stage: pick(f.stage, new Int32Array(n)),
    bMicroBatch: pick(f.bMb, new Int32Array(n)),
    bChunk: pick(f.bChunk, new Int32Array(n)),
    bStage: pick(f.bStage, new Int32Array(n)),
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
