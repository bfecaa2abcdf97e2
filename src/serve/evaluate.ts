/**
 * The serving cost model: one phase (prefill or decode) of one deployment unit of max(ep, tp) GPUs.
 *
 *   prefill: TTFT = one forward pass over the batch's prompt tokens; all-to-all on the normal (SM) kernels with
 *            commSMs SMs: serial with compute on every SM (1 micro-batch), or overlapped with the other micro-batch's
 *            compute on the SMs left (2), both slowed by contention as in training's DualPipe pairs.
 *   decode:  TPOT = one step over the batch of requests at the context length; all-to-all on the low-latency kernels,
 *            which hold no SM, so compute keeps every SM and two micro-batches overlap for free (but read the
 *            weights twice).
 *   tokens/s per GPU = batch per GPU / latency (prompt tokens for prefill, output tokens for decode).
 */

import type { ServeConfig, ServePhase } from '../contract/serve-config.js';
import { UserError } from '../errors.js';
import {
  type AllToAllLimit,
  type AllToAllVolume,
  allToAllLimit,
  allToAllTime,
  allToAllVolume,
} from '../model/alltoall.js';
import { numberArith } from '../model/arith.js';
import { p2pTime } from '../model/collectives.js';
import { costRates, type ModelInput } from '../model/context.js';
import type { CostRates } from '../model/item-cost.js';
import { expectedRouting, minNodeLimit } from '../model/routing.js';
import type { Format } from '../model/shapes.js';
import type { Chip, Cluster, Kernel, Workload } from '../profiles/schemas.js';
import { type LowLatencyRates, lowLatencyBytes, lowLatencyRates, lowLatencyTime } from './low-latency.js';
import { type MemoryInput, maxBatchThatFits, type ServeMemory, serveMemory } from './memory.js';
import { type LayerTasks, runTimeline } from './timeline.js';
import {
  addCategories,
  COMPUTE_CATEGORIES,
  type ComputeCategories,
  emptyCategories,
  type ItemWork,
  itemWork,
  type SideCost,
} from './work.js';

export interface ServeModelInput {
  readonly workload: Workload;
  readonly chip: Chip;
  readonly cluster: Cluster;
  /** Prefill's all-to-all (normal kernels holding SMs) and decode's (low-latency kernels). */
  readonly prefillKernel: Kernel;
  readonly decodeKernel: Kernel;
}

export const SERVE_BOTTLENECKS = [
  'gemm-compute',
  'weights-hbm',
  'attention-compute',
  'kv-cache-hbm',
  'non-gemm',
  'launch-gaps',
  'tp-collectives',
  'scale-out',
  'scale-up',
  'comm-sms',
  'memory-capacity',
] as const;
export type ServeBottleneck = (typeof SERVE_BOTTLENECKS)[number];

/** Seconds of the latency, by what they were spent on (sums to latencyS). */
export interface ServeBreakdown extends ComputeCategories {
  /** Communication the compute stream waited for. */
  exposedCommS: number;
}

export interface ServeMetrics {
  readonly phase: ServePhase;
  readonly feasible: boolean;
  readonly infeasibleReason?: string;
  /** Prefill: prompt tokens/s per GPU; decode: output tokens/s per GPU. */
  readonly tokensPerSecPerGpu: number;
  /** TTFT (prefill, the batch's forward pass) or TPOT (decode, one step). */
  readonly latencyS: number;
  readonly memoryGiB: number;
  /** The largest batchPerGpu (requests or prompt tokens) that fits in memory at this config. */
  readonly maxBatchPerGpu: number;
  readonly breakdown: ServeBreakdown;
  readonly bottleneck: ServeBottleneck;
  readonly memory: ServeMemory;
  readonly details: ServeDetails;
}

