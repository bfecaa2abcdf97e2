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
import type { Recompute } from '../config.js';
import { numberArith as ar } from './arith.js';
import { allToAllLimit, allToAllTime, type AllToAllLimit, type AllToAllRates, type AllToAllVolume } from './alltoall.js';
import { gemmTime, memoryTime, throughputTime, waves, type GemmRates } from './gemm.js';
import type { Format, ItemShape } from './shapes.js';
import type { ItemTimes } from './metrics.js';

/** Rates of one chip/cluster/kernel, built once per model. */
export interface CostRates {
  readonly sms: number;
  readonly tileM: number;
  readonly tileN: number;
  readonly gemm: { readonly [F in Format]: GemmRates<number> };
  readonly attentionPeakFlopsPerSm: number;
  readonly attentionForwardFraction: number;
  readonly attentionBackwardFraction: number;
  readonly hbmBytesPerS: number;
  readonly hbmFraction: number;
  /** Transfers along the dispatch path (forward dispatch, backward of combine) and the combine path. */
  readonly dispatchPath: AllToAllRates<number>;
  readonly combinePath: AllToAllRates<number>;
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

/** An item's component times, plus what the bottleneck analysis needs. */
export interface ItemCost extends ItemTimes {
  /** Memory-bound share (element-wise kernels, HBM-bound GEMMs) of the compute above, per pass. */
  memoryF: number;
  memoryB: number;
  memoryW: number;
  /** What bounds the forward dispatch (undefined when there is none). */
  allToAllLimit: AllToAllLimit | undefined;
}

function scaled(volume: AllToAllVolume, tokens: number): AllToAllVolume {
  return { scaleOutBytes: volume.scaleOutBytes * tokens, scaleUpBytes: volume.scaleUpBytes * tokens, logicalBytes: volume.logicalBytes * tokens };
}

/** Costs of one item with `computeSMs` SMs running compute and `commSMs` held by the all-to-all kernel. */
export function itemCost(shape: ItemShape, rates: CostRates, volumes: PathVolumes, computeSMs: number, commSMs: number, recompute: Recompute): ItemCost {
  const c: ItemCost = {
    attnF: 0, attnB: 0, attnW: 0, mlpF: 0, mlpB: 0, mlpW: 0,
    dispatchF: 0, combineF: 0, dispatchB: 0, combineB: 0, tpF: 0, tpB: 0,
    memoryF: 0, memoryB: 0, memoryW: 0, allToAllLimit: undefined,
  };
  const mem = (bytes: number) => memoryTime(ar, bytes, rates.hbmBytesPerS, rates.hbmFraction);

  for (const g of shape.gemms) {
    const r = rates.gemm[g.format];
    const t = gemmTime(ar, r, waves(g.tiles, computeSMs), rates.tileM, rates.tileN, g.k, g.bytes);
    const memoryBound = t === mem(g.bytes) ? t : 0;
    const attn = g.component === 'attn';
    switch (g.pass) {
      case 'F':
        if (attn) c.attnF += t;
        else c.mlpF += t;
        c.memoryF += memoryBound;
        if (g.selective && recompute === 'selective') {
          c.attnB += t; // the up-projections re-run before the attention backward
          c.memoryB += memoryBound;
        }
        break;
      case 'B':
        if (attn) c.attnB += t;
        else c.mlpB += t;
        c.memoryB += memoryBound;
        break;
      case 'W':
        if (attn) c.attnW += t;
        else c.mlpW += t;
        c.memoryW += memoryBound;
        break;
    }
  }
  const attentionF = throughputTime(ar, shape.attentionFlopsF, computeSMs, rates.attentionPeakFlopsPerSm, rates.attentionForwardFraction);
  const attentionB = throughputTime(ar, shape.attentionFlopsB, computeSMs, rates.attentionPeakFlopsPerSm, rates.attentionBackwardFraction);
  c.attnF += attentionF;
  c.attnB += attentionB;

  const ew = shape.elementwiseF;
  const ewAttnF = mem(ew.attn), ewMlpF = mem(ew.mlp), ewW = mem(shape.elementwiseW);
  c.attnF += ewAttnF;
  c.mlpF += ewMlpF;
  c.attnB += 2 * ewAttnF;
  c.mlpB += 2 * ewMlpF;
  c.attnW += ewW;
  c.memoryF += ewAttnF + ewMlpF;
  c.memoryB += 2 * (ewAttnF + ewMlpF);
  c.memoryW += ewW;
  if (recompute === 'selective') {
    const selAttn = mem(shape.elementwiseSelective.attn), selMlp = mem(shape.elementwiseSelective.mlp);
    c.attnB += selAttn; // norms re-run
    c.mlpB += selMlp; // SwiGLU output re-run from its cached input
    c.memoryB += selAttn + selMlp;
  }

  if (shape.tpCollectives > 0) {
    const one = shape.tpCollectiveBytes / rates.scaleUpBytesPerS + rates.scaleUpLatencyS;
    c.tpF = shape.tpCollectives * one;
    c.tpB = shape.tpCollectivesBackward * one;
    c.attnF += c.tpF; // exposed: sequence-parallel collectives sit between dependent GEMMs
    c.attnB += c.tpB;
  }

  const tokens = shape.dispatchTokens;
  if (tokens > 0) {
    c.dispatchF = allToAllTime(ar, rates.dispatchPath, scaled(volumes.dispatch, tokens), commSMs);
    c.combineF = allToAllTime(ar, rates.combinePath, scaled(volumes.combine, tokens), commSMs);
    c.combineB = allToAllTime(ar, rates.dispatchPath, scaled(volumes.combineGrad, tokens), commSMs);
    c.dispatchB = allToAllTime(ar, rates.combinePath, scaled(volumes.dispatchGrad, tokens), commSMs);
    c.allToAllLimit = allToAllLimit(rates.dispatchPath, scaled(volumes.dispatch, tokens), commSMs);
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
