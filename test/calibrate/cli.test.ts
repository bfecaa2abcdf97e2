import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Catalog } from '../../src/profiles/catalog.js';

// The CLI runs from dist/; `npm test` compiles before vitest runs.
function autotune(...args: string[]) {
  const run = spawnSync(process.execPath, ['bin/autotune.js', ...args], { encoding: 'utf8' });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

const dir = mkdtempSync(join(tmpdir(), 'autotune-calibrate-'));
const APRIL = 'models/measurements/deepgemm-h800-2025-04.json';

describe('autotune calibrate', () => {
  it('fits the chip to the DeepGEMM table and writes a profile that every command accepts by path', () => {
    const out = join(dir, 'h800-calibrated.json');
    // The shipped profile already holds this fit's result: start from model v1's FP8 fraction (0.70).
    const shipped = JSON.parse(readFileSync('models/chips/h800-sxm.json', 'utf8'));
    const start = join(dir, 'h800-v1.json');
    writeFileSync(
      start,
      JSON.stringify({ ...shipped, efficiency: { ...shipped.efficiency, gemmFp8PeakFraction: 0.7 } }),
    );
    const { code, stdout, stderr } = autotune('calibrate', APRIL, '--chip', start, '--out', out, '--json');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const result = JSON.parse(stdout);
    expect(result.fitted.after.medianApePercent).toBeLessThan(result.fitted.before.medianApePercent);
    expect(result.findings.map((f: { message: string }) => f.message).join('\n')).toContain(
      'the model is missing a term',
    );

    const profile = new Catalog().load('chip', out);
    expect(profile.data.id).toBe('h800-sxm');
    expect(profile.data.efficiency.gemmFp8PeakFraction).not.toBe(0.7);
    expect(profile.data.sources['efficiency.gemmFp8PeakFraction']).toMatch(
      /^fitted by autotune calibrate to models\/measurements\/deepgemm-h800-2025-04\.json on \d{4}-\d{2}-\d{2}, 10 measurements, MAPE [\d.]+% -> [\d.]+%/,
    );
    expect(profile.data.sources['nvlink.achievableGBpsPerDirection']).not.toContain('fitted'); // unmoved: source kept

    if (autotune('--help').stdout.includes('evaluate')) {
      const config = JSON.stringify({ schedule: 'dualpipev', pp: 8, ep: 64, tp: 1, microBatchSize: 1, commSMs: 20 });
      const shipped = autotune(
        'evaluate',
        '--workload',
        'deepseek-v3',
        '--chip',
        'h800-sxm',
        '--config',
        config,
        '--json',
      );
      const calibrated = autotune('evaluate', '--workload', 'deepseek-v3', '--chip', out, '--config', config, '--json');
      expect(calibrated.stderr).toBe('');
      expect(calibrated.code).toBe(0);
      expect(JSON.parse(calibrated.stdout).stepTimeS).toBeGreaterThan(0);
      expect(JSON.parse(calibrated.stdout).stepTimeS).not.toBe(JSON.parse(shipped.stdout).stepTimeS);
    }
  });

  it('fits a kernel with --kernel and prints parameters, per-row errors, the holdout and findings', () => {
    const out = join(dir, 'deepep-v1-h20.json');
    const { code, stdout } = autotune(
      'calibrate',
      'models/measurements/h20.json',
      '--kernel',
      'deepep-v1',
      '--out',
      out,
      '--holdout',
      '0.4',
      '--seed',
      '3',
    );
    expect(code).toBe(0);
    for (const text of [
      'Parameters',
      'kernel:deepep-v1:combinePerSmGBps',
      'Measurements',
      'combine ep16/2n 24 SMs deepep-v1 (ib)',
      'Fitted (',
      'Held out (fraction 0.4, seed 3)',
    ]) {
      expect(stdout).toContain(text);
    }
    const kernel = new Catalog().load('kernel', out).data;
    expect(kernel.combinePerSmGBps).toBeGreaterThan(5.6); // H20's combine moves more per SM than the GB200 figure
  });

  it('rejects bad input with exit code 2 and a message naming the file, field and what is allowed', () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(
      bad,
      JSON.stringify({
        chip: 'h800-sxm',
        sources: ['s'],
        measurements: [
          { kind: 'alltoall', op: 'dispatch', ep: 16, nodes: 2, sms: 24, kernel: 'deepep-v9', gbps: 50, source: 's' },
        ],
      }),
    );
    const unknownKernel = autotune('calibrate', bad);
    expect(unknownKernel.code).toBe(2);
    expect(unknownKernel.stderr).toMatch(
      /bad\.json: \$\.measurements\[0\]\.kernel = "deepep-v9": a kernel profile id: .*deepep-v1/,
    );

    writeFileSync(
      bad,
      JSON.stringify({ chip: 'h800-sxm', sources: ['s'], measurements: [{ kind: 'hbm', tbps: -3, source: 's' }] }),
    );
    const negative = autotune('calibrate', bad);
    expect(negative.code).toBe(2);
    expect(negative.stderr).toContain('$.measurements[0].tbps = -3');

    const wrongChip = autotune('calibrate', APRIL, '--chip', 'h20');
    expect(wrongChip.code).toBe(2);
    expect(wrongChip.stderr).toContain('--chip = "h20": a profile of chip "h800-sxm"');

    const holdout = autotune('calibrate', APRIL, '--holdout', '1.5');
    expect(holdout.code).toBe(2);
    expect(holdout.stderr).toContain('--holdout = "1.5": a fraction >= 0 and < 1');

    expect(autotune('calibrate', join(dir, 'absent.json')).stderr).toContain('absent.json does not exist');

    const nothing = autotune('calibrate', APRIL, '--kernel', 'deepep-v1');
    expect(nothing.code).toBe(2);
    expect(nothing.stderr).toContain('no measurement depends on a parameter of kernel deepep-v1');
  });
});

