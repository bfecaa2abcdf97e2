import { describe, expect, it } from 'vitest';
import type { Config } from '../../src/contract/config.js';
import { createModel } from '../../src/model/index.js';
import { BASELINE_KERNEL, naiveBaseline } from '../../src/report/baseline.js';
import { fieldValues } from '../../src/report/tune.js';
import { loadSpec } from '../../src/search/index.js';
import { catalog, inputFor } from './helpers.js';

const spec = loadSpec('searches/deepseek-v3-h800.json');

describe('the naive baseline', () => {
  it.each(['h800-sxm', 'h20'])(
    'on %s: 1F1B, NCCL on its default SMs, no node limit, the first (pp, ep, mbs) that fits',
    (id) => {
      const chip = catalog.get('chip', id);
      const input = inputFor(spec, chip);
      const outcome = naiveBaseline(spec, input, catalog);
      expect(outcome.kind).toBe('found');
      if (outcome.kind !== 'found') return;
      const nccl = catalog.get('kernel', BASELINE_KERNEL);
      expect(outcome.config).toMatchObject({
        schedule: '1f1b',
        commSMs: nccl.defaultSMs,
        tp: 1,
        recompute: 'selective',
      });
      expect(outcome.config.nodeLimit).toBeUndefined();
      expect(outcome.metrics.feasible).toBe(true);

      // Every candidate before it in the rule's order is invalid or does not fit.
      const model = createModel({ ...input, kernel: nccl });
      const order: Config[] = fieldValues(spec, 'pp').flatMap((pp) =>
        fieldValues(spec, 'ep').flatMap((ep) =>
          fieldValues(spec, 'microBatchSize').map(
            (microBatchSize): Config => ({ ...outcome.config, pp, ep, microBatchSize }),
          ),
        ),
      );
      const at = order.findIndex(
        (c) =>
          c.pp === outcome.config.pp &&
          c.ep === outcome.config.ep &&
          c.microBatchSize === outcome.config.microBatchSize,
      );
      expect(at).toBeGreaterThanOrEqual(0);
      for (const earlier of order.slice(0, at)) {
        expect(model.check(earlier) !== null || !model.evaluate(earlier).feasible).toBe(true);
      }
    },
  );

  it('keeps a recompute the spec fixes', () => {
    const full = { ...spec, space: { ...spec.space }, fixed: { ...spec.fixed, recompute: 'full' } };
    delete (full.space as Record<string, unknown>).recompute;
    const outcome = naiveBaseline(full, inputFor(spec), catalog);
    expect(outcome.kind === 'found' && outcome.config.recompute).toBe('full');
  });

  it('says why when nothing fits', () => {
    const small = { ...catalog.get('chip', 'h800-sxm'), hbmGiB: 24 };
    const outcome = naiveBaseline(spec, inputFor(spec, small), catalog);
    expect(outcome.kind).toBe('none');
    expect(outcome.kind === 'none' && outcome.reason).toMatch(
      /no 1F1B config .* fits: the leanest needs [\d.]+ GiB of 20\.0/,
    );
  });
});
