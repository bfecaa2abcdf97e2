import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'smol-toml';
import { describe, expect, it } from 'vitest';
import { type Config, SCHEDULES } from '../../../src/contract/config.js';
import { versionStamp } from '../../../src/contract/versions.js';
import { UserError } from '../../../src/errors.js';
import { loadFramework } from '../../../src/report/export/frameworks.js';
import { exportCompare, exportStudy, FRAMEWORKS } from '../../../src/report/export/index.js';
import { readResultFile } from '../../../src/report/result-file.js';
import type { StudyResult, Trial } from '../../../src/search/index.js';

const BASE: Config = {
  schedule: 'interleaved-1f1b',
  pp: 8,
  vpp: 2,
  ep: 64,
  tp: 2,
  microBatchSize: 1,
  commSMs: 24,
  nodeLimit: 4,
  recompute: 'selective',
};

function trial(number: number, config: Config, status: Trial['status'] = 'ok'): Trial {
  const breakdown = {
    forwardS: 3,
    backwardInputS: 3,
    backwardWeightS: 2,
    overlappedS: 0,
    bubbleS: 1,
    optimizerS: 0.1,
    exposedCommS: 0.9,
  };
  const metrics = {
    feasible: status === 'ok',
    stepTimeS: 10,
    tokensPerSecPerGpu: 3000,
    mfu: 0.4,
    bubbleFraction: 0.1,
    memoryGiB: 60,
    memory: { totalGiB: 60, capacityGiB: 76 },
    breakdown,
    bottleneck: 'compute',
    details: {},
  } as unknown as Trial['metrics'];
  return {
    number,
    config,
    status,
    metrics: status === 'rejected' ? null : metrics,
    objective: status === 'ok' ? 3000 : null,
    ...(status === 'ok' ? {} : { reason: 'does not fit' }),
  };
}

/** A study result around `config`: only the fields export reads are real; deepseek-v3, default cluster, deepep-v1. */
function study(config: Config, kernel?: string): StudyResult {
  const best = trial(1, config);
  const spec = { name: 't', workload: 'deepseek-v3', chip: 'h800-sxm', gpus: 2048, ...(kernel ? { kernel } : {}) };
  return {
    ...versionStamp('study'),
    name: 't',
    optimizer: 'bo',
    seed: 0,
    budget: 2,
    batchSize: 1,
    objective: { metric: 'tokensPerSecPerGpu', goal: 'maximize' },
    endReason: 'budget',
    best,
    top: [best],
    trials: [best, trial(2, config, 'infeasible')],
    rangeEdges: [],
    constraintReport: { summary: '' } as StudyResult['constraintReport'],
    provenance: {
      tool: 'autotune',
      version: '0',
      spec: spec as StudyResult['provenance']['spec'],
      profileHashes: {},
      startedAt: '',
      finishedAt: '',
      elapsedS: 0,
    },
  };
}

const body = (text: string) => text.split('\n').filter((l) => !l.startsWith('#'));