export interface ServeDetails {
  /** GPUs of one deployment unit, and its nodes. */
  readonly gpus: number;
  readonly nodes: number;
  readonly microBatches: number;
  readonly tokensPerMicroBatch: number;
  readonly computeSMs: number;
  readonly gemmFormat: Format;
  readonly computeS: number;
  readonly commS: number;
  readonly hiddenCommS: number;
  /** Per MoE layer and micro-batch (0 without EP): dispatch and combine seconds and what bounds them. */
  readonly allToAll: {
    readonly kernel: string;
    readonly dispatchS: number;
    readonly combineS: number;
    readonly limit: AllToAllLimit | 'none';
  };
  /** HBM bytes per forward pass (all micro-batches) of weights and KV cache read, and their time at the HBM's nameplate rate. */
  readonly weightBytesRead: number;
  readonly kvBytesRead: number;
  readonly hbmFloorS: number;
  /** Per layer and micro-batch, seconds of each side. */
  readonly layerS: {
    readonly denseAttn: number;
    readonly denseMlp: number;
    readonly moeAttn: number;
    readonly moeMlp: number;
    readonly embedding: number;
    readonly head: number;
  };
  readonly kvCacheFormat: string;
  readonly nodeLimit: number | undefined;
}

export interface ServeEvaluator {
  readonly input: ServeModelInput;
  /** Why the config is invalid for this workload and cluster, or null. */
  check(config: ServeConfig): string | null;
  /** Throws UserError when invalid; returns feasible: false (with a reason) when it does not fit. */
  evaluate(config: ServeConfig): ServeMetrics;
}

const KV_BYTES = { bf16: 2, fp8: 1 } as const;

function unitGpus(c: ServeConfig): number {
  return Math.max(c.ep, c.tp);
}

