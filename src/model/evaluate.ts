/**
 * The cost model's entry point: `createModel(profiles)` precomputes what does not depend on the config and returns
 * an Evaluator whose `evaluate(config)` gives the contract's Metrics (DESIGN.md section 4). See docs/cost-model.md.
 *
 * Per evaluation: validate; the config's cell (everything but the SM split: schedule, layout, cut, memory; memoised);
 * item costs and chunk durations for its SM split; one schedule simulation (the periodic fast path once a schedule
 * recurs); step-boundary terms; assembly. Each config's pieces are memoised too. Every memo is bounded and owned by
 * the evaluator (compiled schedules too).
 */

import { BoundedCache } from '../bounded-cache.js';
import type { Config, Recompute } from '../contract/config.js';
import type { Evaluator } from '../contract/evaluator.js';
import type { MemoryBreakdown, Metrics, ModelDetails } from '../contract/metrics.js';
import { UserError } from '../errors.js';
import {
  buildSchedule,
  type Durations,
  PeriodicSimulator,
  type ProgramShape,
  SCHEDULE_CACHE_LIMIT,
  type Schedule,
  type ScheduleCache,
  ScheduleParamError,
  scheduleKey,
  scheduleShape,
  simulate,
} from '../schedule/index.js';
import {
  type AnswerStatics,
  type AssembleInput,
  allToAllBytes,
  assemble,
  type CellStatics,
  cellStatics,
  limitOf,
  type OpCounts,
  opCounts,
} from './assemble.js';
import { chunkTiming, type ItemTimesMemo, type RankClasses, rankClasses, rankTiming } from './chunk.js';
import { exposedDataParallel, ringTime } from './collectives.js';
import { createContext, type ModelInput } from './context.js';
import { BF16_BYTES } from './gemm.js';
import type { ItemCost } from './item-cost.js';
import { memoryBreakdown } from './memory.js';
import { ITEM_KINDS } from './params.js';
import { modelUnits, type Partition } from './partition.js';
import { type Layout, layoutOf, peakActivationBytes } from './placement.js';
import { GiB, type RankStatics, rankStatics } from './ranks.js';
import { configProblem } from './validate.js';

export type { ModelInput } from './context.js';

/** The cost model as an Evaluator, with the profiles it was built from. */
export interface CostModel extends Evaluator {
  readonly input: ModelInput;
}

export interface ModelOptions {
  /** Entries of the per-config memos (item costs, chunk durations, simulations); 0 recomputes them on every call. */
  readonly chunkCacheSize?: number;
  /**
   * Simulations of a schedule before its periodic fast path looks for a cycle (schedule/periodic.ts): planning the
   * checkpoints costs a few full simulations, so schedules met once or twice do not pay for it (they run every op
   * through the fast path's recurrence, the same finishes). Infinity: always `simulate` (the reference the fast path
   * is tested against).
   */
  readonly periodicAfter?: number;
  /**
   * Compiled schedules shared with other models of this thread (the studies of one compare or sweep need the same
   * ones); default: the model's own. A schedule is read-only to the model: its fast path and counts stay per model.
   */
  readonly schedules?: ScheduleCache;
}

/** Recompute when the config does not say: DeepSeek-V3's choice (norms, MLA up-projections, SwiGLU output). */
export const DEFAULT_RECOMPUTE: Recompute = 'selective';

const CHUNK_CACHE = 4096;
/** Per-schedule memos (layouts, partitions, memory terms), keyed by schedule and EP/TP/micro-batch: a study's few thousand. */
const LAYOUT_CACHE = 4096;
const PERIODIC_AFTER = 16;

/** A compiled schedule with its step-time fast path, built once the schedule is simulated often enough. */
interface CompiledSchedule {
  readonly schedule: Schedule;
  simulations: number;
  fast: PeriodicSimulator | undefined;
}

/** What one simulation gives the rest of the evaluation (memoised with the chunk durations it depends on). */
interface Simulated {
  readonly stepTime: number;
  readonly criticalRank: number;
  readonly idleCritical: number;
}

/** One config's memoised answer parts. */
interface Prepared {
  readonly parts: Omit<AssembleInput, 'ctx' | 'config'>;
  readonly statics: AnswerStatics;
}

