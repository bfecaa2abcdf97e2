/**
 * A program's ops flattened into typed arrays in original order (rank by rank), with each op's stage resolved through
 * the family's layout. Misplaced ops are recorded as violations.
 */

import type { Violation } from './schedule.js';
import { OP_INDEX, type Op, type Program } from './types.js';

/** Absent index (no dependency, no stage, not an FB). */
export const NONE = -1;

/** Flat, original-order (rank by rank) view of a program's ops, with stages resolved. */
export interface FlatOps {
  n: number;
  kind: Uint8Array;
  rank: Int32Array;
  mb: Int32Array;
  chunk: Int32Array;
  stage: Int32Array;
  bMb: Int32Array;
  bChunk: Int32Array;
  bStage: Int32Array;
  offsets: Int32Array;
}

export function flatten(program: Program, violations: Violation[]): FlatOps {
  const n = program.ranks.reduce((sum, ops) => sum + ops.length, 0);
  const f: FlatOps = {
    n,
    kind: new Uint8Array(n),
    rank: new Int32Array(n),
    mb: new Int32Array(n),
    chunk: new Int32Array(n),
    stage: new Int32Array(n),
    bMb: new Int32Array(n).fill(NONE),
    bChunk: new Int32Array(n).fill(NONE),
    bStage: new Int32Array(n).fill(NONE),
    offsets: new Int32Array(program.pp + 1),
  };
  /** The stage rank r holds (mb, chunk) as, or NONE with a violation for op `position` of kind `kind`. */
  const where = (r: number, position: number, kind: string, mb: number, chunk: number): number => {
    const ok = mb >= 0 && mb < program.microBatches && chunk >= 0 && chunk < program.chunksPerRank;
    const found = ok ? program.stageOf(r, chunk, mb) : NONE;
    const stage = found >= 0 && found < program.chunksPerMicroBatch ? found : NONE;
    if (stage === NONE)
      violations.push({
        rank: r,
        position,
        message: `${kind} names micro-batch ${mb}, chunk ${chunk}, which rank ${r} does not hold`,
      });
    return stage;
  };
  let i = 0;
  for (let r = 0; r < program.ranks.length; r++) {
    const ops = program.ranks[r]!;
    f.offsets[r] = i;
    for (let position = 0; position < ops.length; position++, i++) {
      const op: Op = ops[position]!;
      f.kind[i] = OP_INDEX[op.kind];
      f.rank[i] = r;
      f.mb[i] = op.microBatch;
      f.chunk[i] = op.chunk;
      f.stage[i] = where(r, position, op.kind, op.microBatch, op.chunk);
      if (op.kind === 'FB') {
        if (op.backward === undefined) violations.push({ rank: r, position, message: 'FB without its backward half' });
        else {
          f.bMb[i] = op.backward.microBatch;
          f.bChunk[i] = op.backward.chunk;
          f.bStage[i] = where(r, position, op.kind, op.backward.microBatch, op.backward.chunk);
        }
      }
    }
  }
  f.offsets[program.pp] = n;
  return f;
}
