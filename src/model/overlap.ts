/**
 * DualPipe's overlapped pair: one forward chunk and one full backward chunk on one rank, as two streams.
 * The compute stream runs on (SMs - commSMs) SMs, the communication stream on commSMs SMs. Items are paired block by
 * block (forward item k with the k-th item of the backward, which runs its items in reverse), and within a block the
 * streams follow DeepSeek's order (DeepSeek-V3 report, Figure 4):
 *   compute: MLP(B) -> MLP(W) -> MLP(F) -> ATTN(B) -> ATTN(W) -> ATTN(F of the next item)
 *   comm:    DISPATCH(F) -> DISPATCH(B) -> COMBINE(F) -> COMBINE(B of the next item)
 * with the data dependencies
 *   forward:  ATTN(F) -> DISPATCH(F) -> MLP(F) -> COMBINE(F) -> next item's ATTN(F)
 *   backward: COMBINE(B) -> MLP(B) -> DISPATCH(B) -> ATTN(B) -> next (lower) item's COMBINE(B).
 * A task starts when its stream is free and its dependency is done; a zero-length task (no all-to-all in a dense
 * layer, no MLP in an embedding) does not occupy its stream. Pipeline P2P transfers are left to the schedule
 * simulator's per-hop latency (they use the NIC, not the SMs; their contention with the all-to-all is left out).
 *
 * A pair is timed on its own, from both streams idle to both done: DualPipe runs each pair as one call whose outputs
 * (the forward chunk's activations, the backward chunk's input gradients) go to the neighbouring stages only when its
 * last all-to-all has finished, so the tail of one pair does not hide under the next. DeepSeek's trace of one pair
 * shows that tail: the compute stream waits 1.76 ms for the last layer's dispatch(B).
 */
import type { ItemCost } from './item-cost.js';

export interface PairTiming {
  /** Time of one pair: its makespan over both streams (what each FB op costs). */
  time: number;
  /** Busy time of each stream in one pair. */
  computeBusy: number;
  commBusy: number;
}

/** Times one pair of forward items `forward` and backward items `backward` (both in forward model order). */
export function pairTime(
  forward: Uint8Array,
  backward: Uint8Array,
  costs: readonly ItemCost[],
  out: PairTiming,
): PairTiming {
  let compute = 0; // stream free times
  let comm = 0;
  let computeBusy = 0;
  let commBusy = 0;
  const onCompute = (ready: number, duration: number): number => {
    if (duration === 0) return ready;
    compute = (compute > ready ? compute : ready) + duration;
    computeBusy += duration;
    return compute;
  };
  const onComm = (ready: number, duration: number): number => {
    if (duration === 0) return ready;
    comm = (comm > ready ? comm : ready) + duration;
    commBusy += duration;
    return comm;
  };
  const nF = forward.length;
  const nB = backward.length;
  const blocks = nF > nB ? nF : nB;
  const fwdAt = (k: number): ItemCost | undefined => (k < nF ? costs[forward[k]!] : undefined);
  const bwdAt = (k: number): ItemCost | undefined => (k < nB ? costs[backward[nB - 1 - k]!] : undefined);

  let attnFDone = onCompute(0, fwdAt(0)?.attnF ?? 0);
  let combineBDone = onComm(0, bwdAt(0)?.combineB ?? 0);
  for (let k = 0; k < blocks; k++) {
    const f = fwdAt(k);
    const b = bwdAt(k);
    const dispatchFDone = onComm(attnFDone, f?.dispatchF ?? 0);
    const mlpBDone = onCompute(combineBDone, b?.mlpB ?? 0);
    onCompute(mlpBDone, b?.mlpW ?? 0);
    const dispatchBDone = onComm(mlpBDone, b?.dispatchB ?? 0);
    const mlpFDone = onCompute(dispatchFDone, f?.mlpF ?? 0);
    const combineFDone = onComm(mlpFDone, f?.combineF ?? 0);
    const attnBDone = onCompute(dispatchBDone, b?.attnB ?? 0);
    onCompute(attnBDone, b?.attnW ?? 0);
    combineBDone = onComm(attnBDone, bwdAt(k + 1)?.combineB ?? 0);
    attnFDone = onCompute(combineFDone, fwdAt(k + 1)?.attnF ?? 0);
  }
  out.time = compute > comm ? compute : comm;
  out.computeBusy = computeBusy;
  out.commBusy = commBusy;
  return out;
}
