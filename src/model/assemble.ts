/**
 * Turns the pieces of one evaluation into the contract's Metrics: step time, throughput, MFU, the breakdown of the
 * critical rank's time, memory, the bottleneck and the details object.
 *
 * Breakdown (sums to stepTimeS): each op the critical rank runs is split into compute and the communication it
 * leaves exposed (serial ops expose all of theirs; an FB pair exposes what its compute stream waits for); the
 * rank's idle time is the bubble; the step boundary adds the exposed ZeRO-1 collectives and the optimizer.
 */

import type { Config, Recompute } from '../contract/config.js';
import type { Bottleneck, Breakdown, MemoryBreakdown, Metrics, ModelDetails, TimeShares } from '../contract/metrics.js';
import { OP_INDEX, OP_KINDS, type Schedule } from '../schedule/index.js';
import type { ChunkTiming, RankTiming } from './chunk.js';
import type { StepBoundary } from './collectives.js';
import type { ModelContext } from './context.js';
import type { ItemCost } from './item-cost.js';
import { infeasibleReason } from './memory.js';
import { ITEM_INDEX } from './params.js';
import type { Partition } from './partition.js';

export interface AssembleInput {
  ctx: ModelContext;
  config: Config;
  recompute: Recompute;
  schedule: Schedule;
  partition: Partition;
  timing: ChunkTiming;
  /** The critical rank's mean chunk and pair. */
  critical: RankTiming;
  p2p: number;
  simulatedS: number;
  criticalRank: number;
  idleCritical: number;
  /** Of the fullest rank, and its peak chunks in flight. */
  memory: MemoryBreakdown;
  peakChunks: number;
  /** Of the rank with the longest step-boundary tail. */
  boundary: StepBoundary;
  dp: number;
  edp: number;
  tokensPerMicroBatch: number;
}

const SHARE_BOTTLENECK: { readonly [K in keyof TimeShares]: Bottleneck } = {
  computeS: 'compute',
  memoryBoundS: 'memory-bandwidth',
  scaleOutS: 'scale-out',
  scaleUpS: 'scale-up',
  commSmsS: 'comm-sms',
  bubbleS: 'pipeline-bubble',
  dataParallelS: 'data-parallel',
  optimizerS: 'optimizer',
};

/**
 * The parts of an answer that are the same for every evaluation of one config (op counts, layers per chunk, routing
 * and all-to-all volumes, what bounds the all-to-all, why it does not fit), computed once with the config's other
 * memoised pieces. Shared between the answers: frozen.
 */
export interface AnswerStatics extends OpCounts, CellStatics {
  readonly serialLimit: ItemCost['allToAllLimit'];
  readonly pairLimit: ItemCost['allToAllLimit'];
  readonly allToAllBytes: ModelDetails['allToAllBytes'];
}

/** The critical rank's ops of each kind. */
export interface OpCounts {
  readonly nF: number;
  readonly nB: number;
  readonly nW: number;
  readonly nFB: number;
  readonly opCounts: Readonly<Record<string, number>>;
}

/** What does not depend on the SM split: the same for every commSMs of a config (memoised per cell by the evaluator). */
export interface CellStatics {
  readonly layersPerChunk: readonly number[];
  readonly routing: ModelDetails['routing'];
  /** Undefined where the config fits. */
  readonly infeasibleReason: string | undefined;
}

export function opCounts(s: Schedule, criticalRank: number): OpCounts {
  const count = (kind: (typeof OP_KINDS)[number]) => s.opCounts[criticalRank * OP_KINDS.length + OP_INDEX[kind]]!;
  return Object.freeze({
    nF: count('F'),
    nB: count('B') + count('BW'),
    nW: count('W') + count('BW'),
    nFB: count('FB'),
    opCounts: Object.freeze(Object.fromEntries(OP_KINDS.map((k) => [k, count(k)]))),
  });
}

