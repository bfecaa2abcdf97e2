/**
 * Everything a model computes once from its profiles, independent of the config: rates, model FLOPs, and the
 * bounded memos (item shapes per (micro-batch, tp, ep), routing per (ep, node limit), item costs per (shape, SM
 * split, recompute)); and the model's cut into chunks.
 */

import { BoundedCache } from '../bounded-cache.js';
import type { Recompute } from '../contract/config.js';
import { UserError } from '../errors.js';
import type { Chip, Cluster, Kernel, Workload } from '../profiles/schemas.js';
import { type AllToAllRates, type AllToAllVolume, allToAllVolume } from './alltoall.js';
import { gradientNormAllReduceS, type LinkRates, linkRates, p2pTime } from './collectives.js';
import { type FlopsPerToken, modelFlopsPerToken } from './flops.js';
import { BF16_BYTES } from './gemm.js';
import { type CostRates, computeCost, type ItemCost, itemCost, type PathVolumes, withAllToAll } from './item-cost.js';
import { type Holding, type ItemWeights, type Partition, partitionModel } from './partition.js';
import { expectedRouting, type Routing } from './routing.js';
import { type Format, type ItemShape, itemShapes } from './shapes.js';

export interface ModelInput {
  readonly workload: Workload;
  readonly chip: Chip;
  readonly cluster: Cluster;
  readonly kernel: Kernel;
  /** GPUs in the job. */
  readonly gpus: number;
}

export interface RoutingEntry {
  readonly routing: Routing;
  readonly volumes: PathVolumes;
}

export interface ModelContext {
  readonly input: ModelInput;
  readonly gemmFormat: Format;
  readonly flops: FlopsPerToken;
  readonly links: LinkRates;
  readonly hbmEffectiveBytesPerS: number;
  /** The chip's efficiency source for the GEMM format in use, when it says GUESS (for the metrics' details). */
  readonly gemmEfficiencyGuess: string | undefined;
  /** The global gradient-norm all-reduce at the step boundary (collectives.ts). */
  readonly gradientNormS: number;
  /** Seconds of one pipeline hop carrying the BF16 activations of `tokens` tokens. */
  p2p(tokens: number): number;
  /**
   * The model cut into `chunks` chunks, balanced over the ranks that hold them (from the schedule). Item weights:
   * their modelled time for one sequence on every SM (F + B + W); with `overlapped` false the all-to-all at the
   * links' pace is added (it is exposed in serial schedules), with true it hides and only compute counts.
   */
  partition(
    chunks: number,
    holding: Holding,
    ep: number,
    nodeLimit: number | undefined,
    overlapped: boolean,
  ): Partition;
  /** `sequenceParallel` (default true) matters only with tp > 1. */
  shapes(microBatchSize: number, tp: number, ep: number, sequenceParallel?: boolean): ItemShape[];
  routing(ep: number, nodeLimit: number | undefined): RoutingEntry | undefined;
  /** Item costs (indexed by ITEM_INDEX) with `computeSMs` on compute and `commSMs` on the all-to-all. */
  costs(
    microBatchSize: number,
    tp: number,
    ep: number,
    nodeLimit: number | undefined,
    recompute: Recompute,
    computeSMs: number,
    commSMs: number,
    overlapped: boolean,
    sequenceParallel?: boolean,
  ): ItemCost[];
}

/** Memo sizes: a study explores a few hundred distinct (shape, SM split) combinations at most. */
const SHAPE_CACHE = 256;
const COST_CACHE = 4096;
const ROUTING_CACHE = 256;

/** Tensor peak of one SM in FLOP/s at the sustained clock: nameplate TFLOPS x sustained / boost clock / SMs. */
export function sustainedPeakFlopsPerSm(chip: Chip, denseTFLOPS: number): number {
  return (denseTFLOPS * 1e12 * (chip.sustainedClockGHz / chip.clockGHz)) / chip.sms;
}

/**
 * Peer waits per all-to-all, as a fraction of its transfer: the profile's figure measured at a reference EP width and
 * load skew, scaled by the skew (loadImbalance - 1) and by sqrt(ln ep), which grows like the expected maximum of
 * ep peers' arrival skews.
 */
export function peerWaitFraction(kernel: Kernel, loadImbalance: number, ep: number): number {
  const ref = kernel.peerWaitReference;
  if (ep < 2 || loadImbalance <= 1) return 0;
  return (
    kernel.peerWaitFraction *
    ((loadImbalance - 1) / (ref.loadImbalance - 1)) *
    Math.sqrt(Math.log(ep) / Math.log(ref.ep))
  );
}

