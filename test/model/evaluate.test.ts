import { describe, expect, it } from 'vitest';
import type { Config } from '../../src/contract/config.js';
import { UserError } from '../../src/errors.js';
import { createModel } from '../../src/model/evaluate.js';
import { argmax, DEEPSEEK, model, profiles, sweep } from './helpers.js';

describe('DeepSeek-V3 on 2048 H800s, DualPipe, PP 16, EP 64 (their published setup)', () => {
  const m = model();
  const r = m.evaluate(DEEPSEEK);

  it('fits, and lands within a defensible range of the public ~1540 tokens/s per GPU (39% MFU)', () => {
    expect(r.feasible).toBe(true);
    // 14.8T tokens in 2.664M H800 hours = 1543 tokens/s/GPU, a whole-run average with everything a model leaves out
    expect(r.tokensPerSecPerGpu / 1543).toBeGreaterThan(0.8);
    expect(r.tokensPerSecPerGpu / 1543).toBeLessThan(1.5);
    expect(r.mfu).toBeGreaterThan(0.3);
    expect(r.mfu).toBeLessThan(0.6);
    expect(r.details.microBatches).toBe(120);
    expect(r.details.dp).toBe(128);
  });

  it('the breakdown sums to the step time, and the bubble fraction is the bubble over the step', () => {
    const b = r.breakdown;
    const sum =
      b.forwardS + b.backwardInputS + b.backwardWeightS + b.overlappedS + b.bubbleS + b.optimizerS + b.exposedCommS;
    expect(sum).toBeCloseTo(r.stepTimeS, 9);
    expect(r.bubbleFraction).toBeCloseTo(b.bubbleS / r.stepTimeS, 12);
    expect(b.overlappedS).toBeGreaterThan(0.5 * r.stepTimeS); // DualPipe: most of the step is overlapped pairs
  });

  it('tokens/s, step time and MFU agree: 15360 x 4096 tokens per step', () => {
    expect(r.tokensPerSecPerGpu * r.stepTimeS * 2048).toBeCloseTo(15360 * 4096, 0);
    expect(r.mfu).toBeCloseTo((r.details.flops.modelPerToken * 15360 * 4096) / (989e12 * r.stepTimeS * 2048), 12);
    expect(r.mfuFp8).toBeCloseTo(r.mfu / 2, 2);
  });

  it('tokens/s as a function of commSMs rises, peaks and falls', () => {
    const curve = sweep(m, DEEPSEEK, 64);
    const best = argmax(curve);
    const at = (sms: number) => curve.find((p) => p.sms === sms)!.tps;
    expect(best).toBeGreaterThan(4);
    expect(best).toBeLessThan(40);
    expect(at(2)).toBeLessThan(0.5 * at(best)); // too few SMs: communication exposed
    expect(at(64)).toBeLessThan(0.9 * at(best)); // too many: GEMMs starved
    // rising below the peak, falling after it (allowing wave-quantization ripples of a percent)
    for (const p of curve) {
      const next = curve.find((q) => q.sms === p.sms + 2);
      if (!next) continue;
      if (p.sms < best) expect(next.tps).toBeGreaterThan(p.tps * 0.99);
      if (p.sms >= best) expect(next.tps).toBeLessThan(p.tps * 1.01);
    }
  });

  it('the peak moves to fewer SMs on the H20 (an SM there is worth ~1/4 of an H800 SM in compute)', () => {
    const h800 = argmax(sweep(m, DEEPSEEK, 64));
    const h20 = argmax(sweep(model('h20'), DEEPSEEK, 64));
    expect(h20).toBeLessThan(h800);
  });

  it('the peak moves to MORE SMs when the NIC or NVLink is slower, and throughput drops at every SM count', () => {
    // Slower links make the pair communication-bound: the compute stream then has slack, so SMs moved to the
    // all-to-all cost nothing until compute turns critical again, and past the link's knee they still help a little.
    const p = profiles();
    const slowNic = createModel({
      ...p,
      cluster: { ...p.cluster, scaleOut: { ...p.cluster.scaleOut, achievableGBpsPerNic: 20 } },
    });
    const slowNvlink = createModel({
      ...p,
      chip: { ...p.chip, nvlink: { ...p.chip.nvlink, achievableGBpsPerDirection: 40 } },
    });
    const base = sweep(m, DEEPSEEK, 64);
    for (const slow of [slowNic, slowNvlink]) {
      const curve = sweep(slow, DEEPSEEK, 64);
      curve.forEach((q, i) => expect(q.tps).toBeLessThanOrEqual(base[i]!.tps * (1 + 1e-9)));
      expect(argmax(curve)).toBeGreaterThan(argmax(base));
    }
  });

  it('serial schedules (1F1B): compute has every SM, so more comm SMs never hurt; they stop helping at the links', () => {
    const curve = sweep(m, { ...DEEPSEEK, schedule: '1f1b' }, 128);
    for (let i = 1; i < curve.length; i++) expect(curve[i]!.tps).toBeGreaterThanOrEqual(curve[i - 1]!.tps * (1 - 1e-9));
    expect(curve.at(-1)!.tps / curve.find((q) => q.sms === 40)!.tps).toBeLessThan(1.02);
  });

  it('DualPipe beats 1F1B and ZB-H1 here: it hides the all-to-all', () => {
    const [dual, one, zb] = (['dualpipe', '1f1b', 'zb-h1'] as const).map(
      (schedule) => m.evaluate({ ...DEEPSEEK, schedule }).tokensPerSecPerGpu,
    );
    expect(dual!).toBeGreaterThan(zb!);
    expect(zb!).toBeGreaterThan(one!);
  });
});