/** The cell's statics: `a` is any config of the cell (its SM split and timing are not read). */
export function cellStatics(
  a: Omit<AssembleInput, 'timing' | 'critical' | 'simulatedS' | 'criticalRank' | 'idleCritical'>,
): CellStatics {
  const { ctx, config: c, memory } = a;
  const entry = ctx.routing(c.ep, c.nodeLimit);
  return Object.freeze({
    layersPerChunk: Object.freeze(a.partition.stages.map((st) => st.layers)),
    routing:
      entry &&
      Object.freeze({
        ...entry.routing,
        publishedExpertsPerNodeVisited: ctx.input.workload.moe?.expertsPerNodeVisited,
      }),
    infeasibleReason:
      memory.totalGiB <= memory.capacityGiB
        ? undefined
        : infeasibleReason(memory, {
            peakChunks: a.peakChunks,
            microBatchSize: c.microBatchSize,
            recompute: a.recompute,
            moe: ctx.input.workload.moe !== undefined,
          }),
  });
}

/** Bytes of one dispatch and one combine per GPU, and what bounds the all-to-all (`limit`); undefined without one. */
export function allToAllBytes(
  ctx: ModelContext,
  c: Config,
  limit: ItemCost['allToAllLimit'],
): ModelDetails['allToAllBytes'] {
  const entry = ctx.routing(c.ep, c.nodeLimit);
  if (!entry) return undefined;
  const dispatchTokens = ctx.shapes(c.microBatchSize, c.tp, c.ep)[ITEM_INDEX.moe]?.dispatchTokens ?? 0;
  const volume = (v: { scaleOutBytes: number; scaleUpBytes: number; logicalBytes: number }) =>
    Object.freeze({
      scaleOut: v.scaleOutBytes * dispatchTokens,
      scaleUp: v.scaleUpBytes * dispatchTokens,
      logical: v.logicalBytes * dispatchTokens,
    });
  return Object.freeze({
    dispatch: volume(entry.volumes.dispatch),
    combine: volume(entry.volumes.combine),
    limit: limit ?? 'scale-out',
  });
}

/** What bounds the forward dispatch of the first item that has one. */
export function limitOf(costs: readonly ItemCost[] | undefined): ItemCost['allToAllLimit'] {
  return costs?.find((c) => c.allToAllLimit !== undefined)?.allToAllLimit;
}

export function answerStatics(a: AssembleInput): AnswerStatics {
  const serialLimit = limitOf(a.timing.serialCosts),
    pairLimit = limitOf(a.timing.pairCosts);
  return Object.freeze({
    ...opCounts(a.schedule, a.criticalRank),
    ...cellStatics(a),
    serialLimit,
    pairLimit,
    allToAllBytes: allToAllBytes(a.ctx, a.config, a.timing.pairCosts ? pairLimit : serialLimit),
  });
}