describe('export --to megatron', () => {
  it('writes the reference command line for interleaved 1F1B with DeepEP and node-limited routing, without warnings', () => {
    const { text, warnings } = exportStudy('t.json', study(BASE), { to: 'megatron' });
    expect(warnings).toEqual([]);
    const flags = body(text)
      .map((l) => l.replace(/#.*$/, '').trim())
      .filter((l) => l.startsWith('--'));
    // deepseek-v3: 15360 sequences of 4096 per step; EP 64 on 8-GPU nodes spans 8 nodes, so 8 groups, at most 4 per token.
    expect(flags).toEqual([
      '--tensor-model-parallel-size 2',
      '--sequence-parallel',
      '--pipeline-model-parallel-size 8',
      '--num-virtual-stages-per-pipeline-rank 2',
      '--expert-model-parallel-size 64',
      '--micro-batch-size 1',
      '--global-batch-size 15360',
      '--seq-length 4096',
      '--recompute-granularity selective',
      '--recompute-modules mla_up_proj layernorm',
      '--moe-token-dispatcher-type flex',
      '--moe-enable-deepep',
      '--moe-deepep-num-sms 24',
      '--moe-router-num-groups 8',
      '--moe-router-group-topk 4',
      '--bf16',
      '--fp8-format e4m3',
      '--fp8-recipe blockwise',
      '--use-distributed-optimizer',
    ]);
    expect(text).toContain('# config: ');
    expect(text).toContain('DP 128, 120 micro-batches of 1 per step'); // 2048 / (8 x 2); 15360 / 128
  });

  it('says DualPipe has no equivalent in a comment and a warning, and writes no schedule flag', () => {
    const { text, warnings } = exportStudy('t.json', study({ ...BASE, schedule: 'dualpipe', vpp: undefined }), {
      to: 'megatron',
    });
    expect(text).toMatch(
      /# NO EQUIVALENT: schedule dualpipe: Megatron has no DualPipe schedule.*closest: --overlap-moe-expert-parallel-comm/,
    );
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('schedule dualpipe');
    expect(text).not.toContain('--num-virtual-stages-per-pipeline-rank');
    expect(body(text).join('\n')).not.toMatch(/dualpipe/i);
  });

  it('writes full recompute with the method and layer count Megatron requires, and no routing flags when the limit does not bind', () => {
    const { text } = exportStudy('t.json', study({ ...BASE, recompute: 'full', ep: 16 }), { to: 'megatron' });
    expect(text).toContain('--recompute-granularity full');
    expect(text).toContain('--recompute-method uniform');
    expect(text).toContain('--recompute-num-layers 1');
    expect(text).not.toContain('--moe-router-num-groups'); // EP 16 spans 2 nodes; a limit of 4 cannot bind
    expect(text).toContain('nodeLimit = 4 does not bind');
  });

  it('warns where DeepEP would refuse the config: an odd SM count, an EP size without a config table', () => {
    const { warnings } = exportStudy('t.json', study({ ...BASE, commSMs: 23, ep: 12 }), { to: 'megatron' });
    expect(warnings.some((w) => w.includes('commSMs = 23 is odd'))).toBe(true);
    expect(warnings.some((w) => w.includes('ep = 12') && w.includes('2, 4, 8, 16, 24, 32, 64, 128, 144, 160'))).toBe(
      true,
    );
  });

  it('writes no DeepEP flag for a study that modelled NCCL, and says so', () => {
    const { text, warnings } = exportStudy('t.json', study(BASE, 'nccl'), { to: 'megatron' });
    expect(body(text).join('\n')).not.toMatch(/--moe-enable-deepep|--moe-deepep-num-sms|flex/);
    expect(warnings.some((w) => w.includes('kernel nccl'))).toBe(true);
  });
});

describe('export --to torchtitan', () => {
  it('writes TOML that parses back to the config (layers per stage: ceil((61 + 2) / 4) = 16 = PP 8 x VPP 2)', () => {
    const { text } = exportStudy('t.json', study(BASE), { to: 'torchtitan' });
    const toml = parse(text) as Record<string, Record<string, unknown>>;
    expect(toml.parallelism).toEqual({
      pipeline_parallel_degree: 8,
      pipeline_parallel_schedule: 'Interleaved1F1B',
      pipeline_parallel_layers_per_stage: 4,
      pipeline_parallel_microbatch_size: 1,
      tensor_parallel_degree: 2,
      data_parallel_shard_degree: 128,
      data_parallel_replicate_degree: 1,
      expert_parallel_degree: 64,
      expert_tensor_parallel_degree: 1,
      expert_parallel_comm_backend: 'deepep',
    });
    expect(toml.training).toEqual({ local_batch_size: 120, global_batch_size: 15360, seq_len: 4096 });
    expect(toml.activation_checkpoint).toEqual({ mode: 'selective', selective_ac_option: 'op' });
  });

  it('has no key for the SM count, node limit or ZeRO-1: comments and warnings, never an invented key', () => {
    const { text, warnings } = exportStudy('t.json', study(BASE), { to: 'torchtitan' });
    for (const what of ['commSMs = 24', 'nodeLimit = 4', 'ZeRO-1']) {
      expect(text).toContain(`# NO EQUIVALENT: ${what}`);
      expect(warnings.some((w) => w.includes(what))).toBe(true);
    }
    expect(JSON.stringify(parse(text))).not.toMatch(/num_sms|node_limit|zero/i);
  });

  it('maps zb-h1 to the nearest schedule with a caveat, refuses zb-h2, and flags DualPipeV with recompute', () => {
    const zbh1 = exportStudy('t.json', study({ ...BASE, schedule: 'zb-h1', vpp: undefined }), { to: 'torchtitan' });
    expect((parse(zbh1.text) as { parallelism: Record<string, unknown> }).parallelism.pipeline_parallel_schedule).toBe(
      'InterleavedZeroBubble',
    );
    expect(zbh1.warnings.some((w) => w.includes('nearest "InterleavedZeroBubble"'))).toBe(true);
    const zbh2 = exportStudy('t.json', study({ ...BASE, schedule: 'zb-h2', vpp: undefined }), { to: 'torchtitan' });
    expect(
      (parse(zbh2.text) as { parallelism: Record<string, unknown> }).parallelism.pipeline_parallel_schedule,
    ).toBeUndefined();
    const dpv = exportStudy('t.json', study({ ...BASE, schedule: 'dualpipev', vpp: undefined }), { to: 'torchtitan' });
    expect(
      dpv.warnings.some((w) => w.includes('DualPipeV with EP > 1 needs activation_checkpoint.mode = "none"')),
    ).toBe(true);
  });
});

describe('export --to deepep and nemo', () => {
  it('deepep: the SM count and the EP size of the config tables', () => {
    const { text, warnings } = exportStudy('t.json', study(BASE), { to: 'deepep' });
    expect(warnings).toEqual([]);
    expect(text).toMatch(/^deep_ep\.Buffer\.set_num_sms\(24\)/m);
    expect(text).toMatch(/^dispatch_config = deep_ep\.Buffer\.get_dispatch_config\(64\)/m);
    expect(text).toMatch(/^combine_config = deep_ep\.Buffer\.get_combine_config\(64\)/m);
    expect(text).toContain('8 nodes: internode');
  });

  it('deepep: the ElasticBuffer per-call count for a DeepEP v2 study; the training frameworks warn that they drive the legacy API', () => {
    const { text, warnings } = exportStudy('t.json', study(BASE, 'deepep-v2'), { to: 'deepep' });
    expect(text).toContain('deep_ep.ElasticBuffer.dispatch(..., num_sms=24)');
    expect(warnings).toEqual([]);
    for (const to of ['megatron', 'nemo'] as const) {
      expect(
        exportStudy('t.json', study(BASE, 'deepep-v2'), { to }).warnings.some((w) => w.includes('legacy Buffer API')),
      ).toBe(true);
    }
  });

  it('nemo: recipe fields, with the passthrough SM field marked not confirmed', () => {
    const { text, warnings } = exportStudy('t.json', study(BASE), { to: 'nemo' });
    expect(warnings).toEqual([]);
    const code = body(text).map((l) => l.replace(/\s+#.*$/, ''));
    expect(code).toContain('recipe.trainer.strategy.virtual_pipeline_model_parallel_size = 2');
    expect(code).toContain('recipe.model.config.recompute_modules = ["mla_up_proj", "layernorm"]');
    expect(code).toContain('recipe.model.config.moe_router_group_topk = 4');
    expect(code).toContain('recipe.model.config.moe_deepep_num_sms = 24');
    expect(text).toMatch(/# NOT CONFIRMED .*recipe\.model\.config\.moe_deepep_num_sms/);
  });
});

describe('export over every schedule and framework', () => {
  it('runs without internal errors, and each unsupported schedule warns in exactly the frameworks whose mapping says so', () => {
    for (const to of FRAMEWORKS) {
      const framework = loadFramework(to);
      for (const schedule of SCHEDULES) {
        for (const recompute of ['none', 'selective', 'full'] as const) {
          const config: Config = {
            ...BASE,
            schedule,
            recompute,
            ...(schedule === 'interleaved-1f1b' ? {} : { vpp: undefined }),
          };
          const { warnings } = exportStudy('t.json', study(config), { to });
          const mapping = framework.schedules?.[schedule];
          expect(warnings.some((w) => w.includes(`equivalent of schedule ${schedule}`))).toBe(
            mapping !== undefined && 'unsupported' in mapping,
          );
        }
      }
    }
  });

  it('every setting of every mapping cites a source at a commit', () => {
    for (const to of FRAMEWORKS) {
      for (const [key, setting] of Object.entries(loadFramework(to).settings))
        expect(setting.source, `${to}.${key}`).toMatch(/^[\w-]+\/[\w-]+@[0-9a-f]{8}:/);
    }
  });
});

const COMPARE = 'results/compare-deepseek-v3-h800-h100-sxm+h800-sxm+h20.json';

describe('export from a compare result', () => {
  it("exports the named chip's tuned config, with the compare's workload, cluster and kernel", () => {
    const compare = readResultFile(COMPARE);
    if (compare.kind !== 'compare') throw new Error('the shipped compare result');
    const h20 = compare.data.chips.find((c) => c.chip === 'h20')!.tuned!;
    const { text } = exportCompare(COMPARE, compare.data, { to: 'megatron', chip: 'h20' });
    expect(text).toContain('# the tuned config of h20 in compare deepseek-v3-h800');
    expect(text).toContain(`--pipeline-model-parallel-size ${h20.config.pp} `);
    expect(text).toContain(`--expert-model-parallel-size ${h20.config.ep} `);
    expect(text).toContain(`--moe-deepep-num-sms ${h20.config.commSMs} `);
    expect(text).toContain(`DP ${2048 / (h20.config.pp * h20.config.tp)},`);
  });
});

describe('export: bad input', () => {
  it('refuses an infeasible or missing trial', () => {
    expect(() => exportStudy('t.json', study(BASE), { to: 'megatron', trial: 2 })).toThrow(/trial 2 is infeasible/);
    expect(() => exportStudy('t.json', study(BASE), { to: 'megatron', trial: 9 })).toThrow(UserError);
  });

  it('the CLI: exit 0 with warnings on stderr, exit 2 for a compare result or a newer schema major', () => {
    const dir = mkdtempSync(join(tmpdir(), 'autotune-export-'));
    const run = (...args: string[]) => spawnSync(process.execPath, ['bin/autotune.js', ...args], { encoding: 'utf8' });
    const file = join(dir, 'study.json');
    writeFileSync(file, JSON.stringify(study({ ...BASE, schedule: 'dualpipe', vpp: undefined })));
    const ok = run('export', file, '--to', 'megatron');
    expect(ok.status).toBe(0);
    expect(ok.stdout).toContain('MEGATRON_ARGS=(');
    expect(ok.stderr).toMatch(/^warning: megatron has no equivalent of schedule dualpipe/m);
    const out = join(dir, 'out', 'job.toml');
    expect(run('export', file, '--to', 'torchtitan', '--out', out).status).toBe(0);
    expect(parse(readFileSync(out, 'utf8'))).toHaveProperty('parallelism');
    const sweep = run('export', 'results/sweep-deepseek-v3-h800-h800-sxm-nic-12.5-100-8.json', '--to', 'megatron');
    expect(sweep.status).toBe(2);
    expect(sweep.stderr).toContain('export reads a study or a compare result');
    expect(run('export', COMPARE, '--to', 'megatron').stderr).toMatch(/--chip = missing: .*h100-sxm, h800-sxm, h20/);
    expect(run('export', COMPARE, '--to', 'megatron', '--chip', 'b200').status).toBe(2);
    expect(run('export', file, '--to', 'megatron', '--chip', 'h20').status).toBe(2);
    writeFileSync(join(dir, 'newer.json'), JSON.stringify({ ...study(BASE), schemaVersion: '2.0' }));
    const newer = run('export', join(dir, 'newer.json'), '--to', 'megatron');
    expect(newer.status).toBe(2);
    expect(newer.stderr).toMatch(/schemaVersion = "2\.0": this study file was written by a newer autotune/);
    expect(run('export', file, '--to', 'deepspeed').status).toBe(2);
  });
});