describe('invalid configs: a UserError naming the field and what is allowed', () => {
  const m = model();
  const cases: [string, Partial<Config> & Record<string, unknown>, RegExp][] = [
    ['ep not dividing the GPUs of a stage', { ep: 48 }, /config\.ep = 48: .*allowed: .*64/],
    ["commSMs >= the chip's SMs", { commSMs: 132 }, /config\.commSMs = 132: .*from 2 to 131/],
    ['odd commSMs for DeepEP', { commSMs: 21 }, /config\.commSMs = 21: .*multiple of 2/],
    ['unknown schedule', { schedule: 'zb-x' as Config['schedule'] }, /config\.schedule = "zb-x": one of gpipe, 1f1b/],
    ['tp not dividing the node', { tp: 3 }, /config\.tp = 3: .*allowed: 1, 2, 4, 8/],
    ['pp above the layers', { pp: 64 }, /config\.pp = 64: at most the workload's 61 layers/],
    [
      'micro-batch not dividing the batch',
      { microBatchSize: 7 },
      /config\.microBatchSize = 7: must divide the 120 sequences/,
    ],
    ['vpp without interleaving', { vpp: 2 }, /config\.vpp = 2: only interleaved-1f1b/],
    ["node limit below one node's share", { nodeLimit: 0 }, /config\.nodeLimit = 0: a whole number >= 1/],
  ];
  it.each(cases)('%s', (_, change, message) => {
    const config = { ...DEEPSEEK, ...change } as Config;
    expect(m.check(config)).toMatch(message);
    expect(() => m.evaluate(config)).toThrow(UserError);
  });

  it('odd PP for DualPipe (1536 GPUs, so PP 3 divides them)', () => {
    const odd = model('h800-sxm', 'deepseek-v3', 1536);
    expect(odd.check({ ...DEEPSEEK, pp: 3 })).toMatch(/config\.pp = 3: must be even/);
    expect(() => odd.evaluate({ ...DEEPSEEK, pp: 3 })).toThrow(UserError);
    expect(odd.check({ ...DEEPSEEK, pp: 3, schedule: '1f1b' })).toBeNull();
  });

  it('copy-engine kernels need commSMs = 0', () => {
    const p = profiles();
    const ce = createModel({
      ...p,
      kernel: {
        ...p.kernel,
        id: 'copy-engine',
        smsPerChannel: 0,
        minSMs: 0,
        dispatchPerSmGBps: 0,
        combinePerSmGBps: 0,
      },
    });
    expect(ce.check(DEEPSEEK)).toMatch(/config\.commSMs = 20: must be 0/);
    expect(ce.evaluate({ ...DEEPSEEK, commSMs: 0 }).feasible).toBe(true);
  });
});

describe('infeasible configs', () => {
  it('no recompute with 1F1B on 2 stages does not fit, and the reason names the largest terms and fixes', () => {
    const r = model().evaluate({ ...DEEPSEEK, schedule: '1f1b', pp: 2, recompute: 'none' });
    expect(r.feasible).toBe(false);
    expect(r.bottleneck).toBe('memory-capacity');
    expect(r.infeasibleReason).toMatch(/^does not fit in 76 GiB \(\d+ GiB needed\): .*GiB/);
    expect(r.infeasibleReason).toMatch(/try .*recompute=selective.*more PP/);
    expect(Number.isFinite(r.stepTimeS)).toBe(true);
  });
});
