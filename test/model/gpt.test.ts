/** Dense GPT (Megatron) support: GeLU MLPs, the materialized attention core, Megatron's selective recompute, TP with and without sequence parallelism. */
import { describe, expect, it } from 'vitest';
import type { Config } from '../../src/contract/config.js';
import { optimizerTime, ringTime } from '../../src/model/collectives.js';
import { createContext } from '../../src/model/context.js';
import { createModel } from '../../src/model/evaluate.js';
import { ITEM_INDEX, itemParams, modelParams } from '../../src/model/params.js';
import { itemShapes } from '../../src/model/shapes.js';
import { catalog } from './helpers.js';

const gpt = catalog.get('workload', 'gpt-175b');
const a100 = catalog.get('chip', 'a100-sxm');
const selene = catalog.get('cluster', 'selene');
const nccl = catalog.get('kernel', 'nccl');
const [h, s, a, t] = [12288, 2048, 96, 8];
const layer = (sequenceParallel: boolean, b = 1) =>
  itemShapes({
    workload: gpt,
    microBatchSize: b,
    tp: t,
    ep: 1,
    gemmFormat: 'bf16',
    tileM: 128,
    tileN: 128,
    sequenceParallel,
  })[ITEM_INDEX.dense]!;
const SEL: Config = {
  schedule: 'interleaved-1f1b',
  pp: 8,
  vpp: 3,
  ep: 1,
  tp: 8,
  microBatchSize: 1,
  commSMs: 0,
  recompute: 'selective',
  sequenceParallel: true,
};

describe('GPT parameters', () => {
  it('a layer is 12 h^2 plus norms: 4 h^2 of attention (multi-head) and 8 h^2 of GeLU MLP (2 matrices)', () => {
    const p = itemParams(gpt, 'dense').nonExpert;
    expect(p - 12 * h * h).toBe(2 * h); // the two norms' weights
  });

  it('learned position embeddings add seq x h to the embedding, not to the head', () => {
    expect(itemParams(gpt, 'embedding').nonExpert - itemParams(gpt, 'head').nonExpert).toBe(s * h - h);
  });

  it.each([
    ['gpt-22b', 22],
    ['gpt-175b', 175],
    ['gpt-530b', 530],
    ['gpt-1t', 1008],
  ])('%s: within 2%% of the published %fB', (id, published) => {
    expect(Math.abs(modelParams(catalog.get('workload', id)).total / 1e9 / published - 1)).toBeLessThan(0.02);
  });
});

describe('GPT layer shapes (Megatron-LM 2022)', () => {
  it('GeLU MLP: two GEMMs, up h -> 4h/t and down 4h/t -> h', () => {
    const mlp = layer(true).gemms.filter((g) => g.component === 'mlp' && g.pass === 'F');
    expect(mlp.map((g) => [g.name, g.flops])).toEqual([
      ['FFN up', 2 * s * ((4 * h) / t) * h],
      ['FFN down', 2 * s * h * ((4 * h) / t)],
    ]);
  });

  it('the attention core is two batched GEMMs over the full score matrix, both gradients in the input backward', () => {
    const core = layer(true).gemms.filter((g) => g.name.startsWith('attention'));
    expect(core).toHaveLength(6);
    expect(core.every((g) => g.pass !== 'W' && g.selective)).toBe(true);
    expect(core[0]!.flops).toBe(2 * (a / t) * s * s * (h / a)); // no causal halving: the mask is applied, not skipped
    expect(layer(true).attentionFlopsF).toBe(0);
  });

  it('selective recompute re-runs the attention core only: softmax and dropout, no norm or MLP kernel', () => {
    const scores = (a / t) * s * s;
    const again = layer(true).memoryKernels.filter((k) => k.recomputed);
    expect(again.map((k) => [k.name, k.category, k.pass, k.bytes])).toEqual([
      ['scale-mask-softmax', 'softmax', 'F', 4 * scores],
      ['attention dropout', 'dropout', 'F', 5 * scores],
    ]);
    expect(layer(true).gemms.filter((g) => g.selective && !g.name.startsWith('attention'))).toEqual([]);
  });

  // Korthikanti et al. 2022, equations 2-5 (bytes per layer, 16-bit activations, 1-byte dropout masks).
  it.each([
    ['selective, SP', true, 'selective', (34 * s * h) / t],
    ['none, SP', true, 'none', (34 * s * h + 5 * a * s * s) / t],
    ['selective, TP only', false, 'selective', s * h * (10 + 24 / t)],
    ['none, TP only', false, 'none', s * h * (10 + 24 / t + (5 * a * s) / (h * t))],
    ['full, TP only', false, 'full', 2 * s * h],
  ] as const)("activations kept match Korthikanti's formula (%s)", (_, sp, recompute, bytes) => {
    expect(layer(sp).activationBytes[recompute]).toBe(bytes);
  });

  it('TP collectives: 4 all-gather-sized transfers forward; backward exposes 2 with SP and none with all-reduce', () => {
    expect([layer(true).tpCollectives, layer(true).tpCollectivesBackward]).toEqual([4, 2]);
    expect([layer(false).tpCollectives, layer(false).tpCollectivesBackward]).toEqual([4, 0]);
    expect(layer(true).tpCollectiveBytes).toBe((2 * s * h * (t - 1)) / t);
  });

  it('without SP the norms, dropout and residuals run on every token: the replicated element-wise bytes grow by t', () => {
    // Attention side: two norms (4 + 4 bytes per value) and the bias-dropout-add (7); MLP side: its bias-dropout-add.
    const extra = (x: number) => x * h * (s - s / t);
    const forward = (sp: boolean, component: 'attn' | 'mlp') =>
      layer(sp)
        .memoryKernels.filter((k) => k.pass === 'F' && k.component === component)
        .reduce((sum, k) => sum + k.bytes, 0);
    expect(forward(false, 'attn') - forward(true, 'attn')).toBe(extra(15));
    expect(forward(false, 'mlp') - forward(true, 'mlp')).toBe(extra(7));
  });
});

