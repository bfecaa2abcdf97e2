/**
 * The cost model's entry point: `createModel(profiles)` precomputes what does not depend on the config and returns
 * an Evaluator whose `evaluate(config)` gives the contract's Metrics (DESIGN.md section 4). See docs/cost-model.md.
 *
 * Per evaluation: validate; chunk durations (memoised per schedule and SM split); one schedule simulation (never
 * memoised); per-rank memory and step-boundary terms; assembly. Every memo is bounded.
 */
import type { Config, Recompute } from '../contract/config.js';
import type { Evaluator } from '../contract/evaluator.js';
import { UserError } from '../errors.js';
import { buildSchedule, createScheduleCache, ScheduleParamError, simulate, type Schedule } from '../schedule/index.js';
import { assemble } from './assemble.js';
import { BoundedCache } from '../bounded-cache.js';
import { chunkTiming, type ChunkTiming } from './chunk.js';
import { exposedDataParallel, ringTime } from './collectives.js';
import { BF16_BYTES } from './gemm.js';
import { createContext, type ModelInput } from './context.js';
import { memoryBreakdown } from './memory.js';
import type { Metrics } from '../contract/metrics.js';
import { ITEM_KINDS } from './params.js';
import { modelUnits, type Partition } from './partition.js';
import { layoutOf, peakActivationBytes, type Layout } from './placement.js';
import { GiB, rankStatics, type RankStatics } from './ranks.js';
import { configProblem } from './validate.js';

export type { ModelInput } from './context.js';

/** The cost model as an Evaluator, with the profiles it was built from. */
export interface CostModel extends Evaluator {
  readonly input: ModelInput;
}

export interface ModelOptions {
  /** Entries of the per-config memos (item costs, chunk durations); 0 recomputes them on every call. */
  readonly chunkCacheSize?: number;
}

/** Recompute when the config does not say: DeepSeek-V3's choice (norms, MLA up-projections, SwiGLU output). */
export const DEFAULT_RECOMPUTE: Recompute = 'selective';

const CHUNK_CACHE = 4096;
const SCHEDULE_CACHE = 256;

interface Peaks {
  /** Per rank, peak activation bytes in flight. */
  readonly bytes: Float64Array;
  /** Added once: the item rebuilt at a time under recompute=full. */
  readonly working: number;
}

