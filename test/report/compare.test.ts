import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import { runCompare } from '../../src/report/compare.js';
import { catalog, exhaustiveBest, inputFor, tinySpec } from './helpers.js';

const CHIPS = ['h100-sxm', 'h800-sxm', 'h20'];

describe('autotune compare', async () => {
  const spec = tinySpec();
  const result = await runCompare({ spec, chips: CHIPS, catalog });

  it('finds on each chip the exhaustive optimum of a small space (grid search)', () => {
    for (const c of result.chips) {
      const best = exhaustiveBest(spec, inputFor(spec, catalog.get('chip', c.chip)));
      expect(c.tuned?.tokensPerSecPerGpu).toBeCloseTo(best.tokensPerSecPerGpu, 9);
      expect(c.tuned?.config).toEqual(best.config);
      expect(c.study).toMatchObject({ trials: 6, endReason: 'budget' });
    }
  });

  it('measures each chip against its own baseline and against the reference chip', () => {
    const [ref, ...rest] = result.chips;
    expect(result.reference).toBe('h100-sxm');
    expect(ref!.relativeToReference).toEqual({ tuned: 1, baseline: 1 });
    for (const c of [ref!, ...rest]) {
      expect(c.adaptationGain).toBeCloseTo(c.tuned!.tokensPerSecPerGpu / c.baseline!.tokensPerSecPerGpu, 12);
      expect(c.relativeToReference.tuned).toBeCloseTo(c.tuned!.tokensPerSecPerGpu / ref!.tuned!.tokensPerSecPerGpu, 12);
      expect(c.baseline!.config).toMatchObject({ schedule: '1f1b', commSMs: 16 });
    }
  });

  it('has the JSON shape the docs promise, for three chips', () => {
    const json = JSON.parse(JSON.stringify(result));
    expect(json).toMatchObject({
      kind: 'compare',
      spec: 'tiny',
      workload: 'deepseek-v3',
      gpus: 2048,
      optimizer: 'grid',
      budget: 6,
      seed: 0,
    });
    expect(json.chips.map((c: { chip: string }) => c.chip)).toEqual(CHIPS);
    for (const c of json.chips) {
      for (const key of [
        'tuned',
        'baseline',
        'adaptationGain',
        'commSMsNeeded',
        'exportControl',
        'tdpW',
        'priceUsdPerHour',
        'relativeToReference',
        'study',
      ])
        expect(c).toHaveProperty(key);
      for (const key of [
        'config',
        'tokensPerSecPerGpu',
        'mfu',
        'stepTimeS',
        'breakdown',
        'memory',
        'bottleneck',
        'commSMsShare',
        'tokensPerSecPerWatt',
        'tokensPerDollar',
      ]) {
        expect(c.tuned).toHaveProperty(key);
      }
      expect(c.tuned.commSMsShare).toBeCloseTo(c.tuned.config.commSMs / c.sms, 12);
      expect(c.exportControl.tpp).toBeGreaterThan(0);
    }
    const h20 = json.chips[2];
    expect(h20).toMatchObject({ sms: 78, exportControl: { tpp: 2368, licenceNeededOct2023: false } });
  });

  it('refuses an empty or repeated chip list and unknown chips', async () => {
    await expect(runCompare({ spec, chips: [''] })).rejects.toThrow(/--chips = "": name at least one chip/);
    await expect(runCompare({ spec, chips: ['h20', 'h20'] })).rejects.toThrow(/h20 appears twice/);
    await expect(runCompare({ spec, chips: ['h900'] })).rejects.toThrow(UserError);
  });
});
