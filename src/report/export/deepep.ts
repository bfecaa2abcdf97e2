/** DeepEP: the SM count and dispatch/combine configs as a Python snippet (legacy Buffer API; ElasticBuffer noted). */
import type { ExportBuilder } from './builder.js';
import { commSMsChecks } from './common.js';

export function deepepBody(b: ExportBuilder): void {
  const { plan } = b;
  const c = plan.config;
  b.note(
    `schedule, PP, micro-batch and recompute are the training framework's settings: see --to megatron, torchtitan or nemo`,
  );
  if (!plan.isDeepEP) {
    b.noEquivalent(
      `kernel ${plan.kernel.id}`,
      'the study modelled a kernel other than DeepEP, so there is no DeepEP setting to export',
      `models/frameworks/deepep.json`,
    );
    return;
  }
  commSMsChecks(b);
  const setSms = b.setting('commSMs')!;
  const dispatch = b.setting('dispatchConfig')!;
  const combine = b.setting('combineConfig')!;
  const scope =
    plan.epNodes > 1
      ? `${plan.epNodes} nodes: internode (NVLink + RDMA) kernels`
      : 'one node: intranode (NVLink) kernels';
  b.body.push(
    'import deep_ep',
    '',
    `# EP group of ${c.ep} ranks over ${scope}`,
    `${setSms.name}(${c.commSMs})  # commSMs; ${setSms.note ?? ''} [${setSms.source}]`,
    `dispatch_config = ${dispatch.name}(${c.ep})  # ${dispatch.note ?? ''} [${dispatch.source}]`,
    `combine_config = ${combine.name}(${c.ep})  # [${combine.source}]`,
    '# pass config=dispatch_config / config=combine_config to Buffer.dispatch / Buffer.combine (config=None picks the same)',
  );
  if (plan.kernel.id === 'deepep-v2') {
    const d = b.setting('elasticDispatch')!;
    const k = b.setting('elasticCombine')!;
    b.body.push(
      '',
      `# DeepEP 2.x ElasticBuffer has no set_num_sms: pass the count per call (${d.note ?? ''})`,
      `# ${d.name}(..., num_sms=${c.commSMs})  [${d.source}]`,
      `# ${k.name}(..., num_sms=${c.commSMs})  [${k.source}]`,
    );
  }
}
