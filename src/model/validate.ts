/**
 * Hard constraints on a config: what makes it meaningless (not merely slow or out of memory). Each problem is one
 * line naming the field, its value and what is allowed, so the CLI can print it and exit 2 and a search can skip it.
 */
import { type Config, RECOMPUTE, SCHEDULES } from '../contract/config.js';
import { shown } from '../errors.js';
import type { Chip, Cluster, Kernel, Workload } from '../profiles/schemas.js';
import { minNodeLimit } from './routing.js';

export interface ValidationContext {
  readonly workload: Workload;
  readonly chip: Chip;
  readonly cluster: Cluster;
  readonly kernel: Kernel;
  readonly gpus: number;
}

function line(field: string, value: unknown, allowed: string): string {
  return `config.${field} = ${shown(value)}: ${allowed}`;
}

function divisors(n: number): number[] {
  const out: number[] = [];
  for (let d = 1; d <= n; d++) if (n % d === 0) out.push(d);
  return out;
}

function list(values: number[]): string {
  return values.length <= 12 ? values.join(', ') : `${values.slice(0, 12).join(', ')}, ...`;
}

const WHOLE_FIELDS = ['pp', 'tp', 'ep', 'microBatchSize'] as const;

/** Why `config` is invalid for this workload and cluster, or null. Schedule-specific rules are the engine's. */
export function configProblem(ctx: ValidationContext, config: Config): string | null {
  const { workload: w, chip, cluster, kernel, gpus } = ctx;
  const { pp, tp, ep, microBatchSize: mbs, commSMs } = config;
  if (!(SCHEDULES as readonly string[]).includes(config.schedule))
    return line('schedule', config.schedule, `one of ${SCHEDULES.join(', ')}`);
  for (const k of WHOLE_FIELDS)
    if (!Number.isInteger(config[k]) || config[k] < 1) return line(k, config[k], 'a whole number >= 1');
  if (pp > w.layers) return line('pp', pp, `at most the workload's ${w.layers} layers`);
  if (gpus % pp !== 0)
    return line(
      'pp',
      pp,
      `must divide the ${gpus} GPUs; allowed: ${list(divisors(gpus).filter((d) => d <= w.layers))}`,
    );
  const stageGpus = gpus / pp;
  const tpOk = (d: number) => cluster.gpusPerNode % d === 0 && w.attention.heads % d === 0 && stageGpus % d === 0;
  if (!tpOk(tp)) {
    return line(
      'tp',
      tp,
      `must divide the ${cluster.gpusPerNode} GPUs of a node, the ${w.attention.heads} attention heads and the ${stageGpus} GPUs of a stage; allowed: ${list(divisors(cluster.gpusPerNode).filter(tpOk))}`,
    );
  }
  const dp = stageGpus / tp;
  if (!w.moe) {
    if (ep !== 1) return line('ep', ep, `must be 1: ${w.id} has no experts`);
  } else {
    const experts = w.moe.routedExperts;
    const node = cluster.gpusPerNode;
    const epOk = (d: number) =>
      stageGpus % d === 0 && experts % d === 0 && (d <= node ? node % d === 0 : d % node === 0);
    if (!epOk(ep)) {
      return line(
        'ep',
        ep,
        `must divide the ${stageGpus} GPUs of a pipeline stage (gpus / pp) and the ${experts} routed experts, and fill whole nodes of ${node} (or divide one); allowed: ${list(divisors(stageGpus).filter(epOk))}`,
      );
    }
  }
  const batch = w.globalBatchSequences;
  if (batch % dp !== 0) {
    return line(
      'pp',
      pp,
      `the data-parallel width gpus / (pp x tp) = ${dp} must divide the global batch of ${batch} sequences`,
    );
  }
  if ((batch / dp) % mbs !== 0) {
    return line(
      'microBatchSize',
      mbs,
      `must divide the ${batch / dp} sequences each data-parallel rank runs per step (global batch ${batch} / dp ${dp}); allowed: ${list(divisors(batch / dp))}`,
    );
  }
  if (config.vpp !== undefined && config.schedule !== 'interleaved-1f1b')
    return line('vpp', config.vpp, 'only interleaved-1f1b takes vpp (omit it)');
  if (config.recompute !== undefined && !(RECOMPUTE as readonly string[]).includes(config.recompute))
    return line('recompute', config.recompute, `one of ${RECOMPUTE.join(', ')}`);
  // One message per kernel kind, so the range it states is the range accepted.
  const hasAllToAll = w.moe !== undefined && ep > 1;
  if (hasAllToAll && kernel.smsPerChannel === 0) {
    if (commSMs !== 0) return line('commSMs', commSMs, `must be 0: kernel ${kernel.id} holds no SM`);
  } else if (hasAllToAll) {
    if (
      !Number.isInteger(commSMs) ||
      commSMs < kernel.minSMs ||
      commSMs >= chip.sms ||
      commSMs % kernel.smsPerChannel !== 0
    ) {
      return line(
        'commSMs',
        commSMs,
        `kernel ${kernel.id} needs a multiple of ${kernel.smsPerChannel} SMs from ${kernel.minSMs} to ${chip.sms - 1} (the ${chip.id} has ${chip.sms} SMs)`,
      );
    }
  } else if (!Number.isInteger(commSMs) || commSMs < 0 || commSMs >= chip.sms) {
    return line('commSMs', commSMs, `a whole number from 0 to ${chip.sms - 1} (the ${chip.id} has ${chip.sms} SMs)`);
  }
  if (config.nodeLimit !== undefined) {
    if (!w.moe) return line('nodeLimit', config.nodeLimit, `omit it: ${w.id} has no experts`);
    const least = minNodeLimit(w.moe.routedExperts, w.moe.activeExperts, ep, cluster.gpusPerNode);
    if (!Number.isInteger(config.nodeLimit) || config.nodeLimit < least) {
      return line(
        'nodeLimit',
        config.nodeLimit,
        `a whole number >= ${least} (a token's ${w.moe.activeExperts} experts must fit in its nodes)`,
      );
    }
  }
  return null;
}
