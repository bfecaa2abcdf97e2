/**
 * The forward work of one micro-batch on one GPU, per item (embedding, dense layer, MoE layer, head), priced with
 * the training model's terms (src/model): GEMMs by gemmTime (waves of tiles on the compute SMs, or the HBM bytes),
 * core attention by throughputTime or its KV-cache bytes, element-wise kernels by bytes at the non-GEMM HBM rate,
 * a launch gap per kernel, TP collectives over NVLink.
 *
 * Layout per deployment unit: attention and the dense FFN are TP-split inside groups of tp GPUs (each rank: all the
 * group's tokens, 1/tp of the heads and FFN columns; MLA's down-projections replicated) and data-parallel across
 * groups; the MoE side runs on each rank's own tokens (batch per GPU), the shared expert replicated, the routed
 * experts spread over ep GPUs.
 *
 * Phases: prefill runs MLA in its plain form (kv up-projection of every token, causal attention over the prompt);
 * decode runs it absorbed (FlashMLA: the queries move into the 512-dim latent space, attention reads the compressed
 * cache of kvLoraRank + rope values per token, the value up-projection follows).
 */

import type { ServePhase } from '../contract/serve-config.js';
import { numberArith as ar } from '../model/arith.js';
import { BF16_BYTES, forwardGemmBytes, gemmTime, memoryTime, throughputTime, tileCount, waves } from '../model/gemm.js';
import type { CostRates } from '../model/item-cost.js';
import type { Format } from '../model/shapes.js';
import type { Workload } from '../profiles/schemas.js';

/** Where a micro-batch's compute seconds go (each GEMM or attention core is compute- or memory-bound). */
export interface ComputeCategories {
  gemmComputeS: number;
  weightsHbmS: number;
  attentionComputeS: number;
  kvCacheHbmS: number;
  nonGemmS: number;
  launchGapsS: number;
  tpCollectivesS: number;
}
export const COMPUTE_CATEGORIES = [
  'gemmComputeS',
  'weightsHbmS',
  'attentionComputeS',
  'kvCacheHbmS',
  'nonGemmS',
  'launchGapsS',
  'tpCollectivesS',
] as const;

export function emptyCategories(): ComputeCategories {
  return {
    gemmComputeS: 0,
    weightsHbmS: 0,
    attentionComputeS: 0,
    kvCacheHbmS: 0,
    nonGemmS: 0,
    launchGapsS: 0,
    tpCollectivesS: 0,
  };
}

export function addCategories(into: ComputeCategories, from: ComputeCategories, times = 1): void {
  for (const k of COMPUTE_CATEGORIES) into[k] += from[k] * times;
}

/** Seconds and bytes of one side (attention or MLP) of one item. */
export interface SideCost {
  seconds: number;
  categories: ComputeCategories;
  /** HBM bytes of weights read (every GEMM's weight operand). */
  weightBytes: number;
  /** HBM bytes of KV cache read by attention. */
  kvBytes: number;
}

export interface WorkInput {
  readonly workload: Workload;
  readonly phase: ServePhase;
  readonly rates: CostRates;
  readonly gemmFormat: Format;
  /** SMs that run compute (all, or all less the all-to-all's under two overlapped micro-batches). */
  readonly computeSMs: number;
  /** GEMMs and attention co-run with an SM-holding all-to-all (their standalone rate x gemmUnderCommFraction). */
  readonly contended: boolean;
  readonly tp: number;
  readonly ep: number;
  /** Tokens of this micro-batch each GPU dispatches (decode: requests; prefill: prompt tokens). */
  readonly tokens: number;
  /** Decode: tokens in each request's cache; prefill: prompt length. */
  readonly contextLength: number;
  readonly kvBytesPerValue: number;
  /** Attention fraction of the sustained BF16 peak in decode (FlashMLA figure) and in prefill. */
  readonly attentionDecodeFraction: number;
  /** Seconds of one TP collective (all-gather or reduce-scatter) of `bytes` over NVLink. */
  tpCollective(bytes: number): number;
}

/** Per GPU, one micro-batch: the costs of the items a forward pass runs once each. */
export interface ItemWork {
  readonly embedding: SideCost;
  readonly denseAttn: SideCost;
  readonly denseMlp: SideCost;
  readonly moeAttn: SideCost;
  readonly moeMlp: SideCost;
  readonly head: SideCost;
  /** Routed rows of the busiest GPU per MoE layer (tokens x topK x load imbalance). */
  readonly routedRows: number;
}

/**
 * Rows of a serving GEMM's tile. Large GEMMs keep the chip's tile (as training). A GEMM of at most half a tile's rows
 * puts its tokens on the tile's narrow side: Hopper's wgmma takes N in steps of 8, so small-batch kernels swap the
 * operands and pad the tokens to a multiple of 8 (DeepGEMM's 64-row blocks for M = 64 are the same size). Checked
 * against DeepGEMM's measured M = 64 and M = 128 shapes (test/serve/work.test.ts).
 */
