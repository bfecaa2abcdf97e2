/** Serving specs ("mode": "serve") through the same spec checks, optimisers, study runner, summary and UI panel. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import type { Config } from '../../src/contract/config.js';
import type { Metrics } from '../../src/contract/metrics.js';
import { loadSpec, parseSpec, runStudy } from '../../src/search/index.js';
import { createServeEvaluator } from '../../src/serve/index.js';
import { BestConfigPanel } from '../../src/ui/components/best-config-panel.js';
import { asServeMetrics, serveMetricsLines } from '../../src/ui/serve-lines.js';

const ROOT = join(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'autotune.js');
const SPECS = ['deepseek-v3-h800-decode', 'deepseek-v3-h20-decode', 'deepseek-v3-h800-prefill'];
const cli = (args: string[], input?: string) =>
  spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8', input });

describe('serving search specs', () => {
  it.each(SPECS)('%s parses against the serving config contract', (name) => {
    const spec = loadSpec(join(ROOT, 'searches', `${name}.json`));
    expect(spec.mode).toBe('serve');
    expect(spec.fixed.maxLatencyMs).toBeGreaterThan(0);
  });

  it('a serving spec names serving fields: a training field or a missing one is an error naming it', () => {
    const spec = JSON.parse(JSON.stringify(loadSpec(join(ROOT, 'searches', 'deepseek-v3-h800-decode.json'))));
    expect(() => parseSpec({ ...spec, fixed: { ...spec.fixed, schedule: 'dualpipe' } }, 'x.json')).toThrow(
      'x.json: fixed.schedule = "dualpipe": not a Config field; allowed: phase, tp, ep',
    );
    const { batchPerGpu: _, ...space } = spec.space;
    expect(() => parseSpec({ ...spec, space }, 'x.json')).toThrow('x.json: space.batchPerGpu = (missing): required');
    expect(() => parseSpec({ ...spec, fixed: { ...spec.fixed, phase: 'train' } }, 'x.json')).toThrow(
      'fixed.phase = "train": phase takes one of "prefill", "decode"',
    );
  });

  it('the Bayesian optimiser finds a decode config within the TPOT limit; the same seed gives the same result', async () => {
    const spec = { ...loadSpec(join(ROOT, 'searches', 'deepseek-v3-h800-decode.json')), budget: 16 };
    const a = await runStudy({ spec, threads: 0 });
    const b = await runStudy({ spec, threads: 0 });
    expect(a.best).not.toBeNull();
    const best = a.best!.metrics as unknown as { latencyS: number; feasible: boolean; phase: string };
    expect(best.phase).toBe('decode');
    expect(best.latencyS).toBeLessThanOrEqual(0.05);
    expect(a.trials.length).toBe(16);
    expect(b.best!.config).toEqual(a.best!.config);
    // Configs over the limit are infeasible with the reason, not dropped.
    const slow = a.trials.find((t) =>
      (t.metrics as unknown as { infeasibleReason?: string } | null)?.infeasibleReason?.includes('maxLatencyMs'),
    );
    if (slow) expect(slow.objective).toBeNull();
  });

  it("the result file is written as a training study's; show says it reads training results only (exit 2)", async () => {
    const out = mkdtempSync(join(tmpdir(), 'autotune-serve-'));
    try {
      const spec = { ...loadSpec(join(ROOT, 'searches', 'deepseek-v3-h800-prefill.json')), budget: 6 };
      const result = await runStudy({ spec, threads: 0, outDir: out });
      expect(result.best).not.toBeNull();
      const file = readdirSync(out).find((f) => f.endsWith('.json') && !f.includes('journal'))!;
      const written = JSON.parse(readFileSync(join(out, file), 'utf8'));
      expect(written.kind).toBe('study');
      expect(written.best.config.phase).toBe('prefill');
      const r = cli(['show', join(out, file)]);
      expect(r.status).toBe(2);
      expect(r.stderr).toContain('show, report and export read training results only');
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  it('the UI panel and the text summary show a serving trial', () => {
    const m = createServeEvaluator({ workload: 'deepseek-v3', chip: 'h800-sxm' }).evaluate({
      phase: 'decode',
      tp: 1,
      ep: 64,
      batchPerGpu: 64,
      contextLength: 4096,
      microBatches: 2,
    });
    const serving = asServeMetrics(m)!;
    expect(serveMetricsLines(serving).join('\n')).toContain('TPOT');
    const frame =
      render(
        <BestConfigPanel
          best={{ trial: 1, config: {} as Config, metrics: m as unknown as Metrics, objective: m.tokensPerSecPerGpu }}
          totalSMs={132}
          width={80}
          compactBreakdown={false}
          ganttHeight={0}
          gantt={null}
        />,
      ).lastFrame() ?? '';
    expect(frame).toContain('exposed all-to-all');
    expect(frame).toContain(`${m.tokensPerSecPerGpu.toFixed(1)} output tok/s/GPU`);
  });
});

describe('CLI', () => {
  it('evaluate --phase decode --json prints the contract fields', () => {
    const r = cli([
      'evaluate',
      '--workload',
      'deepseek-v3',
      '--chip',
      'h20',
      '--phase',
      'decode',
      '--config',
      '{"tp":1,"ep":64,"batchPerGpu":32,"contextLength":4096,"microBatches":2}',
      '--json',
    ]);
    expect(r.status, r.stderr).toBe(0);
    const m = JSON.parse(r.stdout);
    for (const key of ['feasible', 'tokensPerSecPerGpu', 'latencyS', 'memoryGiB', 'breakdown', 'bottleneck'])
      expect(m).toHaveProperty(key);
    expect(m.config.phase).toBe('decode');
  });
  it('bad input exits 2 naming the field, the value and what is allowed; --jsonl answers each line', () => {
    const r = cli([
      'evaluate',
      '--workload',
      'deepseek-v3',
      '--chip',
      'h800-sxm',
      '--phase',
      'decode',
      '--config',
      '{"tp":1,"ep":64,"batchPerGpu":0,"contextLength":4096,"microBatches":1}',
    ]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('batchPerGpu = 0: a whole number >= 1');
    expect(
      cli(['evaluate', '--workload', 'deepseek-v3', '--chip', 'h800-sxm', '--phase', 'serve', '--config', '{}']).stderr,
    ).toContain('--phase = "serve": one of prefill, decode');
    const lines = cli(
      ['evaluate', '--workload', 'deepseek-v3', '--chip', 'h800-sxm', '--phase', 'prefill', '--jsonl'],
      '{"tp":1,"ep":32,"batchPerGpu":8192,"contextLength":4096,"microBatches":2,"commSMs":24}\n{"phase":"decode"}\n',
    );
    const out = lines.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(out[0].latencyS).toBeGreaterThan(0);
    expect(out[1].error).toContain('must match --phase prefill');
  });
  it('compare --mode serve prints every chip per scenario, per GPU and per kW', () => {
    const r = cli(['compare', '--mode', 'serve', '--chips', 'h100-sxm,h20']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('tokens/s/kW');
    expect(r.stdout).toContain('Llama-3-70B decode, batch 1');
    expect(r.stdout.match(/ h20 /g)!.length).toBe(6);
    expect(cli(['compare']).status).toBe(2);
  });
});
