/**
 * Seconds of each component of one item for one micro-batch: compute (attention side, MLP side; forward, input
 * backward, weight backward), the four all-to-all transfers, and the TP collectives. Plain numbers: the generic
 * formulas (gemm.ts, alltoall.ts) evaluated with `numberArith`.
 *
 * All-to-all directions: the forward dispatch sends FP8 activations to the experts and the forward combine returns
 * BF16 outputs (reduced on the way). In the backward the roles swap: the backward of the combine sends output
 * gradients to the experts along the dispatch path (FP8, as DeepSeek quantizes the gradient before the MoE
 * down-projection), and the backward of the dispatch returns input gradients along the combine path (BF16, reduced).
 */
import type { Recompute } from '../contract/config.js';
import type { ItemTimes } from '../contract/metrics.js';
import {
  type AllToAllLimit,
  type AllToAllRates,
  type AllToAllVolume,
  allToAllLimit,
  allToAllTime,
} from './alltoall.js';
import { numberArith as ar } from './arith.js';
import { type GemmRates, gemmTime, memoryTime, throughputTime, waves } from './gemm.js';
import type { Component, Format, ItemShape, MemoryKernelCategory, Pass } from './shapes.js';

/** Rates of one chip/cluster/kernel, built once per model. */
export interface CostRates {
  readonly sms: number;
  readonly tileM: number;
  readonly tileN: number;
  readonly gemm: { readonly [F in Format]: GemmRates<number> };
  readonly attentionPeakFlopsPerSm: number;
  readonly attentionForwardFraction: number;
  readonly attentionBackwardFraction: number;
  /** HBM bytes/s the streaming non-GEMM kernels of training reach, and each family's rate relative to it. */
  readonly nonGemmBytesPerS: number;
  readonly nonGemmRelativeRate: Partial<Record<MemoryKernelCategory, number>>;
  /** The idle gap before each kernel on the compute stream. */
  readonly launchGapS: number;
  readonly wgradRelativeRate: number;
  readonly gemmUnderCommFraction: number;
  /** Transfers along the dispatch path (forward dispatch, backward of combine) and the combine path. */
  readonly dispatchPath: AllToAllRates<number>;
  readonly combinePath: AllToAllRates<number>;
  /** Fraction of each path's standalone rate kept while GEMMs co-run (overlapped pairs only). */
  readonly dispatchUnderCompute: number;
  readonly combineUnderCompute: number;
  /** Peer waits per all-to-all as a fraction of its transfer, at this config's skew and EP width. */
  readonly peerWaitFraction: (ep: number) => number;
  readonly loadImbalance: number;
  readonly scaleUpBytesPerS: number;
  readonly scaleUpLatencyS: number;
}

/** Per-token bytes of one all-to-all per path, from the routing expectation (see routing.ts). */
export interface PathVolumes {
  readonly dispatch: AllToAllVolume;
  readonly combine: AllToAllVolume;
  readonly dispatchGrad: AllToAllVolume;
  readonly combineGrad: AllToAllVolume;
}

export const COST_CATEGORIES = [
  'gemmF',
  'gemmB',
  'gemmW',
  'attention',
  'nonGemm',
  'gaps',
  'allToAll',
  'peerWait',
  'tp',
] as const;
/** Where an item's seconds go, summed over its three passes (the categories of DeepSeek's profiler trace). */
export type CostCategories = Record<(typeof COST_CATEGORIES)[number], number>;

/** An item's component times, plus what the bottleneck analysis needs. */
export interface ItemCost extends ItemTimes {
  /** Memory-bound share (element-wise kernels, HBM-bound GEMMs) of the compute above, per pass. */
  memoryF: number;
  memoryB: number;
  memoryW: number;
  /** What bounds the forward dispatch (undefined when there is none). */
  allToAllLimit: AllToAllLimit | undefined;
  categories: CostCategories;
  /** Seconds per non-GEMM kernel family over the three passes (recompute included). */
  nonGemm: Partial<Record<MemoryKernelCategory, number>>;
}

