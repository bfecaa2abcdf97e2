import type { AlltoallMeasurement, GemmMeasurement, Measurement } from '../contract/measurements.js';
import { type AllToAllRates, allToAllLimit, allToAllTime, allToAllVolume } from '../model/alltoall.js';
import { type Arith, numberArith } from '../model/arith.js';
import { linkRates } from '../model/collectives.js';
import { sustainedPeakFlopsPerSm } from '../model/context.js';
import { forwardGemmBytes, type GemmRates, gemmTime, memoryTime, tileCount, waves } from '../model/gemm.js';
import { expectedRouting } from '../model/routing.js';
import type { Chip, Cluster, Kernel, Workload } from '../profiles/schemas.js';
import { type ParamOwner, paramKey, readField } from './parameters.js';

/**
 * A thin adaptor from measurements to the cost model's own formulas (src/model/gemm.ts, alltoall.ts): it builds the
 * formula's inputs from the profiles, with every efficiency parameter taken from the fitted values when it is being
 * fitted and from the profile otherwise, and turns the modelled time into the unit the benchmark reported.
 */

/** Predicts a measurement in its own unit (TFLOPS, GB/s, TB/s), generically over the arithmetic. */
export interface MeasurementPredictor {
  /** Why the model cannot predict this row, or undefined when it can. */
  unsupported(m: Measurement): string | undefined;
  predict<T>(ar: Arith<T>, values: Record<string, T>, m: Measurement): T;
  /** What bounds the modelled figure (the model's own verdict): compute or HBM, NVLink, IB or the kernel's SMs. */
  limit(values: Record<string, number>, m: Measurement): string;
}

export interface PredictContext {
  chip: Chip;
  kernel: (id: string) => Kernel;
  cluster: Cluster;
  /** Supplies the all-to-all benchmark's token shape (hidden size, experts, top-k, bytes per value). */
  workload: Workload;
}

/** Tokens per GPU in DeepEP's normal-kernel benchmarks (its tests' default); only the latency share depends on it. */
const ALLTOALL_BENCH_TOKENS = 4096;

