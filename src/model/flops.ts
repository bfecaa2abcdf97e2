/**
 * Model FLOPs per token, the numerator of MFU. Convention (matches DeepSeek's ~250 GFLOP/token for V3 and ~155 for
 * V2): 6 x the active parameters that take part in matrix multiplies (everything active but the embedding lookup;
 * the output head counts) + the causal core-attention FLOPs (forward 2 x seq/2 x heads x (d_qk + d_v) per token,
 * backward twice that). The MTP module is left out of model FLOPs (it is an auxiliary objective), though the time
 * model does run it.
 */
import type { Workload } from '../profiles/schemas.js';
import { itemParams, modelParams } from './params.js';

/** Causal core-attention forward FLOPs per token per layer. */
export function attentionForwardFlopsPerToken(w: Workload): number {
  const a = w.attention;
  const dims = a.type === 'mla' ? a.qkNopeHeadDim + a.qkRopeHeadDim + a.vHeadDim : 2 * a.headDim;
  return 2 * (w.seqLength / 2) * a.heads * dims;
}

export interface FlopsPerToken {
  /** 6 x active matmul parameters. */
  readonly matmul: number;
  /** 3 x causal core-attention forward, all layers. */
  readonly attention: number;
  readonly total: number;
}

export function modelFlopsPerToken(w: Workload): FlopsPerToken {
  const activeMatmulParams = modelParams(w).active - itemParams(w, 'embedding').nonExpert;
  const matmul = 6 * activeMatmulParams;
  const attention = 3 * w.layers * attentionForwardFlopsPerToken(w);
  return { matmul, attention, total: matmul + attention };
}
