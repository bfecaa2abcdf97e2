/**
 * Per-rank figures that depend only on (schedule, tp, ep): the parameters each rank holds, their memory
 * (weights, gradients, optimizer state), the ZeRO-1 collectives and the optimizer step. Memoised by the model;
 * each evaluation then only adds activations and picks the worst rank.
 */
import type { Workload } from '../profiles/schemas.js';
import { type DataParallelGroups, dataParallelTimes, type LinkRates, optimizerTime } from './collectives.js';
import { heldParams } from './params.js';
import type { Partition } from './partition.js';
import type { Layout } from './placement.js';

/** Bytes in a GiB: memory is reported in binary units, as HBM capacities are. */
export const GiB = 2 ** 30;

export interface RankStatics {
  readonly groups: DataParallelGroups;
  /** Per rank, per GPU after the TP / EP split. */
  readonly nonExpert: Float64Array;
  readonly expert: Float64Array;
  readonly parametersGiB: Float64Array;
  readonly gradientsGiB: Float64Array;
  readonly optimizerGiB: Float64Array;
  readonly reduceScatterS: Float64Array;
  readonly allGatherS: Float64Array;
  readonly optimizerS: Float64Array;
}

export interface RankStaticsInput {
  readonly workload: Workload;
  readonly links: LinkRates;
  readonly layout: Layout;
  readonly partition: Partition;
  readonly tp: number;
  readonly ep: number;
  readonly dp: number;
  /** Replicas of each stage inside one pipeline (2 for DualPipe). */
  readonly copies: number;
  readonly hbmBytesPerS: number;
}

export function rankStatics(input: RankStaticsInput): RankStatics {
  const { workload: w, layout, partition, tp, ep, dp, copies } = input;
  const ranks = layout.held.length;
  const edp = (dp * tp) / ep;
  const groups: DataParallelGroups = {
    nonExpert: dp * copies,
    expert: edp * copies,
    nonExpertStride: tp,
    expertStride: ep,
  };
  const out: RankStatics = {
    groups,
    nonExpert: new Float64Array(ranks),
    expert: new Float64Array(ranks),
    parametersGiB: new Float64Array(ranks),
    gradientsGiB: new Float64Array(ranks),
    optimizerGiB: new Float64Array(ranks),
    reduceScatterS: new Float64Array(ranks),
    allGatherS: new Float64Array(ranks),
    optimizerS: new Float64Array(ranks),
  };
  const optimizerBytes = w.optimizer.masterWeightBytes + 2 * w.optimizer.momentBytes;
  layout.held.forEach((stages, r) => {
    const whole = heldParams(
      w,
      stages.flatMap((s) => partition.stages[s]!.items),
    );
    const held = { nonExpert: whole.nonExpert / tp, expert: whole.expert / ep };
    const params = held.nonExpert + held.expert;
    out.nonExpert[r] = held.nonExpert;
    out.expert[r] = held.expert;
    out.parametersGiB[r] = (params * w.precision.weightBytes) / GiB;
    out.gradientsGiB[r] = (params * w.optimizer.gradientBytes) / GiB;
    out.optimizerGiB[r] = ((held.nonExpert / groups.nonExpert + held.expert / groups.expert) * optimizerBytes) / GiB;
    const dpTimes = dataParallelTimes(w, input.links, held, groups);
    out.reduceScatterS[r] = dpTimes.reduceScatterS;
    out.allGatherS[r] = dpTimes.allGatherS;
    out.optimizerS[r] = optimizerTime(w, held, groups, input.hbmBytesPerS);
  });
  return out;
}
