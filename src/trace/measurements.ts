/**
 * A trace turned into the measurements calibrate fits: GEMM rates where the profile recorded shapes, and all-to-all
 * rates of the DeepEP / NCCL kernels. A trace records times, not bytes, so an all-to-all's bytes come from the
 * workload (hidden size, bytes per value), the run's config (EP width, node limit, micro-batch) and the cost model's
 * own routing expectation, the same definition the calibration's predictor divides by.
 */
import type { AlltoallMeasurement, GemmMeasurement, Measurement, MeasurementFile } from '../contract/measurements.js';
import { expectedRouting, type Routing } from '../model/routing.js';
import type { Chip, Cluster, Workload } from '../profiles/schemas.js';
import type { AllToAllGroup, TraceSummary } from './summary.js';

/** What the trace cannot tell: the run's shape. */
export interface RunShape {
  workload: Workload;
  cluster: Cluster;
  /** Expert-parallel width (--config). */
  ep: number;
  /** Most nodes a token may reach; from --config, else the workload's default. */
  nodeLimit: number | undefined;
  /** Tokens one GPU sends per all-to-all: micro-batch sequences x sequence length. */
  tokensPerGpu: number;
}

export interface AllToAllRate {
  group: AllToAllGroup;
  op: 'dispatch' | 'combine';
  kernel: string;
  ep: number;
  nodes: number;
  routing: Routing;
  /** Bytes/s per GPU as DeepEP reports them: one copy per destination node, the own node included (RDMA tier), or
   *  per destination GPU within one node (NVLink tier). The fit compares this figure. */
  gbps: number;
  tier: 'ib' | 'nvlink';
  /** Bytes that really crossed InfiniBand (remote nodes only), per second; 0 inside one node. */
  remoteIbGbps: number;
}

/** Kernel profile of each communication library (models/kernels/<id>.json). */
const KERNEL_PROFILE: Record<AllToAllGroup['library'], string> = { deepep: 'deepep-v1', nccl: 'nccl' };

/** The group's operation: the kernel's own, else (NCCL send/receive) the range's part when it names one. */
function opOf(group: AllToAllGroup): 'dispatch' | 'combine' | undefined {
  if (group.op === 'dispatch' || group.op === 'combine') return group.op;
  const part = /^(dispatch|combine)\(/.exec(group.annotation ?? '')?.[1];
  return part as 'dispatch' | 'combine' | undefined;
}

export function allToAllRates(summary: TraceSummary, run: RunShape): AllToAllRate[] {
  const moe = run.workload.moe;
  if (!moe) return [];
  const gpusPerNode = Math.min(run.ep, run.cluster.gpusPerNode);
  const nodes = run.ep / gpusPerNode;
  const routing = expectedRouting({
    routedExperts: moe.routedExperts,
    topK: moe.activeExperts,
    ep: run.ep,
    gpusPerNode,
    nodeLimit: run.nodeLimit,
  });
  return summary.allToAll.flatMap((group): AllToAllRate[] => {
    const op = opOf(group);
    if (op === undefined || group.meanMs <= 0) return [];
    const bytesPerValue =
      op === 'dispatch' ? run.workload.precision.dispatchBytesPerValue : run.workload.precision.combineBytesPerValue;
    const tokenBytes = run.tokensPerGpu * run.workload.hiddenSize * bytesPerValue;
    const seconds = group.meanMs / 1000;
    const tier = nodes > 1 ? 'ib' : 'nvlink';
    const reported = tier === 'ib' ? tokenBytes * routing.nodesPerToken : tokenBytes * routing.gpusPerToken;
    return [
      {
        group,
        op,
        kernel: KERNEL_PROFILE[group.library],
        ep: run.ep,
        nodes,
        routing,
        gbps: reported / seconds / 1e9,
        tier,
        remoteIbGbps: (tokenBytes * routing.remoteNodesPerToken) / seconds / 1e9,
      },
    ];
  });
}

const round = (x: number, digits: number) => Number(x.toFixed(digits));

function alltoallRow(rate: AllToAllRate, file: string, run: RunShape): AlltoallMeasurement {
  const g = rate.group;
  return {
    kind: 'alltoall',
    op: rate.op,
    ep: rate.ep,
    nodes: rate.nodes,
    sms: g.ctas ?? 0,
    kernel: rate.kernel,
    gbps: round(rate.gbps, 2),
    tier: rate.tier,
    inTraining: true,
    source:
      `${file}: ${g.count} ${g.op} kernel(s)${g.annotation ? ` in ${g.annotation}` : ''}, mean ${round(g.meanMs, 4)} ms on ${g.ctas ?? '?'} CTAs, ` +
      `in training (overlapped with GEMMs); bytes from workload ${run.workload.id}: ${run.tokensPerGpu} tokens x ${run.workload.hiddenSize} x ` +
      `${rate.op === 'dispatch' ? run.workload.precision.dispatchBytesPerValue : run.workload.precision.combineBytesPerValue} B x ` +
      `${round(rate.tier === 'ib' ? rate.routing.nodesPerToken : rate.routing.gpusPerToken, 4)} ${rate.tier === 'ib' ? 'nodes' : 'GPUs'} per token (model routing, EP ${rate.ep}, node limit ${run.nodeLimit ?? 'none'})`,
  };
}

function gemmRows(summary: TraceSummary, chip: Chip): GemmMeasurement[] {
  // The SM split the run used caps every GEMM (DeepGEMM's persistent kernels launch one CTA per allowed SM).
  const sms = summary.gemmCtas === null ? undefined : Math.min(summary.gemmCtas, chip.sms);
  return summary.gemmRates.flatMap((r): GemmMeasurement[] => {
    if (r.dtype !== 'fp8' && r.dtype !== 'bf16') return [];
    const m = Math.max(1, Math.round(r.shape.m));
    return [
      {
        kind: 'gemm',
        m,
        n: r.shape.n,
        k: r.shape.k,
        ...(r.shape.groups > 1 ? { groups: r.shape.groups } : {}),
        dtype: r.dtype,
        ...(sms === undefined ? {} : { sms }),
        tflops: round(r.tflops, 1),
        source: `${summary.file}: ${r.count} kernel(s) ${r.name.slice(0, 80)}${r.phase ? ` (${r.phase})` : ''}, mean ${round(r.meanMs, 4)} ms, shape from the launching operator's Input Dims`,
      },
    ];
  });
}

/** The measurement rows a trace supports; empty when it has neither shaped GEMMs nor all-to-all kernels. */
export function traceMeasurementRows(summary: TraceSummary, chip: Chip, run: RunShape | undefined): Measurement[] {
  const alltoall = run ? allToAllRates(summary, run).map((r) => alltoallRow(r, summary.file, run)) : [];
  return [...gemmRows(summary, chip), ...alltoall];
}

export function traceMeasurementFile(summary: TraceSummary, chip: Chip, run: RunShape | undefined): MeasurementFile {
  return {
    chip: chip.id,
    description: `measurements read from the profiler trace ${summary.file}`,
    sources: [summary.file],
    measurements: traceMeasurementRows(summary, chip, run),
  };
}
