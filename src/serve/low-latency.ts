/**
 * Decode's all-to-all on DeepEP's low-latency kernels: every (token, expert) pair is one RDMA message of a hidden
 * vector (no per-node deduplication, no SM held). Time of one transfer of `bytes` = fixed latency + bytes / bandwidth.
 *
 * The fixed latency is the kernel's launch/poll figure plus the cluster's link latency (the same terms the training
 * model charges per all-to-all). The bandwidth per EP width and op comes from the kernel profile's measured times at
 * its reference batch: bandwidth = reference bytes / (measured time - fixed latency), interpolated in log2(ep) between
 * measured widths (clamped outside them), and scaled by the cluster's NIC line rate per GPU over the reference one.
 */
import { UserError } from '../errors.js';
import type { Cluster, Kernel } from '../profiles/schemas.js';

export type LowLatencyOp = 'dispatch' | 'combine';
type LowLatencyProfile = NonNullable<Kernel['lowLatency']>;

export interface LowLatencyRates {
  readonly latencyS: number;
  /** Bytes/s of one op at an EP width on this cluster. */
  bandwidth(op: LowLatencyOp, ep: number): number;
  /** Which tier bounds it: always the NIC (pure RDMA). */
  readonly limit: 'scale-out';
}

/** Bytes one GPU sends in one op: tokens x topK messages of hidden x bytes per value. */
export function lowLatencyBytes(tokens: number, topK: number, hidden: number, bytesPerValue: number): number {
  return tokens * topK * hidden * bytesPerValue;
}

export function lowLatencyRates(kernel: Kernel, cluster: Cluster): LowLatencyRates {
  const ll: LowLatencyProfile | undefined = kernel.lowLatency;
  if (!ll)
    throw new UserError(
      `kernel ${kernel.id}: has no lowLatency table, so it cannot run decode's all-to-all (use deepep-ll)`,
    );
  const latencyS = (kernel.launchLatencyUs + cluster.scaleOut.latencyUs) * 1e-6;
  const nicScale =
    ((cluster.scaleOut.nicGbps / 8) * cluster.scaleOut.nicsPerNode) / cluster.gpusPerNode / ll.nicGBpsPerGpu;
  const points = [...ll.points].sort((a, b) => a.ep - b.ep);
  const refBytes = (op: LowLatencyOp) =>
    lowLatencyBytes(
      ll.tokensPerGpu,
      ll.topK,
      ll.hiddenSize,
      op === 'dispatch' ? ll.dispatchBytesPerValue : ll.combineBytesPerValue,
    );
  const measured = points.map((p) => ({
    logEp: Math.log2(p.ep),
    dispatch: refBytes('dispatch') / (p.dispatchUs * 1e-6 - latencyS),
    combine: refBytes('combine') / (p.combineUs * 1e-6 - latencyS),
  }));
  for (const [i, m] of measured.entries()) {
    if (!(m.dispatch > 0 && m.combine > 0)) {
      throw new UserError(
        `kernel ${kernel.id}: lowLatency.points[${i}] is faster than the fixed latency (${(latencyS * 1e6).toFixed(1)} us = launchLatencyUs + the cluster's scaleOut.latencyUs)`,
      );
    }
  }
  return {
    latencyS,
    limit: 'scale-out',
    bandwidth(op, ep) {
      const x = Math.log2(Math.max(1, ep));
      const first = measured[0]!,
        last = measured[measured.length - 1]!;
      let bw: number;
      if (x <= first.logEp) bw = first[op];
      else if (x >= last.logEp) bw = last[op];
      else {
        const j = measured.findIndex((m) => m.logEp >= x);
        const lo = measured[j - 1]!,
          hi = measured[j]!;
        const t = (x - lo.logEp) / (hi.logEp - lo.logEp);
        bw = lo[op] + t * (hi[op] - lo[op]);
      }
      return bw * nicScale;
    },
  };
}

/** Seconds of one low-latency transfer of `bytes` at an EP width. */
export function lowLatencyTime(rates: LowLatencyRates, op: LowLatencyOp, ep: number, bytes: number): number {
  return bytes === 0 ? 0 : rates.latencyS + bytes / rates.bandwidth(op, ep);
}