export function costRates(input: ModelInput, crossesNodes: boolean): CostRates {
  const { chip, cluster, kernel, workload } = input;
  const e = chip.efficiency;
  const links = linkRates(cluster, input.gpus, chip.nvlink.achievableGBpsPerDirection);
  // The 16-bit path runs at the FP16 rate for an FP16 workload (the BF16 rate when the chip lists no FP16 figure).
  const sixteenBitTFLOPS =
    workload.precision.gemm === 'fp16' ? (chip.fp16DenseTFLOPS ?? chip.bf16DenseTFLOPS) : chip.bf16DenseTFLOPS;
  const bf16 = {
    peakFlopsPerSm: sustainedPeakFlopsPerSm(chip, sixteenBitTFLOPS),
    peakFraction: e.gemmBf16PeakFraction,
    tileOverheadK: e.gemmTileOverheadK,
    hbmBytesPerS: chip.hbmTBps * 1e12,
    hbmFraction: e.hbmFraction,
  };
  const fp8 =
    chip.fp8DenseTFLOPS === undefined
      ? bf16
      : {
          ...bf16,
          peakFlopsPerSm: sustainedPeakFlopsPerSm(chip, chip.fp8DenseTFLOPS),
          peakFraction: e.gemmFp8PeakFraction ?? e.gemmBf16PeakFraction,
        };
  const latencyS = kernel.launchLatencyUs * 1e-6 + (crossesNodes ? links.scaleOutLatencyS : links.scaleUpLatencyS);
  const path = (perSmGBps: number): AllToAllRates<number> => ({
    scaleOutBytesPerS: links.scaleOutBytesPerS,
    scaleUpBytesPerS: links.scaleUpBytesPerS,
    linkFraction: kernel.linkFraction,
    perSmBytesPerS: perSmGBps * 1e9,
    saturationExponent: kernel.saturationExponent,
    latencyS,
  });
  const loadImbalance = workload.moe?.loadImbalance ?? 1;
  return {
    sms: chip.sms,
    tileM: e.gemmTileM,
    tileN: e.gemmTileN,
    gemm: { fp8, bf16 },
    attentionPeakFlopsPerSm: bf16.peakFlopsPerSm,
    attentionForwardFraction: e.attentionForwardPeakFraction,
    attentionBackwardFraction: e.attentionBackwardPeakFraction,
    nonGemmBytesPerS: chip.hbmTBps * 1e12 * e.nonGemmHbmFraction,
    nonGemmRelativeRate: workload.kernels?.nonGemmRelativeRate ?? {},
    launchGapS: e.launchGapUs * 1e-6,
    wgradRelativeRate: workload.kernels?.wgradRelativeRate ?? 1,
    gemmUnderCommFraction: kernel.smsPerChannel > 0 ? e.gemmUnderCommFraction : 1,
    dispatchPath: path(kernel.dispatchPerSmGBps),
    combinePath: path(kernel.combinePerSmGBps),
    dispatchUnderCompute: kernel.underCompute.dispatchLinkFraction,
    combineUnderCompute: kernel.underCompute.combineLinkFraction,
    peerWaitFraction: (ep) => peerWaitFraction(kernel, loadImbalance, ep),
    loadImbalance,
    scaleUpBytesPerS: links.scaleUpBytesPerS,
    scaleUpLatencyS: links.scaleUpLatencyS,
  };
}

const NONE: AllToAllVolume = { scaleOutBytes: 0, scaleUpBytes: 0, logicalBytes: 0 };
const NO_ALL_TO_ALL: PathVolumes = { dispatch: NONE, combine: NONE, dispatchGrad: NONE, combineGrad: NONE };

function volumesFor(w: Workload, r: Routing): PathVolumes {
  const h = w.hiddenSize;
  const per = (bytesPerValue: number): AllToAllVolume => allToAllVolume(r, h * bytesPerValue);
  const { dispatchBytesPerValue: d, combineBytesPerValue: c } = w.precision;
  return { dispatch: per(d), combine: per(c), combineGrad: per(d), dispatchGrad: per(c) };
}