export function createModel(input: ModelInput, options: ModelOptions = {}): CostModel {
  const chunkCacheSize = options.chunkCacheSize ?? CHUNK_CACHE;
  const ctx = createContext(input, chunkCacheSize);
  const { workload: w, chip, cluster, kernel } = input;
  const units = modelUnits(w).length;
  const layouts = new BoundedCache<Schedule, Layout>(SCHEDULE_CACHE);
  const partitions = new BoundedCache<string, Partition>(SCHEDULE_CACHE);
  const statics = new BoundedCache<string, RankStatics>(SCHEDULE_CACHE);
  const peaks = new BoundedCache<string, Peaks>(SCHEDULE_CACHE);
  const timings = new BoundedCache<string, ChunkTiming>(chunkCacheSize);
  const schedules = createScheduleCache();
  const dpOf = (c: Config) => input.gpus / (c.pp * c.tp);
  const microBatchesOf = (c: Config) => w.globalBatchSequences / (dpOf(c) * c.microBatchSize);

  /** The compiled schedule of a config, or the reason the config is invalid. */
  const resolve = (c: Config): Schedule | string => {
    const problem = configProblem(input, c);
    if (problem) return problem;
    let s: Schedule;
    try {
      s = buildSchedule(c.schedule, { pp: c.pp, microBatches: microBatchesOf(c), vpp: c.vpp }, schedules);
    } catch (err) {
      if (!(err instanceof ScheduleParamError)) throw err;
      if (err.field === 'microBatches') {
        return `config.microBatchSize = ${c.microBatchSize}: gives ${microBatchesOf(c)} micro-batches per step (global batch ${w.globalBatchSequences} / (dp ${dpOf(c)} x ${c.microBatchSize})), but ${c.schedule} needs micro-batches ${err.allowed}`;
      }
      return `config.${err.field} = ${JSON.stringify(err.value)}: ${err.allowed} (schedule ${c.schedule})`;
    }
    if (s.chunksPerMicroBatch > units) {
      return `config.pp = ${c.pp}: ${c.schedule} cuts the model into ${s.chunksPerMicroBatch} chunks, more than its ${units} pieces (layers, head, MTP); use a smaller pp`;
    }
    return s;
  };

  const evaluate = (c: Config): Metrics => {
    const schedule = resolve(c);
    if (typeof schedule === 'string') throw new UserError(schedule);
    const recompute = c.recompute ?? DEFAULT_RECOMPUTE;
    const layout = layouts.getOrCreate(schedule, () => layoutOf(schedule));
    const overlapped = layout.pairs.some((list) => list.length > 0);
    const sKey = `${schedule.kind}|${schedule.pp}|${schedule.microBatches}|${c.vpp}|${c.ep}|${c.nodeLimit}`;
    const partition = partitions.getOrCreate(sKey, () => ctx.partition(schedule.chunksPerMicroBatch, layout, c.ep, c.nodeLimit, overlapped));
    const dp = dpOf(c);
    const copies = (schedule.chunksPerRank * schedule.pp) / schedule.chunksPerMicroBatch;

    const sp = c.sequenceParallel ?? true;
    const costKey = `${c.microBatchSize}|${c.tp}|${c.ep}|${c.nodeLimit}|${recompute}|${sp}`;
    const timing = timings.getOrCreate(`${sKey}|${costKey}|${c.commSMs}`, () => {
      const serial = ctx.costs(c.microBatchSize, c.tp, c.ep, c.nodeLimit, recompute, chip.sms, c.commSMs, false, sp);
      const paired = overlapped ? ctx.costs(c.microBatchSize, c.tp, c.ep, c.nodeLimit, recompute, chip.sms - c.commSMs, c.commSMs, true, sp) : undefined;
      return chunkTiming(partition, ITEM_KINDS, serial, layout.held, layout.pairs, paired);
    });
    const tokensPerMicroBatch = c.microBatchSize * w.seqLength;
    // Each TP rank sends its 1/tp of the activation; without sequence parallelism the activation is replicated, so
    // the receiver all-gathers it over NVLink (Megatron's scatter-gather P2P); with it, the shard is what it needs.
    const gather = sp ? 0 : ringTime(ctx.links, BF16_BYTES * w.hiddenSize * tokensPerMicroBatch, c.tp, 1);
    const p2p = ctx.p2p(tokensPerMicroBatch / c.tp) + gather;
    const busiest = timing.durations[timing.busiestRank]!;
    const sim = simulate(schedule, { ...busiest, p2p, ranks: timing.durations });
    const simulatedS = sim.stepTime, criticalRank = sim.criticalRank, idleCritical = Math.max(0, sim.idle[criticalRank]!); // no -1e-16

    // The fullest rank sets the memory; the rank with the longest step-boundary tail sets the step.
    const st = statics.getOrCreate(`${sKey}|${c.tp}`, () =>
      rankStatics({ workload: w, links: ctx.links, layout, partition, tp: c.tp, ep: c.ep, dp, copies, hbmBytesPerS: ctx.hbmEffectiveBytesPerS }),
    );
    const act = peaks.getOrCreate(`${sKey}|${costKey}`, () => activationPeaks(ctx, layout, partition, c, recompute));
    const buffersGiB = w.moe !== undefined && c.ep > 1 ? kernel.bufferGiB : 0;
    let fullest = 0, fullestGiB = -1, tailRank = 0, tailS = -1;
    for (let r = 0; r < layout.held.length; r++) {
      const gib = st.parametersGiB[r]! + st.gradientsGiB[r]! + st.optimizerGiB[r]! + (act.bytes[r]! + act.working) / GiB;
      if (gib > fullestGiB) (fullestGiB = gib), (fullest = r);
      const own = timing.ranks[r]!.chunk;
      const tail = exposedDataParallel(st.reduceScatterS[r]!, st.allGatherS[r]!, own.B + own.W, own.F) + ctx.gradientNormS + st.optimizerS[r]!;
      if (tail > tailS) (tailS = tail), (tailRank = r);
    }
    const memory = memoryBreakdown(
      {
        parametersGiB: st.parametersGiB[fullest]!, gradientsGiB: st.gradientsGiB[fullest]!, optimizerGiB: st.optimizerGiB[fullest]!,
        activationsGiB: (act.bytes[fullest]! + act.working) / GiB, commBuffersGiB: buffersGiB,
      },
      cluster.memoryReserveGiB,
      chip.hbmGiB,
    );
    const boundary = {
      reduceScatterS: st.reduceScatterS[tailRank]!,
      allGatherS: st.allGatherS[tailRank]!,
      exposedS: tailS - st.optimizerS[tailRank]!,
      optimizerS: st.optimizerS[tailRank]!,
    };
    return assemble({
      ctx, config: c, recompute, schedule, partition, timing, p2p, simulatedS, criticalRank, idleCritical,
      memory, peakChunks: sim.peakActivations[fullest]!, boundary, dp, edp: st.groups.expert / copies, tokensPerMicroBatch,
    });
  };

  return {
    input,
    check: (c) => {
      const resolved = resolve(c);
      return typeof resolved === 'string' ? resolved : null;
    },
    evaluate,
  };
}

function activationPeaks(ctx: ReturnType<typeof createContext>, layout: Layout, partition: Partition, c: Config, recompute: Recompute): Peaks {
  const shapes = ctx.shapes(c.microBatchSize, c.tp, c.ep, c.sequenceParallel ?? true);
  const perChunk = new Float64Array(partition.stages.length);
  let working = 0;
  partition.stages.forEach((stage, k) => {
    for (const i of stage.itemIndex) {
      const a = shapes[i]!.activationBytes;
      perChunk[k] += a[recompute];
      if (recompute === 'full' && a.none > working) working = a.none;
    }
  });
  return { bytes: peakActivationBytes(layout, perChunk), working };
}
