import type * as TF from '@tensorflow/tfjs';
import type { Arith } from '../model/arith.js';

/**
 * Trace once, replay batched. The cost model's formulas are generic over `Arith`, so running them with an Arith whose
 * values are node indices records each prediction as a small expression graph. Rows of the same kind give graphs of
 * the same shape that differ only in their constants (shapes, bytes), so one replay over [rows]-long constant tensors
 * evaluates a whole group: a fit step costs a few dozen TensorFlow.js ops instead of a few dozen per row.
 */

export type GenericPredict<M> = <T>(ar: Arith<T>, values: Record<string, T>, m: M) => T;

type BinaryOp = Exclude<keyof Arith<number>, 'constant'>;
type TraceNode =
  | { kind: 'constant'; value: number }
  | { kind: 'param'; key: string }
  | { kind: 'op'; op: BinaryOp; a: number; b: number };

export interface Trace {
  nodes: TraceNode[];
  output: number;
}

export function traceOf<M>(predict: GenericPredict<M>, keys: readonly string[], m: M): Trace {
  const nodes: TraceNode[] = [];
  const push = (node: TraceNode) => nodes.push(node) - 1;
  const op = (name: BinaryOp) => (a: number, b: number) => push({ kind: 'op', op: name, a, b });
  const recorder: Arith<number> = {
    constant: (value) => push({ kind: 'constant', value }),
    add: op('add'),
    sub: op('sub'),
    mul: op('mul'),
    div: op('div'),
    max: op('max'),
    min: op('min'),
    pow: op('pow'),
  };
  const values = Object.fromEntries(keys.map((key) => [key, push({ kind: 'param', key })]));
  return { nodes, output: predict(recorder, values, m) };
}

/** Graphs with equal signatures replay together: the structure and parameter names, not the constants. */
function signature(trace: Trace): string {
  const parts = trace.nodes.map((n) =>
    n.kind === 'constant' ? 'c' : n.kind === 'param' ? `p:${n.key}` : `${n.op}:${n.a}:${n.b}`,
  );
  return `${parts.join(',')}=>${trace.output}`;
}

/** Rows grouped by graph shape, with each constant stacked into one [rows] tensor (built once, reused every step). */
export interface TraceGroup {
  rows: number[];
  template: Trace;
  constants: Map<number, TF.Tensor1D>;
}

export function groupTraces(tf: typeof TF, traces: Trace[]): TraceGroup[] {
  const bySignature = new Map<string, number[]>();
  traces.forEach((trace, row) => {
    const key = signature(trace);
    bySignature.set(key, [...(bySignature.get(key) ?? []), row]);
  });
  return [...bySignature.values()].map((rows) => {
    const template = traces[rows[0]!]!;
    const constants = new Map<number, TF.Tensor1D>();
    template.nodes.forEach((node, i) => {
      if (node.kind !== 'constant') return;
      constants.set(i, tf.tensor1d(rows.map((row) => (traces[row]!.nodes[i] as { value: number }).value)));
    });
    return { rows, template, constants };
  });
}

/** Predictions of one group, [rows], from scalar parameter tensors and the tensor implementation of Arith. */
export function replay(ar: Arith<TF.Tensor>, group: TraceGroup, params: Record<string, TF.Tensor>): TF.Tensor {
  const values: TF.Tensor[] = [];
  group.template.nodes.forEach((node, i) => {
    switch (node.kind) {
      case 'constant':
        values[i] = group.constants.get(i)!;
        break;
      case 'param':
        values[i] = params[node.key]!;
        break;
      case 'op':
        values[i] = ar[node.op](values[node.a]!, values[node.b]!);
        break;
    }
  });
  return values[group.template.output]!;
}

export function disposeGroups(groups: TraceGroup[]): void {
  for (const group of groups) for (const tensor of group.constants.values()) tensor.dispose();
}