/** What the configs of one cell (every field but commSMs) share, memoised per cell. */
interface Cell {
  readonly entry: CompiledSchedule;
  readonly recompute: Recompute;
  readonly sp: boolean;
  readonly layout: Layout;
  readonly overlapped: boolean;
  readonly partition: Partition;
  readonly classes: RankClasses;
  readonly dp: number;
  readonly edp: number;
  readonly tokensPerMicroBatch: number;
  readonly p2p: number;
  readonly st: RankStatics;
  /** Of the fullest rank, and its peak chunks in flight. */
  readonly memory: MemoryBreakdown;
  readonly peakChunks: number;
  readonly statics: CellStatics;
  /** The critical rank's op counts, per critical rank met. */
  readonly counts: Map<number, OpCounts>;
  /** Per all-to-all limit met (the SM split decides it). */
  readonly allToAllBytes: Map<ItemCost['allToAllLimit'], ModelDetails['allToAllBytes']>;
}

interface Peaks {
  /** Per rank, peak activation bytes in flight. */
  readonly bytes: Float64Array;
  /** Added once: the item rebuilt at a time under recompute=full. */
  readonly working: number;
}

export function createModel(input: ModelInput, options: ModelOptions = {}): CostModel {
  const chunkCacheSize = options.chunkCacheSize ?? CHUNK_CACHE;
  const periodicAfter = options.periodicAfter ?? PERIODIC_AFTER;
  const ctx = createContext(input, chunkCacheSize);
  const { workload: w, chip, cluster, kernel } = input;
  const units = modelUnits(w).length;
  const schedules = new BoundedCache<string, CompiledSchedule>(SCHEDULE_CACHE_LIMIT);
  /** Per schedule key, its shape or the generator's refusal: the check asks for every point of a space. */
  const scheduleShapes = new BoundedCache<string, ProgramShape | ScheduleParamError>(LAYOUT_CACHE);
  /** Per schedule, its layout and a key of how its ranks hold the chunks (what the model's cut reads of it). */
  const layouts = new BoundedCache<Schedule, { layout: Layout; holding: string }>(SCHEDULE_CACHE_LIMIT);
  const cuts = new BoundedCache<string, Partition>(LAYOUT_CACHE);
  const partitions = new BoundedCache<string, { partition: Partition; classes: RankClasses }>(LAYOUT_CACHE);
  const itemTimes: ItemTimesMemo | undefined = chunkCacheSize > 0 ? new WeakMap() : undefined;
  const statics = new BoundedCache<string, RankStatics>(LAYOUT_CACHE);
  const peaks = new BoundedCache<string, Peaks>(LAYOUT_CACHE);
  const cells = new BoundedCache<string, Cell>(LAYOUT_CACHE);
  const prepared = new BoundedCache<string, Prepared>(chunkCacheSize);
  const dpOf = (c: Config) => input.gpus / (c.pp * c.tp);
  const microBatchesOf = (c: Config) => w.globalBatchSequences / (dpOf(c) * c.microBatchSize);

  const scheduleParams = (c: Config) => ({ pp: c.pp, microBatches: microBatchesOf(c), vpp: c.vpp });
  const keyOf = (c: Config) => scheduleKey(c.schedule, scheduleParams(c));

  /** Why the config's schedule cannot be built, or null: from its shape (memoised per schedule), not its ops. */
  const scheduleProblem = (c: Config): string | null => {
    const shape = scheduleShapes.getOrCreate(keyOf(c), () => {
      try {
        return scheduleShape(c.schedule, scheduleParams(c));
      } catch (err) {
        if (err instanceof ScheduleParamError) return err;
        throw err;
      }
    });
    if (shape instanceof ScheduleParamError) {
      if (shape.field === 'microBatches') {
        return `config.microBatchSize = ${c.microBatchSize}: gives ${microBatchesOf(c)} micro-batches per step (global batch ${w.globalBatchSequences} / (dp ${dpOf(c)} x ${c.microBatchSize})), but ${c.schedule} needs micro-batches ${shape.allowed}`;
      }
      return `config.${shape.field} = ${JSON.stringify(shape.value)}: ${shape.allowed} (schedule ${c.schedule})`;
    }
    if (shape.chunksPerMicroBatch > units) {
      return `config.pp = ${c.pp}: ${c.schedule} cuts the model into ${shape.chunksPerMicroBatch} chunks, more than its ${units} pieces (layers, head, MTP); use a smaller pp`;
    }
    return null;
  };

  /** The compiled schedule of a config that passed configProblem and scheduleProblem (memoised). */
  const compiled = (c: Config): CompiledSchedule =>
    schedules.getOrCreate(keyOf(c), () => ({
      schedule: buildSchedule(c.schedule, scheduleParams(c), options.schedules),
      simulations: 0,
      fast: undefined,
    }));

  /** Step time, critical rank and its idle time: the periodic fast path once the schedule is simulated often. */
  const simulateEntry = (entry: CompiledSchedule, d: Durations): Simulated => {
    entry.simulations++;
    if (entry.fast === undefined && periodicAfter !== Infinity) entry.fast = new PeriodicSimulator(entry.schedule);
    // Before periodicAfter simulations every op is simulated, without planning checkpoints (the same finishes).
    const sim = entry.fast ? entry.fast.run(d, entry.simulations > periodicAfter) : simulate(entry.schedule, d);
    return {
      stepTime: sim.stepTime,
      criticalRank: sim.criticalRank,
      idleCritical: Math.max(0, sim.idle[sim.criticalRank]!),
    }; // no -1e-16
  };

  /** What every config of a cell (a config less its commSMs) shares; throws a UserError for an invalid config. */
  const makeCell = (c: Config): Cell => {
    const problem = scheduleProblem(c);
    if (problem !== null) throw new UserError(problem);
    const entry = compiled(c);
    const schedule = entry.schedule;
    const recompute = c.recompute ?? DEFAULT_RECOMPUTE;
    const { layout, holding } = layouts.getOrCreate(schedule, () => {
      const layout = layoutOf(schedule);
      return { layout, holding: `${layout.held.join(';')}/${layout.chunkPeaks.join(';')}` };
    });
    const overlapped = layout.pairs.some((list) => list.length > 0);
    const sKey = `${schedule.kind}|${schedule.pp}|${schedule.microBatches}|${c.vpp}|${c.ep}|${c.nodeLimit}`;
    const { partition, classes } = partitions.getOrCreate(sKey, () => {
      // The cut depends on the schedule only through how its ranks hold the chunks: shared where that is the same.
      const cutKey = `${schedule.chunksPerMicroBatch}|${c.ep}|${c.nodeLimit}|${overlapped}|${holding}`;
      const partition = cuts.getOrCreate(cutKey, () =>
        ctx.partition(schedule.chunksPerMicroBatch, layout, c.ep, c.nodeLimit, overlapped),
      );
      return { partition, classes: rankClasses(partition, ITEM_KINDS, layout.held, layout.pairs) };
    });
    const dp = dpOf(c);
    const copies = (schedule.chunksPerRank * schedule.pp) / schedule.chunksPerMicroBatch;
    const sp = c.sequenceParallel ?? true;
    const costKey = `${c.microBatchSize}|${c.tp}|${c.ep}|${c.nodeLimit}|${recompute}|${sp}`;
    const tokensPerMicroBatch = c.microBatchSize * w.seqLength;
    // Each TP rank sends its 1/tp of the activation; without sequence parallelism the activation is replicated, so
    // the receiver all-gathers it over NVLink (Megatron's scatter-gather P2P); with it, the shard is what it needs.
    const gather = sp ? 0 : ringTime(ctx.links, BF16_BYTES * w.hiddenSize * tokensPerMicroBatch, c.tp, 1);
    const p2p = ctx.p2p(tokensPerMicroBatch / c.tp) + gather;

    // The fullest rank sets the memory (the rank with the longest step-boundary tail, per SM split, the step).
    const st = statics.getOrCreate(`${sKey}|${c.tp}`, () =>
      rankStatics({
        workload: w,
        links: ctx.links,
        layout,
        partition,
        tp: c.tp,
        ep: c.ep,
        dp,
        copies,
        hbmBytesPerS: ctx.hbmEffectiveBytesPerS,
      }),
    );
    const act = peaks.getOrCreate(`${sKey}|${costKey}`, () => activationPeaks(ctx, layout, partition, c, recompute));
    const buffersGiB = w.moe !== undefined && c.ep > 1 ? kernel.bufferGiB : 0;
    let fullest = 0,
      fullestGiB = -1;
    for (let r = 0; r < layout.held.length; r++) {
      const gib =
        st.parametersGiB[r]! + st.gradientsGiB[r]! + st.optimizerGiB[r]! + (act.bytes[r]! + act.working) / GiB;
      if (gib > fullestGiB) {
        fullestGiB = gib;
        fullest = r;
      }
    }
    const memory = memoryBreakdown(
      {
        parametersGiB: st.parametersGiB[fullest]!,
        gradientsGiB: st.gradientsGiB[fullest]!,
        optimizerGiB: st.optimizerGiB[fullest]!,
        activationsGiB: (act.bytes[fullest]! + act.working) / GiB,
        commBuffersGiB: buffersGiB,
      },
      cluster.memoryReserveGiB,
      chip.hbmGiB,
    );
    const peakChunks = schedule.summary.peakActivations[fullest]!;
    const edp = st.groups.expert / copies;
    return {
      entry,
      recompute,
      sp,
      layout,
      overlapped,
      partition,
      classes,
      dp,
      edp,
      tokensPerMicroBatch,
      p2p,
      st,
      memory,
      peakChunks,
      statics: cellStatics({
        ctx,
        config: c,
        recompute,
        schedule,
        partition,
        p2p,
        memory,
        peakChunks,
        boundary: { reduceScatterS: 0, allGatherS: 0, exposedS: 0, optimizerS: 0 }, // not read
        dp,
        edp,
        tokensPerMicroBatch,
      }),
      counts: new Map(),
      allToAllBytes: new Map(),
    };
  };

  /** Everything of a valid config but the answer's objects (memoised per config: a pure function of it). */
  const prepare = (c: Config, cell: Cell): Prepared => {
    const { entry, layout, partition, recompute, sp } = cell;
    const serial = ctx.costs(c.microBatchSize, c.tp, c.ep, c.nodeLimit, recompute, chip.sms, c.commSMs, false, sp);
    const paired = cell.overlapped
      ? ctx.costs(c.microBatchSize, c.tp, c.ep, c.nodeLimit, recompute, chip.sms - c.commSMs, c.commSMs, true, sp)
      : undefined;
    const timing = chunkTiming(
      partition,
      ITEM_KINDS,
      serial,
      layout.held,
      layout.pairs,
      paired,
      cell.classes,
      itemTimes,
    );
    const busiest = timing.durations[timing.busiestRank]!;
    const sim = simulateEntry(entry, { ...busiest, p2p: cell.p2p, ranks: timing.durations });

    // The rank with the longest step-boundary tail sets the step.
    const st = cell.st;
    let tailRank = 0,
      tailS = -1;
    for (let r = 0; r < layout.held.length; r++) {
      const own = timing.durations[r]!;
      const tail =
        exposedDataParallel(st.reduceScatterS[r]!, st.allGatherS[r]!, own.B + own.W, own.F) +
        ctx.gradientNormS +
        st.optimizerS[r]!;
      if (tail > tailS) {
        tailS = tail;
        tailRank = r;
      }
    }
    const boundary = {
      reduceScatterS: st.reduceScatterS[tailRank]!,
      allGatherS: st.allGatherS[tailRank]!,
      exposedS: tailS - st.optimizerS[tailRank]!,
      optimizerS: st.optimizerS[tailRank]!,
    };
    const parts = {
      recompute,
      schedule: entry.schedule,
      partition,
      timing,
      critical: rankTiming(timing, sim.criticalRank),
      p2p: cell.p2p,
      simulatedS: sim.stepTime,
      criticalRank: sim.criticalRank,
      idleCritical: sim.idleCritical,
      memory: cell.memory,
      peakChunks: cell.peakChunks,
      boundary,
      dp: cell.dp,
      edp: cell.edp,
      tokensPerMicroBatch: cell.tokensPerMicroBatch,
    };
    let counts = cell.counts.get(sim.criticalRank);
    if (!counts) cell.counts.set(sim.criticalRank, (counts = opCounts(entry.schedule, sim.criticalRank)));
    const serialLimit = limitOf(serial),
      pairLimit = limitOf(paired);
    const limit = paired ? pairLimit : serialLimit;
    let bytes = cell.allToAllBytes.get(limit);
    if (!cell.allToAllBytes.has(limit)) cell.allToAllBytes.set(limit, (bytes = allToAllBytes(ctx, c, limit)));
    const answer: AnswerStatics = Object.freeze({
      ...counts,
      ...cell.statics,
      serialLimit,
      pairLimit,
      allToAllBytes: bytes,
    });
    return { parts, statics: answer };
  };

  const evaluate = (c: Config): Metrics => {
    const problem = configProblem(input, c);
    if (problem) throw new UserError(problem);
    // Every field of a config that passed configProblem is in the keys (recompute and sequenceParallel by their defaults).
    const cellKey = `${c.schedule}|${c.pp}|${c.vpp}|${c.ep}|${c.nodeLimit}|${c.tp}|${c.microBatchSize}|${c.recompute ?? DEFAULT_RECOMPUTE}|${c.sequenceParallel ?? true}`;
    const { parts, statics } = prepared.getOrCreate(`${cellKey}|${c.commSMs}`, () =>
      prepare(
        c,
        cells.getOrCreate(cellKey, () => makeCell(c)),
      ),
    );
    return assemble({ ctx, config: c, ...parts }, statics);
  };

  return {
    input,
    check: (c) => {
      return configProblem(input, c) ?? scheduleProblem(c);
    },
    evaluate,
  };
}

function activationPeaks(
  ctx: ReturnType<typeof createContext>,
  layout: Layout,
  partition: Partition,
  c: Config,
  recompute: Recompute,
): Peaks {
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
