/** `autotune validate` and `autotune evaluate --global-batch` end to end, from the compiled CLI. */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'autotune.js');
const run = (args: string[]) => spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8' });
const GPT = ['--workload', 'gpt-175b', '--chip', 'a100-sxm', '--gpus', '64', '--cluster', 'selene', '--kernel', 'nccl'];
const CONFIG =
  '{"schedule":"interleaved-1f1b","pp":8,"vpp":3,"ep":1,"tp":8,"microBatchSize":1,"commSMs":0,"recompute":"selective"}';

beforeAll(() => {
  if (!existsSync(join(ROOT, 'dist', 'src', 'cli', 'commands', 'validate.js')))
    spawnSync('npx', ['tsc', '-p', 'tsconfig.json'], { cwd: ROOT, stdio: 'ignore' });
}, 120_000);

describe('autotune validate', () => {
  it('--json: cases with id, source, metric, published, model, error; summary with mean and max |error|', () => {
    const r = run(['validate', '--json']);
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.cases.length).toBeGreaterThanOrEqual(8);
    for (const c of out.cases) {
      for (const key of ['id', 'source', 'metric', 'published', 'model', 'error']) expect(c).toHaveProperty(key);
      expect(c.error).toBeCloseTo(c.model / c.published - 1, 12);
    }
    const abs = out.cases.map((c: { error: number }) => Math.abs(c.error));
    expect(out.summary.maxAbsError).toBeCloseTo(Math.max(...abs), 12);
    expect(out.summary.meanAbsError).toBeCloseTo(abs.reduce((x: number, y: number) => x + y, 0) / abs.length, 12);
  });

  it('text: one row per run and the per-source summary beside Calculon', () => {
    const r = run(['validate']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/175b-seq-sel\s+gpt-175b\s+64\s+stepTimeS \(s\)\s+13\.75/);
    expect(r.stdout).toMatch(/Korthikanti et al\. 2022.*\s8\s+\d+\.\d\d%\s+\d+\.\d\d%\s+3\.65%\s+8\.87%/);
  });
});

describe('autotune evaluate --global-batch', () => {
  it('overrides the workload batch: 64 sequences on dp 1 = 64 micro-batches', () => {
    const r = run(['evaluate', ...GPT, '--global-batch', '64', '--config', CONFIG, '--json']);
    expect(r.status, r.stderr).toBe(0);
    const m = JSON.parse(r.stdout);
    expect(m.details.microBatches).toBe(64);
    const base = JSON.parse(run(['evaluate', ...GPT, '--config', CONFIG, '--json']).stdout);
    expect(base.details.microBatches).toBe(1536);
  });

  it('--workload and --chip take a path to a profile file as well as an id', () => {
    const byPath = [
      '--workload',
      'models/workloads/gpt-175b.json',
      '--chip',
      join(ROOT, 'models', 'chips', 'a100-sxm.json'),
      ...GPT.slice(4),
    ];
    const [a, b] = [
      run(['evaluate', ...byPath, '--global-batch', '64', '--config', CONFIG, '--json']),
      run(['evaluate', ...GPT, '--global-batch', '64', '--config', CONFIG, '--json']),
    ];
    expect(a.status, a.stderr).toBe(0);
    expect(JSON.parse(a.stdout).stepTimeS).toBe(JSON.parse(b.stdout).stepTimeS);
  });

  it('bad values exit 2 naming the flag', () => {
    const r = run(['evaluate', ...GPT, '--global-batch', '0', '--config', CONFIG]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--global-batch = "0": a whole number >= 1/);
    const odd = run(['evaluate', ...GPT, '--global-batch', '60', '--config', CONFIG]);
    expect(odd.status).toBe(2); // 60 micro-batches: interleaved 1F1B needs a multiple of pp 8
    expect(odd.stderr).toMatch(/global batch 60/);
  });
});
