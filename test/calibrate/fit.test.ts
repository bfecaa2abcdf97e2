import { describe, expect, it } from 'vitest';
import { calibrate } from '../../src/calibrate/calibration.js';
import { DEFAULT_FIT_OPTIONS } from '../../src/calibrate/fit.js';
import { ownedParams, type ParamOwner, paramKey } from '../../src/calibrate/parameters.js';
import type { Measurement } from '../../src/contract/measurements.js';
import { numberArith } from '../../src/model/arith.js';
import { context, DEEPGEMM_FILES, tf } from './helpers.js';

const exact = { ...DEFAULT_FIT_OPTIONS, loss: 'squared' as const, priorWeight: 0, steps: 800 };
const gemm = (m: number, n: number, k: number): Measurement => ({
  kind: 'gemm',
  m,
  n,
  k,
  dtype: 'fp8',
  tflops: 1,
  source: 'synthetic',
});
const alltoall = (op: 'dispatch' | 'combine', ep: number, sms: number): Measurement => ({
  kind: 'alltoall',
  op,
  ep,
  nodes: ep / 8,
  sms,
  kernel: 'deepep-v1',
  gbps: 1,
  source: 'synthetic',
});

/** Replaces every row's figure by the model's own prediction with `truth` (keyed like the fit's parameters). */
function synthesize(rows: Measurement[], truth: Record<string, number>, owners: ParamOwner[]): Measurement[] {
  const ctx = context(['models/measurements/h800-links-hbm.json']);
  const start = Object.fromEntries(
    owners.flatMap((o) => ownedParams(o, ctx.chip.data, ctx.kernel)).map((p) => [p.key, p.initial]),
  );
  return rows.map((m) => {
    const value = ctx.predictor.predict(numberArith, { ...start, ...truth }, m);
    switch (m.kind) {
      case 'gemm':
        return { ...m, tflops: value };
      case 'alltoall':
      case 'link':
        return { ...m, gbps: value };
      case 'hbm':
        return { ...m, tbps: value };
    }
  });
}

describe('calibrate: the fit', () => {
  it('recovers known chip parameters from measurements the model itself generated', async () => {
    const chip: ParamOwner = { kind: 'chip' };
    const truth = {
      [paramKey(chip, 'efficiency.gemmFp8PeakFraction')]: 0.83,
      [paramKey(chip, 'efficiency.gemmTileOverheadK')]: 300,
      [paramKey(chip, 'efficiency.hbmFraction')]: 0.75,
      [paramKey(chip, 'nvlink.achievableGBpsPerDirection')]: 150,
    };
    const rows = synthesize(
      [
        gemm(4096, 4096, 512),
        gemm(4096, 7168, 1024),
        gemm(4096, 7168, 2048),
        gemm(4096, 4096, 7168),
        gemm(4096, 7168, 16384),
        { kind: 'hbm', tbps: 1, source: 'synthetic' },
        { kind: 'link', tier: 'nvlink', gbps: 1, source: 'synthetic' },
      ],
      truth,
      [chip],
    );
    const ctx = context(['models/measurements/h800-links-hbm.json']);
    const result = calibrate(await tf, {
      predictor: ctx.predictor,
      chip: ctx.chip.data,
      kernel: ctx.kernel,
      measurements: rows,
      owners: [chip],
      fit: exact,
    });
    for (const [key, value] of Object.entries(truth)) {
      const fitted = result.params.find((p) => p.param.key === key)!;
      expect(fitted.after, key).toBeCloseTo(value, key.endsWith('OverheadK') ? 0 : 3);
    }
    expect(result.fitted.after.mapePercent).toBeLessThan(0.1);
  });

  it("recovers a kernel's per-SM rates from SM-bound all-to-all measurements", async () => {
    const kernel: ParamOwner = { kind: 'kernel', id: 'deepep-v1' };
    const truth = { [paramKey(kernel, 'dispatchPerSmGBps')]: 9, [paramKey(kernel, 'combinePerSmGBps')]: 6.5 };
    const rows = synthesize(
      [
        alltoall('dispatch', 16, 8),
        alltoall('dispatch', 32, 12),
        alltoall('combine', 16, 8),
        alltoall('combine', 32, 12),
      ],
      truth,
      [kernel],
    );
    const ctx = context(['models/measurements/h800-links-hbm.json']);
    const owners = [kernel];
    const result = calibrate(await tf, {
      predictor: ctx.predictor,
      chip: ctx.chip.data,
      kernel: ctx.kernel,
      measurements: rows,
      owners,
      fit: exact,
    });
    for (const [key, value] of Object.entries(truth))
      expect(result.params.find((p) => p.param.key === key)!.after, key).toBeCloseTo(value, 1);
    expect(result.fitted.after.mapePercent).toBeLessThan(0.5);
  });

  it.each(DEEPGEMM_FILES)(
    'from the model-v1 FP8 fraction (0.70), lowers the median error of GEMM predictions on the shipped DeepGEMM table (%s)',
    async (file) => {
      const ctx = context([file]);
      // The shipped profile already holds this fit's result (models/chips/h800-sxm.json): start the fitted parameter
      // from model v1's guess (the predictor reads fitted parameters from the values the fit passes it).
      const chip = { ...ctx.chip.data, efficiency: { ...ctx.chip.data.efficiency, gemmFp8PeakFraction: 0.7 } };
      const result = calibrate(await tf, {
        predictor: ctx.predictor,
        chip,
        kernel: ctx.kernel,
        measurements: ctx.measurements,
        owners: [{ kind: 'chip' }],
      });
      expect(result.fitted.before.count).toBe(10);
      expect(result.fitted.after.medianApePercent).toBeLessThan(result.fitted.before.medianApePercent);
      expect(result.fitted.after.medianApePercent).toBeLessThan(5);
      // The M=64 GEMM runs 64-row tiles the model does not have: reported, not fitted away.
      const m64 = result.findings.find(
        (f) => f.kind !== 'bound' && f.measurement.kind === 'gemm' && f.measurement.m === 64,
      );
      expect(m64?.kind).toBe('out-of-bounds');
    },
  );

  it('holds out a seeded share of the rows and reports their error separately', async () => {
    const ctx = context([DEEPGEMM_FILES[1]!]);
    const input = {
      predictor: ctx.predictor,
      chip: ctx.chip.data,
      kernel: ctx.kernel,
      measurements: ctx.measurements,
      owners: [{ kind: 'chip' as const }],
      holdout: { fraction: 0.3, seed: 1 },
      fit: { ...DEFAULT_FIT_OPTIONS, steps: 200 },
    };
    const result = calibrate(await tf, input);
    expect(result.rows.filter((r) => r.role === 'held-out')).toHaveLength(3);
    expect(result.heldOut.before.count).toBe(3);
    expect(result.heldOut.after.medianApePercent).toBeLessThan(result.heldOut.before.medianApePercent);
    const again = calibrate(await tf, input);
    expect(again.rows.map((r) => r.role)).toEqual(result.rows.map((r) => r.role));
  });
});
