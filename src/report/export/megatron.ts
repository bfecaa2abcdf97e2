/** Megatron-LM / Megatron-Core: command-line flags, as a bash array to splice into a pretrain_gpt.py command. */
import type { ExportBuilder } from './builder.js';
import { commSMsChecks, fp8Gemms, nodeGroups, recomputeModules, scheduleMapping } from './common.js';

export function megatronBody(b: ExportBuilder): void {
  const { plan } = b;
  const c = plan.config;
  const flags: [string, string | number | null, string][] = [];
  const flag = (key: string, value: string | number | null = null, what?: string): void => {
    const s = b.setting(key, what);
    if (s) flags.push([s.name, value, s.since ? `since ${s.since}; ${s.source}` : s.source]);
  };

  flag('tp', c.tp);
  if (c.tp > 1) flag('sequenceParallel');
  flag('pp', c.pp);
  const schedule = scheduleMapping(b);
  if (schedule && c.schedule === 'interleaved-1f1b' && (c.vpp ?? 1) >= 2) flag('vpp', c.vpp!);
  flag('ep', c.ep);
  flag('dp', null, 'the data-parallel size');
  flag('microBatchSize', c.microBatchSize);
  flag('globalBatch', plan.workload.globalBatchSequences);
  flag('seqLength', plan.workload.seqLength);
  switch (c.recompute ?? 'none') {
    case 'none':
      break;
    case 'selective':
      flag('recomputeGranularity', 'selective');
      flag('recomputeModules', recomputeModules(plan).join(' '));
      break;
    case 'full':
      flag('recomputeGranularity', 'full');
      flag('recomputeMethod', 'uniform');
      flag('recomputeNumLayers', 1);
      break;
  }
  if (plan.workload.moe) {
    if (plan.isDeepEP) {
      flag('dispatcher', 'flex');
      flag('deepep');
      commSMsChecks(b);
      flag('commSMs', c.commSMs, `commSMs = ${c.commSMs}`);
    } else {
      b.noEquivalent(
        `kernel ${plan.kernel.id}`,
        `the mapping covers DeepEP only; commSMs = ${c.commSMs} has no flag here`,
        `models/frameworks/${b.framework.id}.json`,
      );
    }
    const groups = nodeGroups(b);
    if (groups) {
      flag('nodeLimitGroups', groups.groups);
      flag('nodeLimitTopk', groups.topk);
    }
  }
  flag('bf16');
  if (fp8Gemms(plan)) {
    flag('fp8Format', 'e4m3');
    flag('fp8Recipe', 'blockwise');
  }
  flag('zero1');

  const shown = flags.map(([name, value]) => (value === null ? name : `${name} ${value}`));
  const width = Math.max(...shown.map((s) => s.length));
  b.body.push('MEGATRON_ARGS=(');
  flags.forEach(([, , source], i) => b.body.push(`  ${shown[i]!.padEnd(width)}  # ${source}`));
  b.body.push(')', '# then: torchrun ... pretrain_gpt.py "${MEGATRON_ARGS[@]}" <model, data and optimizer flags>');
}