describe('GPT evaluation', () => {
  const model = createModel({
    workload: { ...gpt, globalBatchSequences: 64 },
    chip: a100,
    cluster: selene,
    kernel: nccl,
    gpus: 64,
  });

  it('a dense model skips every MoE path: no routing, no all-to-all, no kernel buffers, no MoE item', () => {
    const m = model.evaluate(SEL);
    expect(m.details.routing).toBeUndefined();
    expect(m.details.allToAllBytes).toBeUndefined();
    expect(m.memory.commBuffersGiB).toBe(0);
    expect(Object.keys(m.details.itemTimesS).sort()).toEqual(['dense', 'embedding', 'head']);
    for (const times of Object.values(m.details.itemTimesS))
      expect(times.dispatchF + times.combineF + times.dispatchB + times.combineB).toBe(0);
    expect(model.check({ ...SEL, ep: 2 })).toMatch(/ep = 2: must be 1: gpt-175b has no experts/);
  });

  it('without SP the pipeline hop adds the NVLink all-gather of the replicated activation (scatter-gather P2P)', () => {
    const withSp = model.evaluate(SEL).details.chunkS.p2p;
    const without = model.evaluate({ ...SEL, sequenceParallel: false }).details.chunkS.p2p;
    const links = createContext({ workload: gpt, chip: a100, cluster: selene, kernel: nccl, gpus: 64 }).links;
    expect(without - withSp).toBeCloseTo(ringTime(links, 2 * h * s, t, 1), 12);
    expect(ringTime(links, 2 * h * s, t, 1)).toBeCloseTo((2 * h * s * 7) / 8 / 230e9 + 7 * 3.3e-6, 12);
  });

  it('selective recompute costs the attention core once more; full recompute the whole forward', () => {
    const ctx = createContext({ workload: gpt, chip: a100, cluster: selene, kernel: nccl, gpus: 64 });
    const cost = (recompute: 'none' | 'selective' | 'full') =>
      ctx.costs(1, t, 1, undefined, recompute, a100.sms, 0, false, true)[ITEM_INDEX.dense]!;
    const [none, sel, full] = [cost('none'), cost('selective'), cost('full')];
    expect(full.attnB + full.mlpB - none.attnB - none.mlpB).toBeCloseTo(none.attnF + none.mlpF, 12);
    const extra = sel.attnB - none.attnB;
    expect(extra).toBeGreaterThan(0);
    expect(extra).toBeLessThan(0.3 * none.attnF); // the core is a minority of the attention block's forward
    expect(sel.mlpB).toBe(none.mlpB);
  });

  it("an FP16 workload runs its GEMMs at the chip's FP16 rate", () => {
    const doubled = { ...a100, fp16DenseTFLOPS: 2 * a100.bf16DenseTFLOPS };
    const cost = (chip: typeof a100) =>
      createContext({ workload: gpt, chip, cluster: selene, kernel: nccl, gpus: 64 }).costs(
        1,
        t,
        1,
        undefined,
        'none',
        a100.sms,
        0,
        false,
        true,
      )[ITEM_INDEX.dense]!;
    // The linear layers' GEMMs are compute-bound: twice the rate halves them; attention over V (reading the whole
    // probability matrix) turns HBM-bound at the doubled rate, so the forward GEMMs halve to within 2%.
    const [base, fast] = [cost(a100), cost(doubled)];
    const ratio = fast.categories.gemmF / base.categories.gemmF;
    expect(ratio).toBeGreaterThan(0.5);
    expect(ratio).toBeLessThan(0.51);
    expect(fast.categories.nonGemm).toBe(base.categories.nonGemm);
  });

  it("Megatron's FP16 optimizer step: Adam plus the loss-scale unscale and gradient-clipping passes, 54 bytes per parameter", () => {
    const held = { nonExpert: 1e9, expert: 0 };
    const groups = { nonExpert: 1, expert: 1, nonExpertStride: t, expertStride: 1 };
    // master read+write 8, gradients read by Adam, unscale (read+write), norm (read), clip (read+write) 6 x 4,
    // moments read+write 16, FP16 weights written 2; then the gradient buffer zeroed, 4.
    expect(optimizerTime(gpt, held, groups, 1e12)).toBeCloseTo((1e9 * (8 + 24 + 16 + 2 + 4)) / 1e12, 12);
    const plain = { ...gpt, optimizer: { masterWeightBytes: 4, gradientBytes: 4, momentBytes: 4 } };
    expect(optimizerTime(plain, held, groups, 1e12)).toBeCloseTo((1e9 * (8 + 4 + 16 + 2 + 4)) / 1e12, 12);
  });
});