export function createServeModel(input: ServeModelInput): ServeEvaluator {
  const { workload: w, chip, cluster } = input;
  const gemmFormat: Format = w.precision.gemm === 'fp8' && chip.fp8DenseTFLOPS !== undefined ? 'fp8' : 'bf16';
  const modelInput = (gpus: number, kernel: Kernel): ModelInput => ({ workload: w, chip, cluster, kernel, gpus });
  const attentionDecodeFraction =
    chip.efficiency.attentionDecodePeakFraction ?? chip.efficiency.attentionForwardPeakFraction;

  const check = (c: ServeConfig): string | null => {
    const a = w.attention;
    if (a.heads % c.tp !== 0) return `tp = ${c.tp}: must divide the ${a.heads} attention heads of ${w.id}`;
    if (a.type === 'gqa' && a.kvHeads % c.tp !== 0 && c.tp % a.kvHeads !== 0)
      return `tp = ${c.tp}: must divide or be a multiple of the ${a.kvHeads} KV heads of ${w.id}`;
    if (w.denseLayers > 0 && w.denseIntermediateSize % c.tp !== 0)
      return `tp = ${c.tp}: must divide the dense FFN's ${w.denseIntermediateSize} columns`;
    if (c.tp > cluster.gpusPerNode)
      return `tp = ${c.tp}: at most ${cluster.gpusPerNode} (TP runs over NVLink inside a node of cluster ${cluster.id})`;
    if (!w.moe) {
      if (c.ep !== 1) return `ep = ${c.ep}: ${w.id} is dense (no experts): ep must be 1`;
    } else {
      if (w.moe.routedExperts % c.ep !== 0)
        return `ep = ${c.ep}: must divide the ${w.moe.routedExperts} routed experts of ${w.id}`;
      if (c.ep > 1 && c.ep % c.tp !== 0)
        return `ep = ${c.ep}: must be a multiple of tp = ${c.tp} (attention runs in TP groups inside the EP group)`;
      if (c.ep > cluster.gpusPerNode && c.ep % cluster.gpusPerNode !== 0)
        return `ep = ${c.ep}: an EP group across nodes fills whole nodes: a multiple of ${cluster.gpusPerNode}`;
      if (c.nodeLimit !== undefined && c.ep > 1) {
        const least = minNodeLimit(w.moe.routedExperts, w.moe.activeExperts, c.ep, cluster.gpusPerNode);
        if (c.nodeLimit < least)
          return `nodeLimit = ${c.nodeLimit}: at least ${least} (a token's ${w.moe.activeExperts} experts must fit in the nodes it may reach)`;
      }
    }
    if (c.microBatches === 2 && c.batchPerGpu % 2 !== 0)
      return `batchPerGpu = ${c.batchPerGpu}: must be even with microBatches = 2 (split in two equal micro-batches)`;
    if (c.phase === 'prefill') {
      if (c.tp * c.batchPerGpu < c.contextLength)
        return `batchPerGpu = ${c.batchPerGpu}: prefill's batch holds whole prompts: tp x batchPerGpu >= contextLength (${c.contextLength})`;
      const k = input.prefillKernel;
      if (c.ep > 1) {
        if (c.commSMs === undefined)
          return `commSMs: required for prefill with ep > 1 (SMs the ${k.id} all-to-all holds)`;
        if (k.smsPerChannel > 0) {
          if (c.commSMs < k.minSMs || c.commSMs % k.smsPerChannel !== 0)
            return `commSMs = ${c.commSMs}: kernel ${k.id} needs a multiple of ${k.smsPerChannel}, at least ${k.minSMs}`;
          if (c.commSMs >= chip.sms) return `commSMs = ${c.commSMs}: fewer than the chip's ${chip.sms} SMs`;
        } else if (c.commSMs !== 0) return `commSMs = ${c.commSMs}: kernel ${k.id} holds no SM: 0`;
      }
    } else if ((c.commSMs ?? 0) !== 0) {
      return `commSMs = ${c.commSMs}: decode's all-to-all (${input.decodeKernel.id}, low-latency kernels) holds no SM: omit it or give 0`;
    }
    return null;
  };

  const evaluate = (c: ServeConfig): ServeMetrics => {
    const problem = check(c);
    if (problem) throw new UserError(`serving config: ${problem}`);
    const gpus = unitGpus(c);
    const crossesNodes = c.ep > cluster.gpusPerNode;
    const kernel = c.phase === 'prefill' ? input.prefillKernel : input.decodeKernel;
    const rates: CostRates = costRates(modelInput(gpus, kernel), crossesNodes);
    const m = c.microBatches;
    const overlapped = c.phase === 'prefill' && m === 2 && c.ep > 1 && kernel.smsPerChannel > 0;
    const commSMs = c.phase === 'prefill' && c.ep > 1 ? (c.commSMs ?? 0) : 0;
    const computeSMs = overlapped ? chip.sms - commSMs : chip.sms;
    const tokens = c.batchPerGpu / m;
    const kvBytesPerValue = KV_BYTES[c.kvCacheFormat ?? 'bf16'];
    // A TP group sits inside one node: its collectives are NVLink hops (p2pTime of a job that spans no node).
    const links = {
      scaleOutBytesPerS: 0,
      scaleOutLatencyS: 0,
      scaleUpBytesPerS: rates.scaleUpBytesPerS,
      scaleUpLatencyS: rates.scaleUpLatencyS,
      gpusPerNode: cluster.gpusPerNode,
      gpus: c.tp,
    };
    const work: ItemWork = itemWork({
      workload: w,
      phase: c.phase,
      rates,
      gemmFormat,
      computeSMs,
      contended: overlapped,
      tp: c.tp,
      ep: c.ep,
      tokens,
      contextLength: c.contextLength,
      kvBytesPerValue,
      attentionDecodeFraction,
      tpCollective: (bytes) => p2pTime(links, bytes),
    });

    // All-to-all per MoE layer and micro-batch.
    let dispatchS = 0,
      combineS = 0;
    let limit: AllToAllLimit | 'none' = 'none';
    const moe = w.moe;
    const nodeLimit = c.nodeLimit ?? moe?.defaultNodeLimit;
    if (moe && c.ep > 1) {
      if (c.phase === 'decode') {
        const ll: LowLatencyRates = lowLatencyRates(kernel, cluster);
        dispatchS = lowLatencyTime(
          ll,
          'dispatch',
          c.ep,
          lowLatencyBytes(tokens, moe.activeExperts, w.hiddenSize, w.precision.dispatchBytesPerValue),
        );
        combineS = lowLatencyTime(
          ll,
          'combine',
          c.ep,
          lowLatencyBytes(tokens, moe.activeExperts, w.hiddenSize, w.precision.combineBytesPerValue),
        );
        limit = ll.limit;
      } else {
        const routing = expectedRouting({
          routedExperts: moe.routedExperts,
          topK: moe.activeExperts,
          ep: c.ep,
          gpusPerNode: cluster.gpusPerNode,
          nodeLimit,
        });
        const busiest = tokens * rates.loadImbalance;
        const scaled = (v: AllToAllVolume): AllToAllVolume => ({
          scaleOutBytes: v.scaleOutBytes * busiest,
          scaleUpBytes: v.scaleUpBytes * busiest,
          logicalBytes: v.logicalBytes * busiest,
        });
        const dispatch = scaled(allToAllVolume(routing, w.hiddenSize * w.precision.dispatchBytesPerValue));
        const combine = scaled(allToAllVolume(routing, w.hiddenSize * w.precision.combineBytesPerValue));
        const wait = 1 + rates.peerWaitFraction(c.ep);
        dispatchS =
          (allToAllTime(numberArith, rates.dispatchPath, dispatch, commSMs) * wait) /
          (overlapped ? rates.dispatchUnderCompute : 1);
        combineS =
          (allToAllTime(numberArith, rates.combinePath, combine, commSMs) * wait) /
          (overlapped ? rates.combineUnderCompute : 1);
        limit = allToAllLimit(rates.dispatchPath, dispatch, commSMs);
      }
    }

    const layers: LayerTasks[] = [];
    for (let i = 0; i < w.layers; i++) {
      layers.push(
        i < w.denseLayers
          ? { attn: work.denseAttn.seconds, mlp: work.denseMlp.seconds, dispatch: 0, combine: 0 }
          : { attn: work.moeAttn.seconds, mlp: work.moeMlp.seconds, dispatch: dispatchS, combine: combineS },
      );
    }
    const timeline = runTimeline(layers, m, work.embedding.seconds, work.head.seconds);
    const latencyS = timeline.totalS;

    const categories = emptyCategories();
    const moeLayers = w.layers - w.denseLayers;
    const sides: [SideCost, number][] = [
      [work.embedding, 1],
      [work.head, 1],
      [work.denseAttn, w.denseLayers],
      [work.denseMlp, w.denseLayers],
      [work.moeAttn, moeLayers],
      [work.moeMlp, moeLayers],
    ];
    let weightBytesRead = 0,
      kvBytesRead = 0;
    for (const [s, n] of sides) {
      addCategories(categories, s.categories, n * m);
      weightBytesRead += s.weightBytes * n * m;
      kvBytesRead += s.kvBytes * n * m;
    }
    const breakdown: ServeBreakdown = { ...categories, exposedCommS: timeline.exposedCommS };

    const memoryInput: MemoryInput = {
      workload: w,
      phase: c.phase,
      gemmFormat,
      tp: c.tp,
      ep: c.ep,
      batchPerGpu: c.batchPerGpu,
      microBatches: m,
      contextLength: c.contextLength,
      kvBytesPerValue,
      buffersGiB: c.ep > 1 ? kernel.bufferGiB : 0,
      capacityGiB: chip.hbmGiB - cluster.memoryReserveGiB,
    };
    const memory = serveMemory(memoryInput);
    const maxBatchPerGpu = maxBatchThatFits(memoryInput, m);
    const fits = memory.totalGiB <= memory.capacityGiB;
    const tooSlow = c.maxLatencyMs !== undefined && latencyS * 1e3 > c.maxLatencyMs;
    const feasible = fits && !tooSlow;
    const bottleneck = fits ? pickBottleneck(breakdown, limit) : 'memory-capacity';
    const latencyName = c.phase === 'prefill' ? 'TTFT' : 'TPOT';
    const tokensPerSecPerGpu = c.batchPerGpu / latencyS;
    return {
      phase: c.phase,
      feasible,
      ...(feasible
        ? {}
        : {
            infeasibleReason: fits
              ? `${latencyName} ${(latencyS * 1e3).toFixed(2)} ms > maxLatencyMs ${c.maxLatencyMs} (bottleneck ${bottleneck})`
              : memoryReason(memory, c, maxBatchPerGpu),
          }),
      tokensPerSecPerGpu,
      latencyS,
      memoryGiB: memory.totalGiB,
      maxBatchPerGpu,
      breakdown,
      bottleneck,
      memory,
      details: {
        gpus,
        nodes: Math.ceil(gpus / cluster.gpusPerNode),
        microBatches: m,
        tokensPerMicroBatch: tokens,
        computeSMs,
        gemmFormat,
        computeS: timeline.computeS,
        commS: timeline.commS,
        hiddenCommS: timeline.commS - timeline.exposedCommS,
        allToAll: { kernel: kernel.id, dispatchS, combineS, limit },
        weightBytesRead,
        kvBytesRead,
        hbmFloorS: (weightBytesRead + kvBytesRead) / (chip.hbmTBps * 1e12),
        layerS: {
          denseAttn: work.denseAttn.seconds,
          denseMlp: work.denseMlp.seconds,
          moeAttn: work.moeAttn.seconds,
          moeMlp: work.moeMlp.seconds,
          embedding: work.embedding.seconds,
          head: work.head.seconds,
        },
        kvCacheFormat: c.kvCacheFormat ?? 'bf16',
        nodeLimit: moe && c.ep > 1 ? nodeLimit : undefined,
      },
    };
  };
  return { input, check, evaluate };
}