export function createContext(input: ModelInput, costCacheSize = COST_CACHE): ModelContext {
  const { workload: w, chip, cluster } = input;
  if (!Number.isInteger(input.gpus) || input.gpus < 1) throw new UserError(`gpus = ${input.gpus}: a whole number >= 1`);
  for (const [family, rate] of Object.entries(w.kernels?.nonGemmRelativeRate ?? {})) {
    if (rate * chip.efficiency.nonGemmHbmFraction > 1) {
      throw new UserError(
        `workload ${w.id}: kernels.nonGemmRelativeRate.${family} = ${rate} on ${chip.id} (nonGemmHbmFraction ${chip.efficiency.nonGemmHbmFraction}) would beat the HBM bandwidth: at most ${(1 / chip.efficiency.nonGemmHbmFraction).toFixed(3)} there`,
      );
    }
  }
  const gemmFormat: Format = w.precision.gemm === 'fp8' && chip.fp8DenseTFLOPS !== undefined ? 'fp8' : 'bf16';
  const rates = { intra: costRates(input, false), inter: costRates(input, true) };
  const efficiencyField = gemmFormat === 'fp8' ? 'efficiency.gemmFp8PeakFraction' : 'efficiency.gemmBf16PeakFraction';
  const efficiencySource = chip.sources[efficiencyField];
  const links = linkRates(cluster, input.gpus, chip.nvlink.achievableGBpsPerDirection);
  const shapes = new BoundedCache<string, ItemShape[]>(SHAPE_CACHE);
  const routings = new BoundedCache<string, RoutingEntry | undefined>(ROUTING_CACHE);
  const costs = new BoundedCache<string, ItemCost[]>(costCacheSize);
  /** Serial costs' compute side per shape and recompute (computeCost): shared by every SM split. */
  const bases = new BoundedCache<string, ItemCost[]>(Math.min(costCacheSize, SHAPE_CACHE));
  const ctx: ModelContext = {
    input,
    gemmFormat,
    flops: modelFlopsPerToken(w),
    links,
    hbmEffectiveBytesPerS: chip.hbmTBps * 1e12 * chip.efficiency.hbmFraction,
    gemmEfficiencyGuess: efficiencySource?.includes('GUESS')
      ? `${chip.id} ${efficiencyField}: ${efficiencySource}`
      : undefined,
    gradientNormS: gradientNormAllReduceS(links),
    p2p: (tokens) => p2pTime(ctx.links, BF16_BYTES * w.hiddenSize * tokens),
    partition: (chunks, holding, ep, nodeLimit, overlapped) => {
      const costs = ctx.costs(1, 1, ep, nodeLimit, 'selective', chip.sms, 0, false); // commSMs 0: the links' pace
      const shapes = ctx.shapes(1, 1, ep);
      const compute = costs.map((c) => c.attnF + c.attnB + c.attnW + c.mlpF + c.mlpB + c.mlpW);
      const comm = costs.map((c) => (overlapped ? 0 : c.dispatchF + c.combineF + c.dispatchB + c.combineB));
      const weights: ItemWeights = {
        compute: compute.map((x, i) => x + comm[i]!),
        activations: shapes.map((s) => s.activationBytes.selective),
      };
      return partitionModel(w, chunks, weights, holding);
    },
    shapes: (microBatchSize, tp, ep, sequenceParallel = true) =>
      shapes.getOrCreate(`${microBatchSize}|${tp}|${ep}|${sequenceParallel}`, () =>
        itemShapes({
          workload: w,
          microBatchSize,
          tp,
          ep,
          gemmFormat,
          tileM: chip.efficiency.gemmTileM,
          tileN: chip.efficiency.gemmTileN,
          sequenceParallel,
        }),
      ),
    routing: (ep, nodeLimit) =>
      routings.getOrCreate(`${ep}|${nodeLimit}`, () => {
        if (!w.moe || ep <= 1) return undefined;
        const routing = expectedRouting({
          routedExperts: w.moe.routedExperts,
          topK: w.moe.activeExperts,
          ep,
          gpusPerNode: cluster.gpusPerNode,
          nodeLimit,
        });
        return { routing, volumes: volumesFor(w, routing) };
      }),
    costs: (microBatchSize, tp, ep, nodeLimit, recompute, computeSMs, commSMs, overlapped, sequenceParallel = true) =>
      costs.getOrCreate(
        `${microBatchSize}|${tp}|${ep}|${nodeLimit}|${recompute}|${computeSMs}|${commSMs}|${overlapped}|${sequenceParallel}`,
        () => {
          const entry = ctx.routing(ep, nodeLimit);
          const r = ep > cluster.gpusPerNode ? rates.inter : rates.intra;
          const volumes = entry?.volumes ?? NO_ALL_TO_ALL; // dense items and ep = 1 dispatch nothing
          const shapes = ctx.shapes(microBatchSize, tp, ep, sequenceParallel);
          if (overlapped) {
            return shapes.map((shape) => itemCost(shape, r, volumes, computeSMs, commSMs, recompute, overlapped, ep));
          }
          // Serial: the compute side runs on every SM whatever commSMs is, so it is computed once for all SM splits.
          const base = bases.getOrCreate(
            `${microBatchSize}|${tp}|${ep}|${recompute}|${computeSMs}|${sequenceParallel}`,
            () => shapes.map((shape) => computeCost(shape, r, computeSMs, recompute, false)),
          );
          return shapes.map((shape, i) => withAllToAll(base[i]!, shape, r, volumes, commSMs, recompute, false, ep));
        },
      ),
  };
  return ctx;
}
