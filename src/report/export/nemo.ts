/** NeMo 2.x: Python assignments to a NeMo-Run recipe's fields. */
import type { ExportBuilder } from './builder.js';
import { commSMsChecks, fp8Gemms, nodeGroups, recomputeModules, scheduleMapping } from './common.js';

type PyValue = string | number | boolean | null | string[];

function python(value: PyValue): string {
  if (value === null) return 'None';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (Array.isArray(value)) return `[${value.map((v) => JSON.stringify(v)).join(', ')}]`;
  return JSON.stringify(value);
}

export function nemoBody(b: ExportBuilder): void {
  const { plan } = b;
  const c = plan.config;
  const lines: [string, string][] = [];
  const set = (key: string, value: PyValue, what?: string): void => {
    const s = b.setting(key, what);
    if (!s) return;
    const source = `${s.since ? `since ${s.since}; ` : ''}${s.source}`;
    lines.push([
      `${s.name} = ${python(value)}`,
      s.verified ? source : `NOT CONFIRMED (${s.note ?? 'see the mapping'}) ${source}`,
    ]);
  };

  set('tp', c.tp);
  if (c.tp > 1) set('sequenceParallel', true);
  set('pp', c.pp);
  const schedule = scheduleMapping(b);
  if (schedule && c.schedule === 'interleaved-1f1b' && (c.vpp ?? 1) >= 2) set('vpp', c.vpp!);
  set('ep', c.ep);
  set('dp', null, 'the data-parallel size');
  set('microBatchSize', c.microBatchSize);
  set('globalBatch', plan.workload.globalBatchSequences);
  set('seqLength', plan.workload.seqLength);
  switch (c.recompute ?? 'none') {
    case 'none':
      set('recomputeGranularity', null);
      break;
    case 'selective':
      set('recomputeGranularity', 'selective');
      set('recomputeModules', recomputeModules(plan));
      break;
    case 'full':
      set('recomputeGranularity', 'full');
      set('recomputeMethod', 'uniform');
      set('recomputeNumLayers', 1);
      break;
  }
  if (plan.workload.moe) {
    if (plan.isDeepEP) {
      set('dispatcher', 'flex');
      set('deepep', true);
      set('sharedExpertOverlap', false);
      commSMsChecks(b);
      set('commSMs', c.commSMs, `commSMs = ${c.commSMs}`);
    } else {
      b.noEquivalent(
        `kernel ${plan.kernel.id}`,
        `the mapping covers DeepEP only; commSMs = ${c.commSMs} has no field here`,
        `models/frameworks/${b.framework.id}.json`,
      );
    }
    const groups = nodeGroups(b);
    if (groups) {
      set('nodeLimitGroups', groups.groups);
      set('nodeLimitTopk', groups.topk);
    }
  }
  if (fp8Gemms(plan)) {
    set('fp8Format', 'e4m3');
    set('fp8Recipe', 'blockwise');
  }
  set('zero1', true);

  b.body.push('# recipe: a NeMo-Run pre-training recipe (run.Partial), e.g. from nemo.collections.llm.recipes');
  for (const [code, source] of lines) b.body.push(`${code}  # ${source}`);
}