export function assemble(a: AssembleInput, statics: AnswerStatics = answerStatics(a)): Metrics {
  const { ctx, config: c, schedule: s, boundary, memory } = a;
  // The critical rank's own durations: its op counts times them, plus its idle time, make the step.
  const { chunk, pair } = a.critical;
  const FB = a.timing.durations[a.criticalRank]!.FB;
  const { workload: w, chip, gpus } = ctx.input;
  const { nF, nB, nW, nFB } = statics;

  const stepTimeS = a.simulatedS + boundary.exposedS + boundary.optimizerS;

  const pairExposed = pair ? Math.max(0, FB - pair.computeBusy) : 0;
  const breakdown: Breakdown = {
    forwardS: nF * (chunk.F - chunk.commF),
    backwardInputS: nB * (chunk.B - chunk.commB),
    backwardWeightS: nW * chunk.W,
    overlappedS: nFB * (pair?.computeBusy ?? 0),
    bubbleS: a.idleCritical,
    optimizerS: boundary.optimizerS,
    exposedCommS: nF * chunk.commF + nB * chunk.commB + nFB * pairExposed + boundary.exposedS,
  };

  // Attribute the time: exposed all-to-all to what bounds it, TP collectives to scale-up.
  const memoryBoundS =
    nF * chunk.memF + nB * chunk.memB + nW * chunk.memW + nFB * (chunk.memF + chunk.memB + chunk.memW);
  const tpS = nF * chunk.tpF + nB * chunk.tpB;
  const shares: TimeShares = {
    computeS: Math.max(
      0,
      breakdown.forwardS + breakdown.backwardInputS + breakdown.backwardWeightS + breakdown.overlappedS - memoryBoundS,
    ),
    memoryBoundS,
    scaleOutS: 0,
    scaleUpS: tpS,
    commSmsS: 0,
    bubbleS: a.idleCritical,
    dataParallelS: boundary.exposedS,
    optimizerS: boundary.optimizerS,
  };
  const attribute = (seconds: number, limit: ItemCost['allToAllLimit']) => {
    if (seconds <= 0 || limit === undefined) return;
    if (limit === 'scale-out') shares.scaleOutS += seconds;
    else if (limit === 'scale-up') shares.scaleUpS += seconds;
    else shares.commSmsS += seconds;
  };
  attribute(nF * chunk.commF + nB * chunk.commB - tpS, statics.serialLimit);
  attribute(nFB * pairExposed, statics.pairLimit);
  let largest: keyof TimeShares = 'computeS';
  for (const k in shares) if (shares[k as keyof TimeShares] > shares[largest]) largest = k as keyof TimeShares;

  const feasible = memory.totalGiB <= memory.capacityGiB;
  const tokensPerStep = w.globalBatchSequences * w.seqLength;
  const modelFlops = ctx.flops.total * tokensPerStep;
  const mfu = modelFlops / (chip.bf16DenseTFLOPS * 1e12 * stepTimeS * gpus);

  const details: ModelDetails = {
    dp: a.dp,
    edp: a.edp,
    microBatches: s.microBatches,
    tokensPerMicroBatch: a.tokensPerMicroBatch,
    tokensPerStep,
    chunks: s.chunksPerMicroBatch,
    chunksPerRank: s.chunksPerRank,
    layersPerChunk: statics.layersPerChunk as number[],
    criticalChunk: a.timing.criticalChunk,
    computeSMsOverlapped: chip.sms - c.commSMs,
    commSMs: c.commSMs,
    gemmFormat: ctx.gemmFormat,
    itemTimesS: a.timing.itemTimes,
    chunkS: {
      F: chunk.F,
      B: chunk.B,
      W: chunk.W,
      FB,
      p2p: a.p2p,
      commInF: chunk.commF,
      commInB: chunk.commB,
      ranks: a.timing.durations,
    },
    dataParallel: {
      reduceScatterS: boundary.reduceScatterS,
      allGatherS: boundary.allGatherS,
      exposedS: boundary.exposedS,
    },
    optimizerS: boundary.optimizerS,
    pipeline: {
      simulatedS: a.simulatedS,
      criticalRank: a.criticalRank,
      peakActivationChunks: a.peakChunks,
      opCounts: statics.opCounts as Record<string, number>,
    },
    flops: {
      modelPerToken: ctx.flops.total,
      matmulPerToken: ctx.flops.matmul,
      attentionPerToken: ctx.flops.attention,
      achievedTflopsPerGpu: modelFlops / (stepTimeS * gpus) / 1e12,
    },
    timeShares: shares,
  };
  if (ctx.gemmEfficiencyGuess) details.gemmEfficiencyGuess = ctx.gemmEfficiencyGuess;
  if (statics.routing) details.routing = statics.routing;
  if (statics.allToAllBytes) details.allToAllBytes = statics.allToAllBytes;
  if (a.timing.itemTimesOverlapped) details.itemTimesOverlappedS = a.timing.itemTimesOverlapped;
  if (pair) {
    details.overlap = {
      pairS: FB,
      computeS: pair.computeBusy,
      commS: pair.commBusy,
      hiddenCommS: Math.max(0, pair.commBusy - pairExposed),
      exposedCommS: pairExposed,
    };
  }

  const metrics: Metrics = {
    feasible,
    stepTimeS,
    tokensPerSecPerGpu: tokensPerStep / (stepTimeS * gpus),
    mfu,
    bubbleFraction: a.idleCritical / stepTimeS,
    memoryGiB: memory.totalGiB,
    memory,
    breakdown,
    bottleneck: feasible ? SHARE_BOTTLENECK[largest] : 'memory-capacity',
    details,
  };
  if (ctx.gemmFormat === 'fp8' && chip.fp8DenseTFLOPS !== undefined)
    metrics.mfuFp8 = modelFlops / (chip.fp8DenseTFLOPS * 1e12 * stepTimeS * gpus);
  if (!feasible) metrics.infeasibleReason = statics.infeasibleReason;
  return metrics;
}