function scaled(volume: AllToAllVolume, tokens: number): AllToAllVolume {
  return {
    scaleOutBytes: volume.scaleOutBytes * tokens,
    scaleUpBytes: volume.scaleUpBytes * tokens,
    logicalBytes: volume.logicalBytes * tokens,
  };
}

/**
 * Costs of one item with `computeSMs` SMs running compute and `commSMs` held by the all-to-all kernel; `overlapped`
 * when compute and the all-to-all co-run (DualPipe's pairs), which slows both (HBM and L2 contention).
 */
export function itemCost(
  shape: ItemShape,
  rates: CostRates,
  volumes: PathVolumes,
  computeSMs: number,
  commSMs: number,
  recompute: Recompute,
  overlapped: boolean,
  ep: number,
): ItemCost {
  return withAllToAll(
    computeCost(shape, rates, computeSMs, recompute, overlapped),
    shape,
    rates,
    volumes,
    commSMs,
    recompute,
    overlapped,
    ep,
  );
}

/**
 * The part of itemCost that does not depend on `commSMs`: compute-stream work and TP collectives (the all-to-all
 * fields 0, recompute=full not yet folded in). Serial costs run compute on every SM, so one of these serves every
 * SM split; withAllToAll completes a copy.
 */
export function computeCost(
  shape: ItemShape,
  rates: CostRates,
  computeSMs: number,
  recompute: Recompute,
  overlapped: boolean,
): ItemCost {
  const c: ItemCost = {
    attnF: 0,
    attnB: 0,
    attnW: 0,
    mlpF: 0,
    mlpB: 0,
    mlpW: 0,
    dispatchF: 0,
    combineF: 0,
    dispatchB: 0,
    combineB: 0,
    tpF: 0,
    tpB: 0,
    memoryF: 0,
    memoryB: 0,
    memoryW: 0,
    allToAllLimit: undefined,
    categories: { gemmF: 0, gemmB: 0, gemmW: 0, attention: 0, nonGemm: 0, gaps: 0, allToAll: 0, peerWait: 0, tp: 0 },
    nonGemm: {},
  };
  const cat = c.categories;
  const selective = recompute === 'selective';
  /** Charges `t` seconds of compute-stream work to a pass and component, plus its launch gaps. */
  const charge = (pass: Pass, component: Component, t: number, launches: number, memoryBound: number) => {
    const gap = launches * rates.launchGapS;
    cat.gaps += gap;
    const total = t + gap;
    if (pass === 'F') {
      if (component === 'attn') c.attnF += total;
      else c.mlpF += total;
      c.memoryF += memoryBound;
    } else if (pass === 'B') {
      if (component === 'attn') c.attnB += total;
      else c.mlpB += total;
      c.memoryB += memoryBound;
    } else {
      if (component === 'attn') c.attnW += total;
      else c.mlpW += total;
      c.memoryW += memoryBound;
    }
  };
  const contention = overlapped ? rates.gemmUnderCommFraction : 1;

  for (const g of shape.gemms) {
    const r = rates.gemm[g.format];
    let t = gemmTime(ar, r, waves(g.tiles, computeSMs), rates.tileM, rates.tileN, g.k, g.bytes);
    const memoryBound = t === memoryTime(ar, g.bytes, r.hbmBytesPerS, r.hbmFraction) ? t : 0;
    if (g.pass === 'W') t = t / rates.wgradRelativeRate + g.accumulateBytes / rates.nonGemmBytesPerS;
    t /= contention;
    const key = g.pass === 'F' ? 'gemmF' : g.pass === 'B' ? 'gemmB' : 'gemmW';
    cat[key] += t;
    charge(g.pass, g.component, t, 1, memoryBound);
    if (g.pass === 'F' && g.selective && selective) {
      cat.gemmB += t; // the up-projections re-run before the attention backward
      charge('B', g.component, t, 1, memoryBound);
    }
  }
  if (shape.attentionFlopsF > 0) {
    const attentionF =
      throughputTime(
        ar,
        shape.attentionFlopsF,
        computeSMs,
        rates.attentionPeakFlopsPerSm,
        rates.attentionForwardFraction,
      ) / contention;
    const attentionB =
      throughputTime(
        ar,
        shape.attentionFlopsB,
        computeSMs,
        rates.attentionPeakFlopsPerSm,
        rates.attentionBackwardFraction,
      ) / contention;
    cat.attention += attentionF + attentionB;
    charge('F', 'attn', attentionF, 1, 0);
    charge('B', 'attn', attentionB, 1, 0);
  }

  for (const k of shape.memoryKernels) {
    // Tiny framework kernels move no bytes to speak of: they cost their launch gaps; their own durations sit in the
    // family rates, as a trace files them under casts, copies or the router.
    const t = k.bytes / (rates.nonGemmBytesPerS * (rates.nonGemmRelativeRate[k.category] ?? 1));
    const runs = k.recomputed && selective ? 2 : 1;
    const family = k.category === 'attention-aux' ? 'attention' : 'nonGemm';
    cat[family] += runs * t;
    c.nonGemm[k.category] = (c.nonGemm[k.category] ?? 0) + runs * t;
    charge(k.pass, k.component, t, k.kernels, t);
    if (runs === 2) charge('B', k.component, t, k.kernels, t); // re-run before the backward
  }

  if (shape.tpCollectives > 0) {
    const one = shape.tpCollectiveBytes / rates.scaleUpBytesPerS + rates.scaleUpLatencyS;
    c.tpF = shape.tpCollectives * one;
    c.tpB = shape.tpCollectivesBackward * one;
    c.attnF += c.tpF; // exposed: sequence-parallel collectives sit between dependent GEMMs
    c.attnB += c.tpB;
    cat.tp += c.tpF + c.tpB;
  }
  return c;
}

