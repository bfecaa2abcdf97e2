/** torchtitan v0.2.x: a TOML job-config fragment, written with smol-toml (keys are dotted section paths in the mapping). */
import { stringify } from 'smol-toml';
import type { ExportBuilder } from './builder.js';
import { commSMsChecks, fp8Gemms, scheduleMapping } from './common.js';
import { nodeLimitBinds } from './plan.js';

type TomlValue = string | number | boolean | string[];
interface TomlTable {
  [key: string]: TomlValue | TomlTable;
}

export function torchtitanBody(b: ExportBuilder): void {
  const { plan } = b;
  const c = plan.config;
  const doc: TomlTable = {};
  const sources: string[] = [];
  const set = (key: string, value: TomlValue, what?: string): void => {
    const s = b.setting(key, what);
    if (!s) return;
    const path = s.name.split('.');
    let table = doc;
    for (const part of path.slice(0, -1)) table = (table[part] ??= {}) as TomlTable;
    table[path.at(-1)!] = value;
    sources.push(`${s.name}: ${s.since ? `since ${s.since}; ` : ''}${s.source}`);
  };

  set('pp', c.pp);
  const schedule = c.pp > 1 ? scheduleMapping(b) : null;
  if (schedule?.value) set('schedule', schedule.value);
  if (schedule && c.schedule === 'interleaved-1f1b') layersPerStage(b, set);
  set('microBatchSize', c.microBatchSize);
  set('tp', c.tp);
  set('sequenceParallel', true);
  set('dp', plan.dp);
  set('dpReplicate', 1);
  if (plan.workload.moe) {
    set('ep', c.ep);
    if (plan.isDeepEP) {
      set('expertTp', 1);
      set('deepep', 'deepep');
      commSMsChecks(b);
      b.setting('commSMs', `commSMs = ${c.commSMs}`);
    } else {
      b.noEquivalent(
        `kernel ${plan.kernel.id}`,
        `the mapping covers DeepEP only; commSMs = ${c.commSMs} has no key here`,
        `models/frameworks/${b.framework.id}.json`,
      );
    }
    if (nodeLimitBinds(plan)) b.setting('nodeLimit', `nodeLimit = ${c.nodeLimit}`);
    else if (c.nodeLimit !== undefined)
      b.note(`nodeLimit = ${c.nodeLimit} does not bind: an EP group of ${c.ep} spans ${plan.epNodes} node(s)`);
  }
  set('localBatch', plan.localBatch);
  set('globalBatch', plan.workload.globalBatchSequences);
  set('seqLength', plan.workload.seqLength);
  const recompute = c.recompute ?? 'none';
  set('recompute', recompute);
  if (recompute === 'selective') {
    set('selectiveOption', 'op');
    b.caveat(
      'selective recompute maps to selective_ac_option = "op", torch\'s per-op policy, which is not the cost model\'s op set (norms and up-projections)',
    );
  }
  if (c.schedule === 'dualpipev' && c.ep > 1 && recompute !== 'none') {
    b.caveat(
      `DualPipeV with EP > 1 needs activation_checkpoint.mode = "none" in torchtitan (NotImplementedError otherwise), but the config recomputes (${recompute})`,
    );
  }
  if (fp8Gemms(plan)) {
    set('fp8Converters', ['quantize.linear.float8', 'quantize.grouped_mm.float8']);
    set('fp8Recipe', 'rowwise');
    if (plan.workload.moe) set('fp8Experts', ['experts']);
    b.caveat('FP8 GEMMs map to the "rowwise" float8 recipe: torchtitan has no blockwise recipe like DeepSeek-V3\'s');
  }
  b.setting('zero1', 'ZeRO-1 optimizer sharding');

  b.body.push('# sources:', ...sources.map((s) => `#   ${s}`), '', stringify(doc));
}

/** VPP as layers per stage: stages = ceil((layers + first_stage_less + last_stage_less) / layers_per_stage) = PP x VPP. */
function layersPerStage(b: ExportBuilder, set: (key: string, value: number) => void): void {
  const { config, workload } = b.plan;
  const stages = config.pp * (config.vpp ?? 1);
  const padded = workload.layers + 2; // first_stage_less_layers and last_stage_less_layers default to 1
  const found = Array.from({ length: padded }, (_, i) => i + 1).find((n) => Math.ceil(padded / n) === stages);
  b.setting('stageLessLayers');
  if (found === undefined) {
    b.caveat(
      `no pipeline_parallel_layers_per_stage gives ${stages} stages (PP ${config.pp} x VPP ${config.vpp}) for ${workload.layers} layers; list the stages in parallelism.module_fqns_per_model_part instead`,
    );
    return;
  }
  set('vpp', found);
}