const CATEGORY_BOTTLENECK: Record<(typeof COMPUTE_CATEGORIES)[number], ServeBottleneck> = {
  gemmComputeS: 'gemm-compute',
  weightsHbmS: 'weights-hbm',
  attentionComputeS: 'attention-compute',
  kvCacheHbmS: 'kv-cache-hbm',
  nonGemmS: 'non-gemm',
  launchGapsS: 'launch-gaps',
  tpCollectivesS: 'tp-collectives',
};

/** The largest share of the latency; exposed communication is named by what bounds the all-to-all. */
function pickBottleneck(b: ServeBreakdown, limit: AllToAllLimit | 'none'): ServeBottleneck {
  let best: ServeBottleneck = 'gemm-compute';
  let most = -1;
  for (const k of COMPUTE_CATEGORIES) {
    if (b[k] > most) {
      most = b[k];
      best = CATEGORY_BOTTLENECK[k];
    }
  }
  if (limit !== 'none' && b.exposedCommS > most) best = limit;
  return best;
}

function memoryReason(mem: ServeMemory, c: ServeConfig, maxBatch: number): string {
  const terms: [string, number][] = [
    ['weights', mem.weightsGiB],
    ['KV cache', mem.kvCacheGiB],
    ['activations', mem.activationsGiB],
    ['all-to-all buffers', mem.buffersGiB],
  ];
  terms.sort((a, b) => b[1] - a[1]);
  const fix =
    maxBatch > 0
      ? `batchPerGpu <= ${maxBatch} fits at this context length`
      : `no batch fits: the weights alone take ${mem.weightsGiB.toFixed(1)} GiB; raise ep${c.tp < 8 ? ' or tp' : ''}`;
  return `memory ${mem.totalGiB.toFixed(1)} GiB > capacity ${mem.capacityGiB.toFixed(1)} GiB (${terms.map(([n, v]) => `${n} ${v.toFixed(1)}`).join(', ')}): ${fix}`;
}
