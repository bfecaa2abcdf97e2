/**
 * Program -> Schedule: resolves every dependency to an op index once, finds a topological order (Kahn), renumbers
 * the ops in that order and precomputes what does not depend on durations (op counts, peak activations).
 * Problems (missing, duplicated or misplaced ops, deadlocks) are recorded as violations, not thrown, so the checker
 * can report them all.
 */
import { assemble } from './assemble.js';
import { type FlatOps, flatten, NONE } from './flat-ops.js';
import type { Schedule, Violation } from './schedule.js';
import { OP_KINDS, type Program } from './types.js';

/** Index of the op doing each (micro-batch, stage)'s forward, input backward and weight backward. */
interface Owners {
  fwd: Int32Array;
  bwd: Int32Array;
  wgt: Int32Array;
}

function findOwners(program: Program, f: FlatOps, violations: Violation[]): Owners {
  const S = program.chunksPerMicroBatch;
  const size = program.microBatches * S;
  const owners: Owners = {
    fwd: new Int32Array(size).fill(NONE),
    bwd: new Int32Array(size).fill(NONE),
    wgt: new Int32Array(size).fill(NONE),
  };
  const claim = (table: Int32Array, what: string, op: number, mb: number, stage: number): void => {
    if (stage === NONE) return;
    const key = mb * S + stage;
    if (table[key] !== NONE) {
      violations.push({
        rank: f.rank[op]!,
        position: op - f.offsets[f.rank[op]!]!,
        message: `${what} of micro-batch ${mb}, stage ${stage} appears twice`,
      });
    } else table[key] = op;
  };
  for (let i = 0; i < f.n; i++) {
    const kind = OP_KINDS[f.kind[i]!]!;
    const mb = f.mb[i]!;
    const stage = f.stage[i]!;
    if (kind === 'F' || kind === 'FB') claim(owners.fwd, 'forward', i, mb, stage);
    if (kind === 'B' || kind === 'BW') claim(owners.bwd, 'input backward', i, mb, stage);
    if (kind === 'W' || kind === 'BW') claim(owners.wgt, 'weight backward', i, mb, stage);
    if (kind === 'FB') {
      claim(owners.bwd, 'input backward', i, f.bMb[i]!, f.bStage[i]!);
      claim(owners.wgt, 'weight backward', i, f.bMb[i]!, f.bStage[i]!);
    }
  }
  const label = ['forward', 'input backward', 'weight backward'] as const;
  [owners.fwd, owners.bwd, owners.wgt].forEach((table, t) => {
    for (let key = 0; key < size; key++) {
      if (table[key] === NONE) {
        violations.push({
          rank: NONE,
          position: NONE,
          message: `${label[t]} of micro-batch ${Math.floor(key / S)}, stage ${key % S} is missing`,
        });
      }
    }
  });
  return owners;
}

/** dep[i] = op that must finish before op i may start (forward: previous stage; backward: next stage, or the loss). */
function resolveDeps(program: Program, f: FlatOps, o: Owners): { dep0: Int32Array; dep1: Int32Array } {
  const S = program.chunksPerMicroBatch;
  const fwdDep = (mb: number, stage: number): number => (stage <= 0 ? NONE : o.fwd[mb * S + stage - 1]!);
  const bwdDep = (mb: number, stage: number): number =>
    stage === S - 1 ? o.fwd[mb * S + stage]! : o.bwd[mb * S + stage + 1]!;
  const dep0 = new Int32Array(f.n).fill(NONE);
  const dep1 = new Int32Array(f.n).fill(NONE);
  for (let i = 0; i < f.n; i++) {
    const mb = f.mb[i]!;
    const stage = f.stage[i]!;
    if (stage === NONE) continue;
    switch (OP_KINDS[f.kind[i]!]!) {
      case 'F':
        dep0[i] = fwdDep(mb, stage);
        break;
      case 'B':
      case 'BW':
        dep0[i] = bwdDep(mb, stage);
        break;
      case 'W':
        dep0[i] = o.bwd[mb * S + stage]!;
        break;
      case 'FB':
        dep0[i] = fwdDep(mb, stage);
        if (f.bStage[i] !== NONE) dep1[i] = bwdDep(f.bMb[i]!, f.bStage[i]!);
        break;
    }
  }
  return { dep0, dep1 };
}

/** Kahn's algorithm over "dependency" and "rank predecessor" edges; returns the order found (short on deadlock). */
function topologicalOrder(f: FlatOps, dep0: Int32Array, dep1: Int32Array): Int32Array {
  const n = f.n;
  // Edges into op i, from: its rank predecessor (i - 1 unless i opens its rank), dep0[i], dep1[i].
  const rankPredecessor = new Int32Array(n);
  for (let i = 0; i < n; i++) rankPredecessor[i] = i === f.offsets[f.rank[i]!] ? NONE : i - 1;
  const sources = [rankPredecessor, dep0, dep1];
  const indegree = new Int32Array(n);
  const succCount = new Int32Array(n + 1);
  for (const from of sources) {
    for (let i = 0; i < n; i++) {
      const j = from[i]!;
      if (j === NONE) continue;
      indegree[i]!++;
      succCount[j + 1]!++;
    }
  }
  for (let i = 0; i < n; i++) succCount[i + 1]! += succCount[i]!;
  const succ = new Int32Array(succCount[n]!);
  const fill = succCount.slice(0, n);
  // Successors in the order the edges of op i were listed (predecessor, dep0, dep1), op by op, as before.
  for (let i = 0; i < n; i++) {
    for (const from of sources) {
      const j = from[i]!;
      if (j !== NONE) succ[fill[j]!++] = i;
    }
  }
  const order = new Int32Array(n);
  let head = 0;
  let tail = 0;
  for (let i = 0; i < n; i++) if (indegree[i] === 0) order[tail++] = i;
  while (head < tail) {
    const i = order[head++]!;
    for (let e = succCount[i]!; e < succCount[i + 1]!; e++) {
      const j = succ[e]!;
      if (--indegree[j]! === 0) order[tail++] = j;
    }
  }
  return order.subarray(0, tail);
}

export function compile(program: Program): Schedule {
  const violations: Violation[] = [];
  const f = flatten(program, violations);
  const owners = findOwners(program, f, violations);
  const { dep0, dep1 } = resolveDeps(program, f, owners);
  // A dependency on a missing op is already reported as missing; the op is then simply unconstrained.
  const order = topologicalOrder(f, dep0, dep1);
  const runnable = new Uint8Array(f.n);
  for (const i of order) runnable[i] = 1;
  for (let r = 0; r < program.pp; r++) {
    for (let i = f.offsets[r]!; i < f.offsets[r + 1]!; i++) {
      if (runnable[i]) continue;
      const kind = OP_KINDS[f.kind[i]!]!;
      violations.push({
        rank: r,
        position: i - f.offsets[r]!,
        message: `deadlock: ${kind} of micro-batch ${f.mb[i]}, chunk ${f.chunk[i]} can never start`,
      });
      break; // the rest of this rank is blocked behind it
    }
  }
  return assemble(program, f, dep0, dep1, order, violations);
}