/** `base` (computeCost's, not modified) completed with the all-to-all on `commSMs` SMs and recompute=full. */
export function withAllToAll(
  base: ItemCost,
  shape: ItemShape,
  rates: CostRates,
  volumes: PathVolumes,
  commSMs: number,
  recompute: Recompute,
  overlapped: boolean,
  ep: number,
): ItemCost {
  const c: ItemCost = { ...base, categories: { ...base.categories }, nonGemm: { ...base.nonGemm } };
  const cat = c.categories;
  const tokens = shape.dispatchTokens;
  if (tokens > 0) {
    // The busiest GPU receives loadImbalance x the mean; every GPU waits for it. While GEMMs co-run, the kernel
    // moves data slower; on top come peer waits (notify) that grow with the skew and the EP width.
    const busiest = tokens * rates.loadImbalance;
    const wait = 1 + rates.peerWaitFraction(ep);
    const slowDispatch = overlapped ? rates.dispatchUnderCompute : 1;
    const slowCombine = overlapped ? rates.combineUnderCompute : 1;
    const dispatchPath = (v: AllToAllVolume) =>
      allToAllTime(ar, rates.dispatchPath, scaled(v, busiest), commSMs) / slowDispatch;
    const combinePath = (v: AllToAllVolume) =>
      allToAllTime(ar, rates.combinePath, scaled(v, busiest), commSMs) / slowCombine;
    const transfers = [
      dispatchPath(volumes.dispatch),
      combinePath(volumes.combine),
      dispatchPath(volumes.combineGrad),
      combinePath(volumes.dispatchGrad),
    ];
    c.dispatchF = transfers[0]! * wait;
    c.combineF = transfers[1]! * wait;
    c.combineB = transfers[2]! * wait;
    c.dispatchB = transfers[3]! * wait;
    const moved = transfers[0]! + transfers[1]! + transfers[2]! + transfers[3]!;
    cat.allToAll += moved;
    cat.peerWait += moved * (wait - 1);
    c.allToAllLimit = allToAllLimit(rates.dispatchPath, scaled(volumes.dispatch, busiest), commSMs);
  }

  if (recompute === 'full') {
    // The whole forward re-runs before the backward, its all-to-all included.
    c.attnB += c.attnF;
    c.mlpB += c.mlpF;
    c.memoryB += c.memoryF;
    c.combineB += c.dispatchF + c.combineF;
  }
  return c;
}