describe('autotune fidelity', () => {
  it('reports every shipped measurement, held-out errors, skipped files and missing terms as Markdown', () => {
    const { code, stdout } = autotune('fidelity', '--markdown', '--steps', '40');
    expect(code).toBe(0);
    for (const text of [
      '# Fidelity',
      '## Summary by kind of measurement',
      '| gemm |',
      '### measurements/deepgemm-h800-2025-04.json',
      'Skipped: no chip profile "gb200"',
      'Held-out rows',
      'the model is missing a term',
    ]) {
      expect(stdout).toContain(text);
    }
  });

  it('prints JSON with the summaries by kind', () => {
    const { code, stdout } = autotune('fidelity', '--json', '--steps', '20');
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    const gemm = report.summaries.find((s: { kind: string }) => s.kind === 'gemm');
    expect(gemm.shipped.count).toBeGreaterThanOrEqual(20);
    expect(report.files.some((f: { status: string }) => f.status === 'skipped')).toBe(true);
  });
});

describe('lazy TensorFlow.js', () => {
  /** Files reachable from a compiled module through static imports only (dynamic import() is lazy). */
  function staticClosure(entry: string, seen = new Set<string>()): Set<string> {
    if (seen.has(entry)) return seen;
    seen.add(entry);
    const source = readFileSync(entry, 'utf8');
    for (const match of source.matchAll(/^import\s[^;]*?from\s+'([^']+)'|^import\s+'([^']+)'/gm)) {
      const spec = match[1] ?? match[2]!;
      if (spec.startsWith('.')) staticClosure(resolve(dirname(entry), spec), seen);
      else seen.add(spec);
    }
    return seen;
  }

  it('is not imported statically by the CLI, so commands other than calibrate and fidelity never load it', () => {
    expect(readdirSync('dist/src/cli')).toContain('main.js');
    const reached = [...staticClosure(resolve('dist/src/cli/main.js'))];
    expect(reached.filter((spec) => spec.startsWith('@tensorflow'))).toEqual([]);
    expect(reached.some((spec) => spec.endsWith('commands/calibrate.js'))).toBe(true);
  });
});
