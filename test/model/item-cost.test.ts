import { describe, expect, it } from 'vitest';
import { ITEM_INDEX } from '../../src/model/params.js';
import { itemShapes } from '../../src/model/shapes.js';
import { catalog, DEEPSEEK, model } from './helpers.js';

const v3 = catalog.get('workload', 'deepseek-v3');
const shapes = (tp = 1, ep = 64) =>
  itemShapes({ workload: v3, microBatchSize: 1, tp, ep, gemmFormat: 'fp8', tileM: 128, tileN: 128 });

describe('item shapes (one micro-batch on one GPU)', () => {
  it('causal core attention is half the full score matrix: 2 x 4096^2/2 x 128 heads x (192 + 128)', () => {
    const moe = shapes()[ITEM_INDEX.moe]!;
    expect(moe.attentionFlopsF).toBe(((2 * (4096 * 4096)) / 2) * 128 * 320);
    // backward: QK^T again, dQ, dK (192 each) and dV, dP (128 each): (3 x 192 + 2 x 128) / 320 = 2.6x
    expect(moe.attentionFlopsB / moe.attentionFlopsF).toBeCloseTo(2.6, 12);
  });

  it('forward GEMM FLOPs of a MoE layer on the busiest GPU: 2 x tokens x (attention projections + router + shared expert + 8 x 1.14 routed)', () => {
    const moe = shapes()[ITEM_INDEX.moe]!;
    const forward = moe.gemms.filter((g) => g.pass === 'F').reduce((sum, g) => sum + g.flops, 0);
    const expert = 3 * 7168 * 2048;
    const params = 187_105_280 + 256 * 7168 + expert + 8 * 1.14 * expert; // loadImbalance 1.14 (deepseek-v3.json)
    expect(forward).toBeCloseTo(2 * 4096 * params, -3);
    // every GEMM has an input-gradient and a weight-gradient pass of the same FLOPs
    const backward = moe.gemms.filter((g) => g.pass !== 'F').reduce((sum, g) => sum + g.flops, 0);
    expect(backward).toBeCloseTo(2 * forward, -3);
  });

  it('EP 64 spreads 4096 x 8 expert rows over 4 local experts: 8192 rows each on average, x 1.14 on the busiest GPU', () => {
    const upGate = shapes()[ITEM_INDEX.moe]!.gemms.find((g) => g.name === 'routed experts gate+up' && g.pass === 'F')!;
    expect(upGate.tiles).toBe(4 * Math.ceil((8192 * 1.14) / 128) * (4096 / 128));
  });

  it('TP 2 halves the head-split GEMMs, adds sequence-parallel collectives, and shards the dispatched tokens', () => {
    const [one, two] = [shapes(1)[ITEM_INDEX.moe]!, shapes(2)[ITEM_INDEX.moe]!];
    const oProj = (s: typeof one) => s.gemms.find((g) => g.name === 'output projection' && g.pass === 'F')!.flops;
    expect(oProj(two)).toBeCloseTo(oProj(one) / 2, 0);
    expect(one.tpCollectives).toBe(0);
    // The attention block: all-gather in and reduce-scatter out in the forward; only the row-parallel output
    // projection's gradient all-gather is exposed in the backward (the rest runs beside the GEMMs, as in Megatron).
    expect(two.tpCollectives).toBe(2);
    expect(two.tpCollectivesBackward).toBe(1);
    expect(two.dispatchTokens).toBe(one.dispatchTokens / 2);
  });

  it('recompute keeps less: full < selective < none', () => {
    const a = shapes()[ITEM_INDEX.moe]!.activationBytes;
    expect(a.full).toBeLessThan(a.selective);
    expect(a.selective).toBeLessThan(a.none);
    // selective, per token: ~160-180 KB for a DeepSeek-V3 MoE layer with FP8 caching
    expect(a.selective / 4096 / 1024).toBeGreaterThan(150);
    expect(a.selective / 4096 / 1024).toBeLessThan(190);
  });
});

describe('item costs through the model', () => {
  const m = model();
  const times = (recompute: 'none' | 'selective' | 'full') =>
    m.evaluate({ ...DEEPSEEK, recompute }).details.itemTimesS.moe!;

  it('recompute adds work to the input backward only: selective a little, full the whole forward', () => {
    const [none, selective, full] = [times('none'), times('selective'), times('full')];
    expect(selective.attnF).toBeCloseTo(none.attnF, 15);
    expect(selective.attnB).toBeGreaterThan(none.attnB);
    expect(full.attnB).toBeCloseTo(none.attnB + none.attnF, 12);
    expect(full.combineB).toBeCloseTo(none.combineB + none.dispatchF + none.combineF, 12);
    expect(full.attnW).toBeCloseTo(none.attnW, 15);
  });

  it("overlapped pairs compute on SMs - commSMs (slower than on every SM); transfers slow down by the kernel's under-compute fractions", () => {
    const d = m.evaluate(DEEPSEEK).details;
    const serial = d.itemTimesS.moe!,
      paired = d.itemTimesOverlappedS!.moe!;
    expect(paired.mlpF).toBeGreaterThan(serial.mlpF);
    // deepep-v1.json underCompute: dispatch keeps 0.63 of its standalone rate, combine 0.77
    expect(paired.dispatchF / serial.dispatchF).toBeCloseTo(1 / 0.63, 12);
    expect(paired.combineF / serial.combineF).toBeCloseTo(1 / 0.77, 12);
  });

  it('a dense workload has no all-to-all', () => {
    const llama = model('h800-sxm', 'llama3-70b', 1024).evaluate({
      schedule: '1f1b',
      pp: 8,
      ep: 1,
      tp: 8,
      microBatchSize: 1,
      commSMs: 0,
    });
    expect(llama.details.routing).toBeUndefined();
    const dense = llama.details.itemTimesS.dense!;
    expect(dense.dispatchF + dense.combineF + dense.dispatchB + dense.combineB).toBe(0);
    expect(dense.tpF).toBeGreaterThan(0);
  });
});
