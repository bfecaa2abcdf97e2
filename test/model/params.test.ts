import { describe, expect, it } from 'vitest';
import { modelFlopsPerToken } from '../../src/model/flops.js';
import { itemParams, modelParams } from '../../src/model/params.js';
import { Catalog } from '../../src/profiles/catalog.js';

const catalog = new Catalog();
const B = 1e9;

describe('parameter counts against the published totals', () => {
  it.each([
    ['deepseek-v3', 671, 37],
    ['deepseek-v2', 236, 21],
    ['llama3-70b', 70.6, 70.6],
  ])('%s: %fB total, %fB active (within 3%)', (id, total, active) => {
    const p = modelParams(catalog.get('workload', id));
    expect(p.total / B).toBeGreaterThan(total * 0.97);
    expect(p.total / B).toBeLessThan(total * 1.03);
    expect(p.active / B).toBeGreaterThan(active * 0.97);
    expect(p.active / B).toBeLessThan(active * 1.03);
  });

  it('DeepSeek-V3 MTP module: its own layer and projection plus the shared embedding and head ~ 14B', () => {
    const w = catalog.get('workload', 'deepseek-v3');
    const shared = itemParams(w, 'embedding').nonExpert + itemParams(w, 'head').nonExpert;
    expect((modelParams(w).mtpOwn + shared) / B).toBeCloseTo(14, -0.5);
  });

  it('one DeepSeek-V3 MLA layer by hand: 187.1M projection parameters', () => {
    const w = catalog.get('workload', 'deepseek-v3');
    // 7168*1536 + 1536*128*192 + 7168*576 + 512*128*256 + 128*128*7168, norms aside
    const projections = 7168 * 1536 + 1536 * 128 * 192 + 7168 * 576 + 512 * 128 * 256 + 128 * 128 * 7168;
    expect(projections).toBe(187_105_280);
    const moe = itemParams(w, 'moe');
    expect(moe.expert).toBe(256 * 3 * 7168 * 2048);
    expect(moe.nonExpert - 3 * 7168 * 2048 - 256 * 7168).toBeGreaterThan(projections);
    expect(moe.nonExpert - 3 * 7168 * 2048 - 256 * 7168 - projections).toBeLessThan(20_000); // norms only
  });
});

describe('model FLOPs per token (6 x active matmul parameters + causal attention)', () => {
  it.each([
    ['deepseek-v3', 250],
    ['deepseek-v2', 155],
  ])('%s: within 15%% of the published %f GFLOP/token', (id, published) => {
    const f = modelFlopsPerToken(catalog.get('workload', id));
    expect(Math.abs(f.total / 1e9 / published - 1)).toBeLessThan(0.15);
  });

  it('DeepSeek-V3 causal attention by hand: 3 x 61 x 4096 x 128 x 320 FLOP', () => {
    const f = modelFlopsPerToken(catalog.get('workload', 'deepseek-v3'));
    expect(f.attention).toBe(3 * 61 * 4096 * 128 * 320);
  });
});
