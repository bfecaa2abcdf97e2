/** What several exporters decide the same way: the schedule, recompute modules, FP8, node groups, DeepEP's checks. */
import type { ExportBuilder } from './builder.js';
import { isUnsupported } from './frameworks.js';
import { type LaunchPlan, nodeLimitBinds } from './plan.js';

/** The framework's mapping of the config's schedule; null (after a NO EQUIVALENT note) when it has none. */
export function scheduleMapping(b: ExportBuilder): { value: string | null; note?: string } | null {
  const { schedule } = b.plan.config;
  const entry = b.framework.schedules?.[schedule];
  if (entry === undefined) return null;
  if (isUnsupported(entry)) {
    b.noEquivalent(
      `schedule ${schedule}`,
      `${entry.unsupported}; the settings below leave ${b.framework.id}'s default schedule`,
      entry.source,
      entry.closest,
    );
    return null;
  }
  if (!entry.exact)
    b.caveat(
      `schedule ${schedule} maps to the nearest ${JSON.stringify(entry.value)}${entry.note ? `: ${entry.note}` : ', not the same schedule'}`,
    );
  else if (entry.note) b.note(`schedule ${schedule}: ${entry.note} [${entry.source}]`);
  return entry;
}

/** The cost model's selective recompute (norms and up-projections) in Megatron's module names. */
export function recomputeModules(plan: LaunchPlan): string[] {
  return plan.workload.attention.type === 'mla' ? ['mla_up_proj', 'layernorm'] : ['layernorm'];
}

export function fp8Gemms(plan: LaunchPlan): boolean {
  return plan.workload.precision.gemm === 'fp8';
}

/**
 * Node-limited routing as group-limited routing: one group per node of the EP group, a token's experts in at most
 * nodeLimit groups (Megatron's help: set the groups to the nodes in the EP group). Null when the limit does not bind.
 */
export function nodeGroups(b: ExportBuilder): { groups: number; topk: number } | null {
  const { plan } = b;
  const limit = plan.config.nodeLimit;
  if (limit === undefined) return null;
  if (!nodeLimitBinds(plan)) {
    b.note(
      `nodeLimit = ${limit} does not bind: an EP group of ${plan.config.ep} spans ${plan.epNodes} node(s), so no routing setting is written`,
    );
    return null;
  }
  const experts = plan.workload.moe!.routedExperts;
  if (experts % plan.epNodes !== 0)
    b.caveat(`${experts} routed experts do not split into ${plan.epNodes} node groups evenly`);
  return { groups: plan.epNodes, topk: limit };
}

/** DeepEP asserts an even SM count, and without an explicit Config it needs a table for the EP size. */
export function commSMsChecks(b: ExportBuilder): void {
  const { commSMs, ep } = b.plan.config;
  if (b.plan.kernel.id === 'deepep-v2' && b.framework.id !== 'deepep') {
    b.caveat(
      `the study modelled DeepEP's second generation (ElasticBuffer), but ${b.framework.id} drives the legacy Buffer API, whose per-SM rates the cost model gives as deepep-v1 (models/frameworks/deepep.json: appliesTo)`,
    );
  }
  const even = b.deepepFact<boolean>('evenSMs');
  const sizes = b.deepepFact<number[]>('epSizesWithConfigTables');
  if (commSMs % 2 !== 0 && even.value)
    b.caveat(`commSMs = ${commSMs} is odd: DeepEP asserts an even SM count [${even.source}]`);
  if (!sizes.value.includes(ep)) {
    b.caveat(
      `ep = ${ep}: DeepEP has dispatch/combine config tables only for EP sizes ${sizes.value.join(', ')}; without an explicit deep_ep.Config it fails [${sizes.source}]`,
    );
  }
}
