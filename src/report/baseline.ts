/**
 * The naive baseline a tuned config is measured against ("adaptation gain"): the workload run the way a generic
 * recipe runs it, without adapting to the chip. Its free parameters follow a fixed rule; nothing is searched:
 *
 * - schedule 1F1B: serial, so no compute/communication overlap (the model overlaps only inside paired schedules);
 * - the NCCL-like all-to-all (models/kernels/nccl.json) on its default SM count (16), fewer only on a chip with
 *   no more SMs than that (all but one);
 * - no node limit on expert routing;
 * - the spec's smallest tp; recompute as the spec fixes it, else the model's default (selective);
 * - pp, ep and micro-batch: the first config that fits in memory, trying the spec's values in ascending order of
 *   pp, then ep, then micro-batch size (the shallowest pipeline and the narrowest expert group that fit).
 */
import type { Config, Recompute } from '../contract/config.js';
import type { Metrics } from '../contract/metrics.js';
import { createModel, DEFAULT_RECOMPUTE, type ModelInput } from '../model/index.js';
import type { Catalog } from '../profiles/catalog.js';
import type { SearchSpec } from '../search/index.js';
import { fieldValues } from './tune.js';

export const BASELINE_KERNEL = 'nccl';

export const BASELINE_RULE =
  '1F1B (no compute/communication overlap), NCCL-like all-to-all (models/kernels/nccl.json) on its default 16 SMs, ' +
  "no node limit, the spec's smallest tp and its fixed recompute (else selective); pp, ep, micro-batch: " +
  'the first that fits in memory in ascending order of pp, then ep, then micro-batch size (a rule, not a search)';

export type BaselineOutcome = { kind: 'found'; config: Config; metrics: Metrics } | { kind: 'none'; reason: string };

/** The baseline on the chip, cluster and GPUs of `input` (its kernel is replaced by the NCCL-like one). */
export function naiveBaseline(spec: SearchSpec, input: Omit<ModelInput, 'kernel'>, catalog: Catalog): BaselineOutcome {
  const kernel = catalog.get('kernel', BASELINE_KERNEL);
  const model = createModel({ ...input, kernel });
  const fixedRecompute = spec.fixed.recompute;
  const recompute = (typeof fixedRecompute === 'string' ? fixedRecompute : DEFAULT_RECOMPUTE) as Recompute;
  const commSMs = Math.min(kernel.defaultSMs, input.chip.sms - 1);
  const tp = fieldValues(spec, 'tp')[0] ?? 1;
  let leanest: Metrics | null = null;
  for (const pp of fieldValues(spec, 'pp')) {
    for (const ep of fieldValues(spec, 'ep')) {
      for (const microBatchSize of fieldValues(spec, 'microBatchSize')) {
        const config: Config = { schedule: '1f1b', pp, ep, tp, microBatchSize, commSMs, recompute };
        if (model.check(config) !== null) continue;
        const metrics = model.evaluate(config);
        if (metrics.feasible) return { kind: 'found', config, metrics };
        if (leanest === null || metrics.memoryGiB < leanest.memoryGiB) leanest = metrics;
      }
    }
  }
  return {
    kind: 'none',
    reason: leanest
      ? `no 1F1B config of the spec's pp, ep and micro-batch sizes fits: the leanest needs ${leanest.memoryGiB.toFixed(1)} GiB of ${leanest.memory.capacityGiB.toFixed(1)} (${leanest.infeasibleReason ?? 'out of memory'})`
      : "no 1F1B config of the spec's pp, ep and micro-batch sizes is valid on this chip and cluster",
  };
}