export function modelPredictor(ctx: PredictContext): MeasurementPredictor {
  const { chip, cluster, workload } = ctx;
  /** A parameter as the formula needs it: the fitted value if it is free, else the profile's. */
  const param = <T>(ar: Arith<T>, values: Record<string, T>, owner: ParamOwner, path: string): T =>
    values[paramKey(owner, path)] ?? ar.constant(readField(owner.kind === 'chip' ? chip : ctx.kernel(owner.id), path));
  const chipParam = <T>(ar: Arith<T>, values: Record<string, T>, path: string) =>
    param(ar, values, { kind: 'chip' }, path);

  const gemmInputs = <T>(ar: Arith<T>, values: Record<string, T>, m: GemmMeasurement) => {
    const peakTflops = m.dtype === 'fp8' ? chip.fp8DenseTFLOPS! : chip.bf16DenseTFLOPS;
    const rates: GemmRates<T> = {
      peakFlopsPerSm: sustainedPeakFlopsPerSm(chip, peakTflops),
      peakFraction: chipParam(
        ar,
        values,
        m.dtype === 'fp8' ? 'efficiency.gemmFp8PeakFraction' : 'efficiency.gemmBf16PeakFraction',
      ),
      tileOverheadK: chipParam(ar, values, 'efficiency.gemmTileOverheadK'),
      hbmBytesPerS: chip.hbmTBps * 1e12,
      hbmFraction: chipParam(ar, values, 'efficiency.hbmFraction'),
    };
    const groups = m.groups ?? 1;
    const { gemmTileM: tileM, gemmTileN: tileN } = chip.efficiency;
    const waveCount = waves(tileCount(groups, m.m, m.n, tileM, tileN), m.sms ?? chip.sms);
    const bytes = forwardGemmBytes(groups, m.m, m.n, m.k, m.dtype);
    return {
      rates,
      bytes,
      flops: 2 * groups * m.m * m.n * m.k,
      time: gemmTime(ar, rates, waveCount, tileM, tileN, m.k, bytes),
    };
  };

  const alltoallInputs = <T>(ar: Arith<T>, values: Record<string, T>, m: AlltoallMeasurement) => {
    const owner: ParamOwner = { kind: 'kernel', id: m.kernel };
    const moe = workload.moe!;
    const routing = expectedRouting({
      routedExperts: moe.routedExperts,
      topK: moe.activeExperts,
      ep: m.ep,
      gpusPerNode: m.ep / m.nodes,
      nodeLimit: moe.defaultNodeLimit,
    });
    const valueBytes =
      m.op === 'dispatch' ? workload.precision.dispatchBytesPerValue : workload.precision.combineBytesPerValue;
    const tokenBytes = ALLTOALL_BENCH_TOKENS * workload.hiddenSize * valueBytes;
    const volume = allToAllVolume(routing, tokenBytes);
    // The model takes link rates as plain numbers, so an all-to-all row cannot move the chip's NVLink figure (or the
    // cluster's IB one); `link` rows calibrate NVLink.
    const links = linkRates(cluster, m.ep, chip.nvlink.achievableGBpsPerDirection);
    const linkLatencyS = m.nodes > 1 ? links.scaleOutLatencyS : links.scaleUpLatencyS;
    const rates: AllToAllRates<T> = {
      scaleOutBytesPerS: links.scaleOutBytesPerS,
      scaleUpBytesPerS: links.scaleUpBytesPerS,
      linkFraction: param(ar, values, owner, 'linkFraction'),
      perSmBytesPerS: ar.mul(
        param(ar, values, owner, m.op === 'dispatch' ? 'dispatchPerSmGBps' : 'combinePerSmGBps'),
        ar.constant(1e9),
      ),
      saturationExponent: param(ar, values, owner, 'saturationExponent'),
      // As the model composes it: the kernel's launch latency plus the latency of the slowest link it crosses.
      latencyS: ar.add(
        ar.mul(param(ar, values, owner, 'launchLatencyUs'), ar.constant(1e-6)),
        ar.constant(linkLatencyS),
      ),
    };
    // DeepEP's per-tier figures: RDMA counts one copy per destination node (the local one included), NVL every copy.
    const reportedBytes = m.tier === 'ib' ? tokenBytes * routing.nodesPerToken : volume.logicalBytes;
    return { rates, volume, reportedBytes };
  };

  return {
    unsupported(m) {
      switch (m.kind) {
        case 'gemm':
          return m.dtype === 'fp8' && chip.fp8DenseTFLOPS === undefined
            ? `${chip.id} has no FP8 tensor cores`
            : undefined;
        case 'alltoall': {
          const kernel = ctx.kernel(m.kernel);
          if (kernel.smsPerChannel > 0 && m.sms < kernel.minSMs)
            return `${m.kernel} needs at least ${kernel.minSMs} SMs`;
          return workload.moe ? undefined : `workload ${workload.id} has no MoE layers to shape the all-to-all`;
        }
        case 'link':
        case 'hbm':
          return undefined;
      }
    },
    predict(ar, values, m) {
      switch (m.kind) {
        case 'gemm': {
          const { flops, time } = gemmInputs(ar, values, m);
          return ar.div(ar.constant(flops / 1e12), time);
        }
        case 'alltoall': {
          const { rates, volume, reportedBytes } = alltoallInputs(ar, values, m);
          const standalone = ar.div(ar.constant(reportedBytes / 1e9), allToAllTime(ar, rates, volume, m.sms));
          if (!m.inTraining) return standalone;
          // As the model prices an overlapped all-to-all (item-cost.ts): slower while GEMMs co-run, paced by the busiest GPU.
          const kernel = ctx.kernel(m.kernel);
          const underCompute =
            m.op === 'dispatch' ? kernel.underCompute.dispatchLinkFraction : kernel.underCompute.combineLinkFraction;
          return ar.mul(standalone, ar.constant(underCompute / (workload.moe?.loadImbalance ?? 1)));
        }
        case 'hbm':
          return ar.mul(ar.constant(chip.hbmTBps), chipParam(ar, values, 'efficiency.hbmFraction'));
        case 'link':
          return m.tier === 'nvlink'
            ? chipParam(ar, values, 'nvlink.achievableGBpsPerDirection')
            : ar.constant(cluster.scaleOut.achievableGBpsPerNic);
      }
    },
    limit(values, m) {
      switch (m.kind) {
        case 'gemm': {
          const { rates, bytes, time } = gemmInputs(numberArith, values, m);
          return time === memoryTime(numberArith, bytes, rates.hbmBytesPerS, rates.hbmFraction) ? 'HBM' : 'compute';
        }
        case 'alltoall': {
          const { rates, volume } = alltoallInputs(numberArith, values, m);
          return allToAllLimit(rates, volume, m.sms);
        }
        case 'hbm':
          return 'HBM';
        case 'link':
          return m.tier;
      }
    },
  };
}
