import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadMeasurementFile, parseMeasurements, shippedMeasurementFiles } from '../../src/calibrate/measurements.js';
import { UserError } from '../../src/errors.js';
import { Catalog } from '../../src/profiles/catalog.js';

const gemm = { kind: 'gemm', m: 4096, n: 7168, k: 2048, dtype: 'fp8', tflops: 1168, source: 'test' };
const file = (measurements: unknown[]) => ({ chip: 'h800-sxm', sources: ['test'], measurements });

function errorOf(json: unknown): string {
  try {
    parseMeasurements(json, 'bad.json');
  } catch (err) {
    expect(err).toBeInstanceOf(UserError);
    return (err as Error).message;
  }
  throw new Error('expected a UserError');
}

describe('measurement files', () => {
  it('accepts every measurement kind', () => {
    const parsed = parseMeasurements(
      file([
        gemm,
        {
          kind: 'alltoall',
          op: 'combine',
          ep: 16,
          nodes: 2,
          sms: 24,
          kernel: 'deepep-v1',
          gbps: 62,
          tier: 'ib',
          source: 's',
        },
        { kind: 'link', tier: 'nvlink', gbps: 160, source: 's' },
        { kind: 'hbm', tbps: 3.0, source: 's' },
      ]),
      'ok.json',
    );
    expect(parsed.measurements.map((m) => m.kind)).toEqual(['gemm', 'alltoall', 'link', 'hbm']);
  });

  it('names the file, the JSON path, the bad value and what is allowed', () => {
    const message = errorOf(file([gemm, { ...gemm, dtype: 'fp16' }]));
    expect(message).toContain('bad.json: $.measurements[1].dtype = "fp16"');
    expect(message).toMatch(/fp8.*bf16/);
  });

  it('rejects a missing figure, a negative one, an unknown kind and a misspelt key', () => {
    const { tflops: _dropped, ...noFigure } = gemm;
    expect(errorOf(file([noFigure]))).toContain('$.measurements[0].tflops = missing');
    expect(errorOf(file([{ ...gemm, k: -512 }]))).toContain('$.measurements[0].k = -512');
    expect(errorOf(file([{ ...gemm, kind: 'nccl' }]))).toContain('$.measurements[0].kind = "nccl"');
    expect(errorOf(file([{ ...gemm, tflop: 3 }]))).toContain(
      '$.measurements[0].tflop = 3: unknown key; allowed: kind, m, n, k',
    );
  });

  it('rejects a file without chip, sources or rows, and an all-to-all over more nodes than GPUs', () => {
    expect(errorOf({ sources: ['s'], measurements: [gemm] })).toContain('$.chip = missing');
    expect(errorOf({ chip: 'h800-sxm', sources: [], measurements: [gemm] })).toContain('$.sources = []');
    expect(errorOf(file([]))).toContain('$.measurements = []');
    const wide = {
      kind: 'alltoall',
      op: 'dispatch',
      ep: 2,
      nodes: 4,
      sms: 24,
      kernel: 'deepep-v1',
      gbps: 50,
      source: 's',
    };
    expect(errorOf(file([wide]))).toContain('$.measurements[0].nodes = 4: must be at most ep (2)');
  });

  it('reports unreadable JSON and a missing file with the path', () => {
    const dir = mkdtempSync(join(tmpdir(), 'autotune-measurements-'));
    const path = join(dir, 'broken.json');
    writeFileSync(path, '{"chip": ');
    expect(() => loadMeasurementFile(path)).toThrow(/broken\.json: not valid JSON/);
    expect(() => loadMeasurementFile(join(dir, 'absent.json'))).toThrow(/absent\.json does not exist/);
  });

  it('ships valid files whose kernels exist, with a source on every row', () => {
    const catalog = new Catalog();
    const files = shippedMeasurementFiles();
    expect(files.length).toBeGreaterThanOrEqual(5);
    for (const path of files) {
      const { data } = loadMeasurementFile(path);
      for (const m of data.measurements) {
        expect(m.source.length).toBeGreaterThan(0);
        if (m.kind === 'alltoall') expect(catalog.ids('kernel')).toContain(m.kernel);
      }
    }
  });
});
