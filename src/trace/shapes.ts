/**
 * GEMM problem sizes from the operator that launched a kernel, when the profile recorded shapes (record_shapes=True
 * writes each operator's `Input Dims`). The kernel's launch call sits inside its operator on the same thread.
 */
import { innermost, type ThreadRanges, threadRanges } from './attribute.js';
import type { HostRecord, ShapedOpRecord } from './read.js';

/** `groups` problems of m x n x k each (a batched or grouped GEMM has groups > 1). */
export interface GemmShape {
  m: number;
  n: number;
  k: number;
  groups: number;
}

const product = (xs: number[]) => xs.reduce((a, b) => a * b, 1);

/** The GEMM an aten operator computes from its input dims, or undefined when the dims do not say. */
export function gemmShape(op: string, dims: number[][]): GemmShape | undefined {
  const [a, b, c] = dims;
  const plain = (x: number[] | undefined, y: number[] | undefined): GemmShape | undefined =>
    x?.length === 2 && y?.length === 2 && x[1] === y[0] ? { m: x[0]!, k: x[1]!, n: y[1]!, groups: 1 } : undefined;
  const batched = (x: number[] | undefined, y: number[] | undefined): GemmShape | undefined =>
    x?.length === 3 && y?.length === 3 && x[0] === y[0] && x[2] === y[1]
      ? { groups: x[0]!, m: x[1]!, k: x[2]!, n: y[2]! }
      : undefined;
  switch (op) {
    case 'aten::mm':
    case 'aten::_scaled_mm':
      return plain(a, b);
    case 'aten::addmm':
      return plain(b, c);
    case 'aten::bmm':
      return batched(a, b);
    case 'aten::baddbmm':
      return batched(b, c);
    case 'aten::matmul': {
      if (!a || !b || a.length < 2 || b.length < 2 || a[a.length - 1] !== b[b.length - 2]) return undefined;
      return { groups: product(a.slice(0, -2)), m: a[a.length - 2]!, k: a[a.length - 1]!, n: b[b.length - 1]! };
    }
    case 'aten::linear': {
      // input [..., k], weight [n, k]
      if (!a || !b || a.length < 1 || b.length !== 2 || a[a.length - 1] !== b[1]) return undefined;
      return { groups: 1, m: product(a.slice(0, -1)), k: b[1]!, n: b[0]! };
    }
    case 'aten::_grouped_mm':
    case 'aten::_scaled_grouped_mm': {
      // input [M, k] split into G groups by offsets, weights [G, k, n]: m is the mean rows per group
      if (a?.length !== 2 || b?.length !== 3 || a[1] !== b[1]) return undefined;
      return { groups: b[0]!, m: a[0]! / b[0]!, k: b[1]!, n: b[2]! };
    }
    default:
      return undefined;
  }
}

export const gemmFlops = (s: GemmShape) => 2 * s.groups * s.m * s.n * s.k;

/** Looks up the innermost shaped operator around a launch call, on the launch's own thread. */
export function shapeLookup(ops: ShapedOpRecord[]): (launch: HostRecord) => ShapedOpRecord | undefined {
  const byThread = new Map<string, ShapedOpRecord[]>();
  for (const op of ops) {
    const key = `${op.pid}/${op.tid}`;
    const list = byThread.get(key);
    if (list) list.push(op);
    else byThread.set(key, [op]);
  }
  const threads = new Map<string, ThreadRanges<ShapedOpRecord>>(
    [...byThread].map(([key, list]) => [key, threadRanges(list)]),
  );
  return (launch) => {
    const t = threads.get(`${launch.pid}/${launch.tid}`);
    return t ? innermost(t, launch.ts) : undefined;
  };
}
