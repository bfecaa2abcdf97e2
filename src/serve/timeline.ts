/**
 * Two streams (compute and communication) running the tasks of 1 or 2 micro-batches layer by layer, as DeepSeek's
 * serving does: per layer the compute stream runs every micro-batch's attention side, then every micro-batch's MLP
 * side; the communication stream every dispatch, then every combine. A task starts when its stream is free and the
 * task it depends on is done, so with two micro-batches one's all-to-all hides behind the other's compute.
 *
 *   compute: A0 A1 M0 M1 | A0' ...        deps: A -> D -> M -> C -> next layer's A (per micro-batch)
 *   comm:    D0 D1 C0 C1 | D0' ...
 */

export interface LayerTasks {
  /** Attention side (norms, attention, router, shared expert), seconds. */
  readonly attn: number;
  /** MLP side (routed experts or the dense FFN). */
  readonly mlp: number;
  /** All-to-all before and after the MLP side; 0 for a dense layer (no task). */
  readonly dispatch: number;
  readonly combine: number;
}

export interface Timeline {
  readonly totalS: number;
  /** Sum of compute-stream task times. */
  readonly computeS: number;
  /** Sum of communication-stream task times. */
  readonly commS: number;
  /** totalS - computeS: communication the compute stream waited for. */
  readonly exposedCommS: number;
}

/**
 * Times `layers` (the same for every micro-batch) over `microBatches` micro-batches, with `before` and `after`
 * compute tasks per micro-batch (embedding, output head).
 */
export function runTimeline(
  layers: readonly LayerTasks[],
  microBatches: number,
  before: number,
  after: number,
): Timeline {
  let computeFree = 0,
    commFree = 0,
    computeS = 0,
    commS = 0;
  const compute = (ready: number, d: number) => {
    const end = Math.max(computeFree, ready) + d;
    computeFree = end;
    computeS += d;
    return end;
  };
  const comm = (ready: number, d: number) => {
    const end = Math.max(commFree, ready) + d;
    commFree = end;
    commS += d;
    return end;
  };
  // done[i]: when micro-batch i's last task finished (what its next task waits for).
  const done = Array.from({ length: microBatches }, () => compute(0, before));
  for (const layer of layers) {
    const hasComm = layer.dispatch > 0 || layer.combine > 0;
    for (let i = 0; i < microBatches; i++) done[i] = compute(done[i]!, layer.attn);
    if (hasComm) for (let i = 0; i < microBatches; i++) done[i] = comm(done[i]!, layer.dispatch);
    for (let i = 0; i < microBatches; i++) done[i] = compute(done[i]!, layer.mlp);
    if (hasComm) for (let i = 0; i < microBatches; i++) done[i] = comm(done[i]!, layer.combine);
  }
  for (let i = 0; i < microBatches; i++) done[i] = compute(done[i]!, after);
  const totalS = Math.max(computeFree, commFree, ...done);
  return { totalS, computeS, commS, exposedCommS: totalS - computeS };
}