export function servingTileM(rows: number, tileM: number): number {
  return rows <= tileM / 2 ? Math.max(TOKEN_GRANULE, Math.ceil(rows / TOKEN_GRANULE) * TOKEN_GRANULE) : tileM;
}
/** wgmma's N step on Hopper (the token side of a swapped small-batch GEMM). */
const TOKEN_GRANULE = 8;

interface Gemm {
  groups: number;
  rows: number;
  n: number;
  k: number;
  format: Format;
  /** Its input is cast to FP8 by a kernel of its own (a BF16 producer). */
  castInput: boolean;
}

/** Bytes of an FP32 value (router scores, logits). */
const FP32_BYTES = 4;

export function itemWork(input: WorkInput): ItemWork {
  const { workload: w, rates, tp, ep, phase } = input;
  const h = w.hiddenSize;
  const b = BF16_BYTES;
  const fp8 = input.gemmFormat === 'fp8';
  const cast = fp8 ? w.precision.dispatchBytesPerValue : b;
  const contention = input.contended ? rates.gemmUnderCommFraction : 1;
  const Ta = tp * input.tokens; // tokens in a TP group's attention and dense GEMMs
  const B = input.tokens;
  const L = input.contextLength;
  const a = w.attention;
  const headsL = a.heads / tp;

  const side = (): SideCost => ({ seconds: 0, categories: emptyCategories(), weightBytes: 0, kvBytes: 0 });
  const gap = (s: SideCost, kernels: number) => {
    const t = kernels * rates.launchGapS;
    s.seconds += t;
    s.categories.launchGapsS += t;
  };
  const elementwise = (s: SideCost, bytes: number, kernels = 1) => {
    const t = bytes / rates.nonGemmBytesPerS;
    s.seconds += t;
    s.categories.nonGemmS += t;
    gap(s, kernels);
  };
  const gemm = (s: SideCost, g: Gemm) => {
    if (g.rows <= 0) return;
    const r = rates.gemm[g.format];
    const tm = servingTileM(g.rows, rates.tileM);
    const bytes = forwardGemmBytes(g.groups, g.rows, g.n, g.k, g.format);
    const raw = gemmTime(
      ar,
      r,
      waves(tileCount(g.groups, g.rows, g.n, tm, rates.tileN), input.computeSMs),
      tm,
      rates.tileN,
      g.k,
      bytes,
    );
    const memoryBound = raw === memoryTime(ar, bytes, r.hbmBytesPerS, r.hbmFraction);
    const t = raw / contention;
    s.seconds += t;
    if (memoryBound) s.categories.weightsHbmS += t;
    else s.categories.gemmComputeS += t;
    s.weightBytes += g.groups * g.n * g.k * (g.format === 'fp8' ? 1 : b);
    gap(s, 1);
    if (g.castInput && g.format === 'fp8') elementwise(s, (b + cast) * g.groups * g.rows * g.k);
  };
  /** Core attention: FLOPs on the compute SMs at a fraction of the BF16 peak, or the KV bytes it reads. */
  const core = (s: SideCost, flops: number, kvBytes: number, fraction: number) => {
    const compute = throughputTime(ar, flops, input.computeSMs, rates.attentionPeakFlopsPerSm, fraction) / contention;
    const memory = memoryTime(ar, kvBytes, rates.gemm.bf16.hbmBytesPerS, rates.gemm.bf16.hbmFraction) / contention;
    s.seconds += Math.max(compute, memory);
    if (compute >= memory) s.categories.attentionComputeS += compute;
    else s.categories.kvCacheHbmS += memory;
    s.kvBytes += kvBytes;
    gap(s, 1);
  };
  const norm = (s: SideCost, values: number, kernels = 1) => elementwise(s, 2 * b * values, kernels);
  const residual = (s: SideCost, values: number) => elementwise(s, 3 * b * values);
  const tpBlock = (s: SideCost, tokens: number) => {
    if (tp === 1) return;
    const t = 2 * input.tpCollective((b * h * tokens * (tp - 1)) / tp); // all-reduce = reduce-scatter + all-gather
    s.seconds += t;
    s.categories.tpCollectivesS += t;
  };

  const attention = (): SideCost => {
    const s = side();
    norm(s, h * Ta);
    if (a.type === 'mla') {
      const latent = a.kvLoraRank + a.qkRopeHeadDim;
      const dqk = a.qkNopeHeadDim + a.qkRopeHeadDim;
      gemm(s, { groups: 1, rows: Ta, n: a.qLoraRank + latent, k: h, format: input.gemmFormat, castInput: true });
      norm(s, (a.qLoraRank + a.kvLoraRank) * Ta, 2);
      gemm(s, { groups: 1, rows: Ta, n: headsL * dqk, k: a.qLoraRank, format: input.gemmFormat, castInput: true });
      elementwise(s, 2 * b * (headsL + 1) * a.qkRopeHeadDim * Ta); // RoPE of the queries' and the shared key's rotary dims
      elementwise(s, input.kvBytesPerValue * latent * Ta); // append to the compressed KV cache
      if (phase === 'prefill') {
        gemm(s, {
          groups: 1,
          rows: Ta,
          n: headsL * (a.qkNopeHeadDim + a.vHeadDim),
          k: a.kvLoraRank,
          format: input.gemmFormat,
          castInput: true,
        });
        core(s, 2 * ((Ta * L) / 2) * headsL * (dqk + a.vHeadDim), 0, rates.attentionForwardFraction);
      } else {
        // Absorbed: q_nope x W_UK per head into the latent space, attention over the cache, W_UV per head back out.
        gemm(s, { groups: headsL, rows: Ta, n: a.kvLoraRank, k: a.qkNopeHeadDim, format: 'bf16', castInput: false });
        core(
          s,
          2 * Ta * L * headsL * (latent + a.kvLoraRank),
          Ta * L * latent * input.kvBytesPerValue,
          input.attentionDecodeFraction,
        );
        gemm(s, { groups: headsL, rows: Ta, n: a.vHeadDim, k: a.kvLoraRank, format: 'bf16', castInput: false });
      }
      gemm(s, { groups: 1, rows: Ta, n: h, k: headsL * a.vHeadDim, format: input.gemmFormat, castInput: true });
    } else {
      const kvHeadsL = Math.max(1, a.kvHeads / tp);
      gemm(s, {
        groups: 1,
        rows: Ta,
        n: (headsL + 2 * kvHeadsL) * a.headDim,
        k: h,
        format: input.gemmFormat,
        castInput: true,
      });
      elementwise(s, 2 * b * (headsL + kvHeadsL) * a.headDim * Ta); // RoPE
      elementwise(s, input.kvBytesPerValue * 2 * kvHeadsL * a.headDim * Ta); // append to the KV cache
      if (phase === 'prefill') core(s, 2 * ((Ta * L) / 2) * headsL * 2 * a.headDim, 0, rates.attentionForwardFraction);
      else
        core(
          s,
          2 * Ta * L * headsL * 2 * a.headDim,
          Ta * L * 2 * kvHeadsL * a.headDim * input.kvBytesPerValue,
          input.attentionDecodeFraction,
        );
      gemm(s, { groups: 1, rows: Ta, n: h, k: headsL * a.headDim, format: input.gemmFormat, castInput: true });
    }
    tpBlock(s, Ta);
    residual(s, h * Ta);
    norm(s, h * Ta); // pre-MLP norm
    return s;
  };

  /** SwiGLU MLP of `groups` x `rows` rows (gate+up, activation fused with its FP8 cast, down). */
  const mlp = (s: SideCost, groups: number, rows: number, intermediate: number, inputArrivesFp8: boolean) => {
    const matrices = (w.mlpActivation ?? 'swiglu') === 'swiglu' ? 2 : 1;
    gemm(s, { groups, rows, n: matrices * intermediate, k: h, format: input.gemmFormat, castInput: !inputArrivesFp8 });
    elementwise(s, (matrices * b + (fp8 ? cast : b)) * groups * rows * intermediate);
    gemm(s, { groups, rows, n: h, k: intermediate, format: input.gemmFormat, castInput: false });
  };

  const denseAttn = attention();
  const denseMlp = side();
  mlp(denseMlp, 1, Ta, w.denseIntermediateSize / tp, false);
  tpBlock(denseMlp, Ta);
  residual(denseMlp, h * Ta);

  const moeAttn = w.moe ? attention() : side();
  const moeMlp = side();
  let routedRows = 0;
  if (w.moe) {
    const moe = w.moe;
    // The router and the shared expert run on this rank's own tokens (the attention side, before the dispatch).
    gemm(moeAttn, { groups: 1, rows: B, n: moe.routedExperts, k: h, format: 'bf16', castInput: false });
    elementwise(moeAttn, 2 * FP32_BYTES * moe.routedExperts * B);
    if (moe.sharedExperts > 0) mlp(moeAttn, 1, B, moe.sharedExperts * moe.expertIntermediateSize, false);
    const localExperts = moe.routedExperts / ep;
    routedRows = B * moe.activeExperts * moe.loadImbalance; // the busiest GPU paces every GPU
    if (ep > 1) elementwise(moeMlp, 2 * cast * h * routedRows); // received tokens to expert order
    mlp(moeMlp, localExperts, routedRows / localExperts, moe.expertIntermediateSize, ep > 1);
    if (ep > 1) elementwise(moeMlp, b * h * (routedRows + B)); // expert outputs weighted back per token
    residual(moeMlp, h * B);
  }

  const embedding = side();
  elementwise(embedding, 2 * b * h * Ta);
  const head = side();
  norm(head, h * Ta);
  // Prefill samples the first output token of each prompt: only its last position reaches the head.
  const headRows = phase === 'prefill' ? Math.max(1, Ta / L) : Ta;
  gemm(head, { groups: 1, rows: headRows, n: w.vocabSize / tp, k: h, format: 'bf16', castInput: false });
  elementwise(head, 2 * FP32_BYTES * (w.vocabSize / tp) * headRows); // softmax and sampling over the logits
  return { embedding, denseAttn, denseMlp, moeAttn, moeMlp, head, routedRows };
}
