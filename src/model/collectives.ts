/**
 * Communication outside the all-to-all, and the optimizer step.
 *
 * Layout: GPUs are numbered stage-major (stage s holds GPUs s*G/pp .. (s+1)*G/pp - 1, nodes filled in order), TP
 * ranks adjacent inside a node, then EP/DP.
 * - Pipeline P2P: one BF16 activation (or its gradient) of the micro-batch's sequence shard per hop; over the NIC
 *   when the job spans nodes, NVLink otherwise. The simulator charges it as a latency on each cross-rank dependency.
 * - ZeRO-1 at the step boundary: gradients reduce-scattered (in the gradient format) and parameters all-gathered
 *   (in the weight format) by rings (see ringTime). Non-expert parameters go over the DP group (x the pipeline's parameter copies, which hold
 *   replicas of the same stage), expert parameters over the expert-data-parallel group (dp x tp / ep).
 *   The reduce-scatter can hide under the last backward chunk (buckets launch as layers finish), the all-gather under
 *   the first forward chunk of the next step; the rest is exposed.
 * - Optimizer (AdamW) over the local shard: memory-bound, reading master weights, gradients and both moments and
 *   writing master weights, moments and the working-precision weights; plus zeroing the full gradient buffer; plus,
 *   when the workload says so, the passes over the shard's gradients before the update (Megatron-LM's FP16
 *   optimizer): loss-scale unscale and inf check (read + write), gradient-norm clipping (read for the norm, then
 *   read + write to scale).
 */
import type { Cluster, Workload } from '../profiles/schemas.js';

export interface LinkRates {
  /** Per GPU, bytes/s: NICs per GPU x achievable per NIC. */
  readonly scaleOutBytesPerS: number;
  readonly scaleOutLatencyS: number;
  readonly scaleUpBytesPerS: number;
  readonly scaleUpLatencyS: number;
  readonly gpusPerNode: number;
  readonly gpus: number;
}

export function linkRates(cluster: Cluster, gpus: number, nvlinkGBps: number): LinkRates {
  const nicsPerGpu = cluster.scaleOut.nicsPerNode / cluster.gpusPerNode;
  return {
    scaleOutBytesPerS: nicsPerGpu * cluster.scaleOut.achievableGBpsPerNic * 1e9,
    scaleOutLatencyS: cluster.scaleOut.latencyUs * 1e-6,
    scaleUpBytesPerS: nvlinkGBps * 1e9,
    scaleUpLatencyS: cluster.scaleUpLatencyUs * 1e-6,
    gpusPerNode: cluster.gpusPerNode,
    gpus,
  };
}

/** Seconds of one pipeline hop carrying `bytes`. */
export function p2pTime(links: LinkRates, bytes: number): number {
  const crossesNodes = links.gpus > links.gpusPerNode;
  return crossesNodes
    ? links.scaleOutLatencyS + bytes / links.scaleOutBytesPerS
    : links.scaleUpLatencyS + bytes / links.scaleUpBytesPerS;
}

/**
 * Ring reduce-scatter or all-gather of `bytes` (the full buffer per GPU) over `members` GPUs `stride` apart.
 * Inside one node: NVLink. Across nodes: NCCL runs one ring channel per NIC and each channel crosses every node
 * boundary once, so a node's members pool their NICs (time = bytes (n-1)/n / (members per node x NIC per GPU)),
 * concurrently with the NVLink hops inside the node; plus one latency per ring step.
 */
export function ringTime(links: LinkRates, bytes: number, members: number, stride: number): number {
  if (members <= 1 || bytes === 0) return 0;
  const perNode = Math.max(1, Math.min(members, Math.floor(links.gpusPerNode / stride)));
  const share = (bytes * (members - 1)) / members;
  if (perNode === members) return share / links.scaleUpBytesPerS + (members - 1) * links.scaleUpLatencyS;
  const scaleOut = share / (perNode * links.scaleOutBytesPerS);
  const scaleUp = (bytes * (perNode - 1)) / perNode / links.scaleUpBytesPerS;
  return Math.max(scaleOut, scaleUp) + (members - 1) * links.scaleOutLatencyS;
}

export interface HeldParams {
  /** Per GPU (after TP and EP splits), over every chunk the rank holds. */
  readonly nonExpert: number;
  readonly expert: number;
}

export interface DataParallelGroups {
  /** Replicas of a non-expert parameter: dp x parameter copies. */
  readonly nonExpert: number;
  /** Replicas of an expert parameter: (dp x tp / ep) x parameter copies. */
  readonly expert: number;
  /** Distance in GPUs between members (tp for DP, ep for expert DP). */
  readonly nonExpertStride: number;
  readonly expertStride: number;
}

export interface StepBoundary {
  reduceScatterS: number;
  allGatherS: number;
  /** Exposed part of both, after hiding under the last backward / first forward. */
  exposedS: number;
  optimizerS: number;
}

/** ZeRO-1's gradient reduce-scatter and parameter all-gather for the parameters one GPU holds. */
export function dataParallelTimes(
  w: Workload,
  links: LinkRates,
  held: HeldParams,
  groups: DataParallelGroups,
): { reduceScatterS: number; allGatherS: number } {
  const g = w.optimizer.gradientBytes;
  const p = w.precision.weightBytes;
  const ring = (bytesPerParam: number) =>
    ringTime(links, held.nonExpert * bytesPerParam, groups.nonExpert, groups.nonExpertStride) +
    ringTime(links, held.expert * bytesPerParam, groups.expert, groups.expertStride);
  return { reduceScatterS: ring(g), allGatherS: ring(p) };
}

/**
 * The global gradient-norm all-reduce before clipping: one scalar over every GPU, latency-bound, on the critical path
 * between the last backward and the optimizer (a tree: up and down ceil(log2 gpus) levels).
 */
export function gradientNormAllReduceS(links: LinkRates): number {
  if (links.gpus <= 1) return 0;
  const latency = links.gpus > links.gpusPerNode ? links.scaleOutLatencyS : links.scaleUpLatencyS;
  return 2 * Math.ceil(Math.log2(links.gpus)) * latency;
}

/** What the step boundary adds after the pipeline drains. */
export function exposedDataParallel(
  reduceScatterS: number,
  allGatherS: number,
  hideUnderBackwardS: number,
  hideUnderForwardS: number,
): number {
  return Math.max(0, reduceScatterS - hideUnderBackwardS) + Math.max(0, allGatherS - hideUnderForwardS);
}

/** AdamW over the local shard plus zeroing the full gradient buffer, at the achievable HBM bandwidth. */
export function optimizerTime(w: Workload, held: HeldParams, groups: DataParallelGroups, hbmBytesPerS: number): number {
  const o = w.optimizer;
  const shard = held.nonExpert / groups.nonExpert + held.expert / groups.expert;
  const gradientPasses = (o.lossScaling ? 2 : 0) + (o.gradientClipping ? 3 : 0);
  const bytesPerShardParam =
    2 * o.masterWeightBytes + (1 + gradientPasses) * o.gradientBytes + 4 * o.momentBytes + w.precision.weightBytes;
  const zeroGradients = (held.nonExpert + held.expert) * o.gradientBytes;
  return (shard * bytesPerShardParam + zeroGradients) / hbmBytesPerS;
}
