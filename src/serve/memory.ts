/**
 * Memory per GPU while serving: weights (GEMM weights in the chip's GEMM format with FP8's 128x128 block scales,
 * embedding and head in BF16) sharded by TP (attention, dense FFN, vocabulary) and EP (routed experts); the KV
 * cache of the requests this GPU attends; one layer's transient activations; the all-to-all kernel's buffers.
 * Every term is linear in the batch, so the largest batch that fits is a closed form.
 */

import type { ServePhase } from '../contract/serve-config.js';
import { attentionParams, itemParams, mlpParams } from '../model/params.js';
import type { Format } from '../model/shapes.js';
import type { Workload } from '../profiles/schemas.js';

const GIB = 2 ** 30;
/** FP8 weights carry one FP32 scale per 128 x 128 block (DeepSeek-V3's weight quantization). */
const FP8_WEIGHT_BYTES = 1 + 4 / (128 * 128);
const BF16 = 2;

export interface ServeMemory {
  readonly weightsGiB: number;
  readonly kvCacheGiB: number;
  readonly activationsGiB: number;
  readonly buffersGiB: number;
  readonly totalGiB: number;
  /** HBM less the cluster's reserve. */
  readonly capacityGiB: number;
}

export interface MemoryInput {
  readonly workload: Workload;
  readonly phase: ServePhase;
  readonly gemmFormat: Format;
  readonly tp: number;
  readonly ep: number;
  readonly batchPerGpu: number;
  readonly microBatches: number;
  readonly contextLength: number;
  readonly kvBytesPerValue: number;
  readonly buffersGiB: number;
  readonly capacityGiB: number;
}

/** KV-cache bytes of one token in one layer on a GPU holding 1/tp of the heads (MLA's latent is replicated). */
export function kvBytesPerTokenLayer(w: Workload, tp: number, kvBytesPerValue: number): number {
  const a = w.attention;
  return a.type === 'mla'
    ? (a.kvLoraRank + a.qkRopeHeadDim) * kvBytesPerValue
    : 2 * Math.max(1, a.kvHeads / tp) * a.headDim * kvBytesPerValue;
}

/** Weight bytes one GPU holds. */
export function weightBytesPerGpu(w: Workload, gemmFormat: Format, tp: number, ep: number): number {
  const wb = gemmFormat === 'fp8' ? FP8_WEIGHT_BYTES : BF16;
  const a = w.attention;
  const replicated = a.type === 'mla' ? w.hiddenSize * (a.qLoraRank + a.kvLoraRank + a.qkRopeHeadDim) : 0;
  const attention = replicated + (attentionParams(w) - replicated) / tp;
  const dense = w.denseLayers * (attention + mlpParams(w, w.denseIntermediateSize) / tp);
  let moe = 0;
  if (w.moe) {
    const p = itemParams(w, 'moe');
    moe = (w.layers - w.denseLayers) * (attention + (p.nonExpert - attentionParams(w)) + p.expert / ep);
  }
  const vocab = (itemParams(w, 'embedding').nonExpert + itemParams(w, 'head').nonExpert) / tp;
  return (dense + moe) * wb + vocab * BF16;
}

export function serveMemory(m: MemoryInput): ServeMemory {
  const w = m.workload;
  const h = w.hiddenSize;
  const tokensAttended = m.tp * m.batchPerGpu; // the TP group's requests (decode) or prompt tokens (prefill)
  // Decode keeps each request's whole context; prefill writes the prompt tokens of its batch.
  const cachedTokens = m.phase === 'decode' ? tokensAttended * m.contextLength : tokensAttended;
  const kv = cachedTokens * w.layers * kvBytesPerTokenLayer(w, m.tp, m.kvBytesPerValue);
  // One layer's transient tensors for one micro-batch: the residual stream and its norm output, the attention
  // side's widest intermediate and the routed experts' rows (received input, gate/up output, activation).
  const t = tokensAttended / m.microBatches;
  const a = w.attention;
  const qkv =
    a.type === 'mla'
      ? m.phase === 'prefill'
        ? (a.heads / m.tp) * (2 * (a.qkNopeHeadDim + a.qkRopeHeadDim) + a.vHeadDim)
        : (a.heads / m.tp) * (a.kvLoraRank + a.qkRopeHeadDim + a.vHeadDim)
      : ((a.heads + 2 * a.kvHeads) / m.tp) * a.headDim;
  const rows = w.moe ? (m.batchPerGpu / m.microBatches) * w.moe.activeExperts * w.moe.loadImbalance : 0;
  const expert = w.moe ? rows * (3 * h + 3 * w.moe.expertIntermediateSize) * BF16 : 0;
  const dense = t * 3 * (w.denseIntermediateSize / m.tp) * BF16;
  const activations =
    2 * t * h * BF16 +
    Math.max(t * qkv * BF16, expert, dense) +
    (t * (w.vocabSize / m.tp) * 4) / (m.phase === 'prefill' ? m.contextLength : 1);
  const weightsGiB = weightBytesPerGpu(w, m.gemmFormat, m.tp, m.ep) / GIB;
  const kvCacheGiB = kv / GIB;
  const activationsGiB = activations / GIB;
  const totalGiB = weightsGiB + kvCacheGiB + activationsGiB + m.buffersGiB;
  return { weightsGiB, kvCacheGiB, activationsGiB, buffersGiB: m.buffersGiB, totalGiB, capacityGiB: m.capacityGiB };
}

/** The largest batch per GPU (a multiple of `step`) that fits, 0 when none does: memory is linear in the batch. */
export function maxBatchThatFits(m: MemoryInput, step: number): number {
  const at = (batch: number) => serveMemory({ ...m, batchPerGpu: batch }).totalGiB;
  const fixed = 2 * at(step) - at(2 * step);
  const perStep = at(2 * step) - at(step);
  if (fixed > m.capacityGiB) return 0;
  const steps = Math.floor((m.capacityGiB - fixed) / perStep + 1e-9);
  return steps * step;
}
