/** The serving cost model: hand-computed figures, invariants, validation and the published-figure checks. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseServeConfig, type ServeConfig } from '../../src/contract/serve-config.js';
import { numberArith } from '../../src/model/arith.js';
import { sustainedPeakFlopsPerSm } from '../../src/model/context.js';
import { gemmTime, tileCount, waves } from '../../src/model/gemm.js';
import { modelParams } from '../../src/model/params.js';
import { Catalog } from '../../src/profiles/catalog.js';
import { defaultServeScenarios, runServeCompare } from '../../src/serve/compare.js';
import { serveFidelity } from '../../src/serve/fidelity.js';
import { createServeEvaluator } from '../../src/serve/index.js';
import { lowLatencyBytes, lowLatencyRates, lowLatencyTime } from '../../src/serve/low-latency.js';
import { kvBytesPerTokenLayer, weightBytesPerGpu } from '../../src/serve/memory.js';
import { runTimeline } from '../../src/serve/timeline.js';
import { batchGrid, bestServeConfig } from '../../src/serve/tune.js';
import { servingTileM } from '../../src/serve/work.js';

const catalog = new Catalog();
const GIB = 2 ** 30;
const decode = (over: Partial<ServeConfig> = {}): ServeConfig => ({
  phase: 'decode',
  tp: 1,
  ep: 64,
  batchPerGpu: 32,
  contextLength: 4096,
  microBatches: 1,
  ...over,
});
const prefill = (over: Partial<ServeConfig> = {}): ServeConfig => ({
  phase: 'prefill',
  tp: 1,
  ep: 32,
  batchPerGpu: 8192,
  contextLength: 4096,
  microBatches: 2,
  commSMs: 24,
  ...over,
});
const ds = (chip = 'h800-sxm') => createServeEvaluator({ workload: 'deepseek-v3', chip }, catalog);
const llama = (chip = 'h800-sxm') => createServeEvaluator({ workload: 'llama3-70b', chip }, catalog);

describe('config', () => {
  it('errors name the field, the value and what is allowed', () => {
    expect(() => parseServeConfig({ ...decode(), microBatches: 3 }, 'x')).toThrow('x: microBatches = 3: 1 or 2');
    expect(() => parseServeConfig({ ...decode(), phase: 'train' }, 'x')).toThrow(
      'x: phase = "train": one of prefill, decode',
    );
    expect(() => parseServeConfig({ ...decode(), tp: 0 }, 'x')).toThrow('x: tp = 0: a whole number >= 1');
    expect(() => parseServeConfig({ ...decode(), bogus: 1 }, 'x')).toThrow('unknown field(s) bogus');
    expect(parseServeConfig(decode(), 'x')).toEqual(decode());
  });

  it('the model rejects configs the workload or kernel cannot run, naming why', () => {
    expect(() => ds().evaluate(decode({ ep: 48 }))).toThrow('ep = 48: must divide the 256 routed experts');
    expect(() => ds().evaluate(decode({ commSMs: 20 }))).toThrow('holds no SM');
    expect(() => ds().evaluate(prefill({ commSMs: 23 }))).toThrow(
      'commSMs = 23: kernel deepep-v1 needs a multiple of 2',
    );
    expect(() => ds().evaluate(prefill({ commSMs: undefined }))).toThrow('commSMs: required for prefill');
    expect(() => ds().evaluate(prefill({ batchPerGpu: 2048 }))).toThrow('tp x batchPerGpu >= contextLength');
    expect(() => llama().evaluate(decode({ ep: 8, tp: 8 }))).toThrow('ep must be 1');
    expect(() => ds().evaluate(decode({ microBatches: 2, batchPerGpu: 33 }))).toThrow('must be even');
  });
});

describe('timeline (two streams)', () => {
  const layer = { attn: 1, mlp: 1, dispatch: 1, combine: 1 };
  it('one micro-batch runs serially: the sum of every task', () => {
    const t = runTimeline([layer, layer], 1, 0.5, 0.5);
    expect(t.totalS).toBe(9);
    expect(t.exposedCommS).toBe(4);
  });
  it('two micro-batches by hand: A0 A1 | D0 D1 | M0 M1 | C0 C1 ends at 5 of 4 compute + 4 comm', () => {
    const t = runTimeline([layer], 2, 0, 0);
    expect(t.totalS).toBe(5);
    expect(t.computeS).toBe(4);
    expect(t.commS).toBe(4);
  });
  it('never faster than the busier stream, never slower than both in series', () => {
    for (const [a, m, d, c] of [
      [3, 1, 0.5, 0.5],
      [1, 1, 4, 3],
      [0.2, 0.3, 0.1, 0.6],
    ] as const) {
      const t = runTimeline(Array(10).fill({ attn: a, mlp: m, dispatch: d, combine: c }), 2, 0, 0);
      expect(t.totalS).toBeGreaterThanOrEqual(Math.max(t.computeS, t.commS) - 1e-12);
      expect(t.totalS).toBeLessThanOrEqual(t.computeS + t.commS + 1e-12);
    }
  });
});

describe('kernel-level checks', () => {
  it("small-M GEMMs against DeepGEMM's H800 table (M = 64: +12.5%, M = 128: -0.2%)", () => {
    const chip = catalog.get('chip', 'h800-sxm');
    const rows = JSON.parse(readFileSync('models/measurements/deepgemm-h800-2025-04.json', 'utf8')).measurements.filter(
      (r: { m: number }) => r.m <= 128,
    );
    const rates = {
      peakFlopsPerSm: sustainedPeakFlopsPerSm(chip, chip.fp8DenseTFLOPS!),
      peakFraction: chip.efficiency.gemmFp8PeakFraction!,
      tileOverheadK: chip.efficiency.gemmTileOverheadK,
      hbmBytesPerS: chip.hbmTBps * 1e12,
      hbmFraction: chip.efficiency.hbmFraction,
    };
    const errors = rows.map((r: { m: number; n: number; k: number; tflops: number }) => {
      const tm = servingTileM(r.m, 128);
      const t = gemmTime(
        numberArith,
        rates,
        waves(tileCount(1, r.m, r.n, tm, 128), chip.sms),
        tm,
        128,
        r.k,
        r.m * r.k + r.n * r.k + 2 * r.m * r.n,
      );
      return t / ((2 * r.m * r.n * r.k) / (r.tflops * 1e12)) - 1;
    });
    expect(errors[0]).toBeCloseTo(0.125, 2); // 64-row tile, one wave: 10.58 us against 9.41
    expect(errors[1]).toBeCloseTo(-0.002, 2); // 128 x 128 tiles, one wave: 46.53 us against 46.6
    expect(servingTileM(3, 128)).toBe(8);
    expect(servingTileM(65, 128)).toBe(128);
  });

  it("low-latency all-to-all: bandwidth per EP from DeepEP's table; the FP8 dispatch's bandwidth predicts the BF16 combine within 5%", () => {
    const kernel = catalog.get('kernel', 'deepep-ll');
    const cluster = catalog.get('cluster', 'default');
    const ll = lowLatencyRates(kernel, cluster);
    expect(ll.latencyS).toBeCloseTo((5 + 3.7) * 1e-6, 12);
    const dispatchBytes = lowLatencyBytes(128, 8, 7168, 1.03125); // 7.57 MB
    expect(dispatchBytes).toBe(7569408);
    expect(ll.bandwidth('dispatch', 8)).toBeCloseTo(dispatchBytes / ((163 - 8.7) * 1e-6), 0);
    const combineBytes = lowLatencyBytes(128, 8, 7168, 2);
    for (const p of kernel.lowLatency!.points) {
      const predicted = ll.latencyS + combineBytes / ll.bandwidth('dispatch', p.ep);
      expect(Math.abs(predicted / (p.combineUs * 1e-6) - 1)).toBeLessThan(0.05);
      expect(lowLatencyTime(ll, 'combine', p.ep, combineBytes)).toBeCloseTo(p.combineUs * 1e-6, 9); // reproduces its own point
    }
    // Interpolated in log2(ep): EP 144 sits between 128 and 256; halving the NICs halves the bandwidth.
    const bw144 = ll.bandwidth('dispatch', 144);
    expect(bw144).toBeLessThanOrEqual(Math.max(ll.bandwidth('dispatch', 128), ll.bandwidth('dispatch', 256)));
    expect(bw144).toBeGreaterThanOrEqual(Math.min(ll.bandwidth('dispatch', 128), ll.bandwidth('dispatch', 256)));
    const half = lowLatencyRates(kernel, catalog.get('cluster', 'roce-4nic'));
    expect(half.bandwidth('dispatch', 64) / ll.bandwidth('dispatch', 64)).toBeCloseTo(0.5, 1); // RoCE's higher latency moves it a little
  });
});

describe('memory', () => {
  it('Llama-3-70B at TP 8: every parameter split 8 ways in BF16; GQA cache of one KV head per GPU', () => {
    const w = catalog.get('workload', 'llama3-70b');
    expect(weightBytesPerGpu(w, 'bf16', 8, 1)).toBeCloseTo((modelParams(w).total * 2) / 8, 0);
    expect(kvBytesPerTokenLayer(w, 8, 2)).toBe(2 * 1 * 128 * 2);
    const m = llama().evaluate(decode({ tp: 8, ep: 1, batchPerGpu: 32 }));
    expect(m.memory.kvCacheGiB).toBeCloseTo((8 * 32 * 4096 * 80 * 512) / GIB, 9); // 40 GiB
  });
  it("DeepSeek-V3: MLA's compressed cache is 576 values per token and layer (70.3 KB per token in BF16)", () => {
    const w = catalog.get('workload', 'deepseek-v3');
    expect(kvBytesPerTokenLayer(w, 1, 2) * w.layers).toBe(70272);
    const m = ds().evaluate(decode({ batchPerGpu: 32, contextLength: 4096 }));
    expect(m.memory.kvCacheGiB).toBeCloseTo((32 * 4096 * 70272) / GIB, 9);
    expect(ds().evaluate(decode({ kvCacheFormat: 'fp8' })).memory.kvCacheGiB).toBeCloseTo(m.memory.kvCacheGiB / 2, 9);
  });
  it('grows with batch and context; the largest batch that fits is the edge of feasibility', () => {
    const e = ds('h20');
    const a = e.evaluate(decode({ batchPerGpu: 16 })),
      b = e.evaluate(decode({ batchPerGpu: 32 })),
      c = e.evaluate(decode({ batchPerGpu: 32, contextLength: 8192 }));
    expect(b.memoryGiB).toBeGreaterThan(a.memoryGiB);
    expect(c.memoryGiB).toBeGreaterThan(b.memoryGiB);
    const max = a.maxBatchPerGpu;
    expect(e.evaluate(decode({ batchPerGpu: max })).feasible).toBe(true);
    const over = e.evaluate(decode({ batchPerGpu: max + 1 }));
    expect(over.feasible).toBe(false);
    expect(over.bottleneck).toBe('memory-capacity');
    expect(over.infeasibleReason).toContain(`batchPerGpu <= ${max} fits`);
    expect(ds().evaluate(decode({ ep: 8, batchPerGpu: 1 })).infeasibleReason).toContain(
      'no batch fits: the weights alone',
    );
  });
  it('weights shrink with EP (routed experts) and TP (attention, dense FFN, vocabulary)', () => {
    const w = catalog.get('workload', 'deepseek-v3');
    expect(weightBytesPerGpu(w, 'fp8', 1, 128)).toBeLessThan(weightBytesPerGpu(w, 'fp8', 1, 64));
    expect(weightBytesPerGpu(w, 'fp8', 8, 64)).toBeLessThan(weightBytesPerGpu(w, 'fp8', 1, 64));
  });
});

describe('decode', () => {
  it('one step is never faster than reading the weights and the KV cache at the nameplate HBM rate', () => {
    for (const chip of ['h800-sxm', 'h20', 'h100-sxm']) {
      for (const batchPerGpu of [1, 16, 64]) {
        const m = ds(chip).evaluate(decode({ batchPerGpu }));
        expect(m.latencyS).toBeGreaterThan(m.details.hbmFloorS);
        const l = llama(chip).evaluate(decode({ tp: 8, ep: 1, batchPerGpu }));
        expect(l.latencyS).toBeGreaterThan(l.details.hbmFloorS);
      }
    }
  });
  it('TPOT grows with the context and the batch; tokens/s grows with the batch', () => {
    const e = ds();
    let last = e.evaluate(decode({ contextLength: 512 }));
    for (const contextLength of [1024, 4096, 16384]) {
      const m = e.evaluate(decode({ contextLength }));
      expect(m.latencyS).toBeGreaterThan(last.latencyS);
      last = m;
    }
    let prev = e.evaluate(decode({ batchPerGpu: 1 }));
    for (const batchPerGpu of [2, 8, 32, 96]) {
      const m = e.evaluate(decode({ batchPerGpu }));
      expect(m.latencyS).toBeGreaterThan(prev.latencyS);
      expect(m.tokensPerSecPerGpu).toBeGreaterThan(prev.tokensPerSecPerGpu);
      prev = m;
    }
  });
  it('the breakdown sums to TPOT; the low-latency all-to-all holds no SM', () => {
    const m = ds().evaluate(decode({ microBatches: 2, batchPerGpu: 64 }));
    const sum = Object.values(m.breakdown).reduce((a, b) => a + b, 0);
    expect(sum).toBeCloseTo(m.latencyS, 12);
    expect(m.details.computeSMs).toBe(132);
    expect(m.details.allToAll.kernel).toBe('deepep-ll');
    expect(m.latencyS).toBeGreaterThanOrEqual(Math.max(m.details.computeS, m.details.commS));
    expect(m.latencyS).toBeLessThanOrEqual(m.details.computeS + m.details.commS);
  });
  it('memory-bound at batch 1 (weights), MLA attention compute-bound at large batch on the H20', () => {
    expect(ds().evaluate(decode({ batchPerGpu: 1 })).bottleneck).toBe('weights-hbm');
    expect(ds('h20').evaluate(decode({ batchPerGpu: 96, contextLength: 4989, microBatches: 2 })).bottleneck).toBe(
      'attention-compute',
    );
  });
  it('two micro-batches hide the all-to-all at a large batch, but read the weights twice: at batch 2 one is faster', () => {
    const e = ds();
    expect(e.evaluate(decode({ batchPerGpu: 96, microBatches: 2 })).latencyS).toBeLessThan(
      e.evaluate(decode({ batchPerGpu: 96 })).latencyS,
    );
    expect(e.evaluate(decode({ batchPerGpu: 2, microBatches: 2 })).latencyS).toBeGreaterThan(
      e.evaluate(decode({ batchPerGpu: 2 })).latencyS,
    );
  });
  it('the H20 beats the H100 on memory-bound decode (Llama-3-70B, batch 1) and loses once compute binds', () => {
    const b1 = decode({ tp: 8, ep: 1, batchPerGpu: 1 });
    expect(llama('h20').evaluate(b1).tokensPerSecPerGpu).toBeGreaterThan(
      llama('h100-sxm').evaluate(b1).tokensPerSecPerGpu,
    );
    const b32 = decode({ tp: 8, ep: 1, batchPerGpu: 32 });
    expect(llama('h20').evaluate(b32).tokensPerSecPerGpu).toBeLessThan(
      llama('h100-sxm').evaluate(b32).tokensPerSecPerGpu,
    );
  });
});

describe('prefill', () => {
  it('TTFT grows with the prompt tokens of the batch and with the prompt length', () => {
    const e = ds();
    const a = e.evaluate(prefill({ batchPerGpu: 4096 })),
      b = e.evaluate(prefill({ batchPerGpu: 8192 })),
      c = e.evaluate(prefill({ batchPerGpu: 8192, contextLength: 8192 }));
    expect(b.latencyS).toBeGreaterThan(a.latencyS);
    expect(c.latencyS).toBeGreaterThan(b.latencyS);
  });
  it('two micro-batches overlap the all-to-all on the SMs left to compute; the breakdown sums to TTFT', () => {
    const m = ds().evaluate(prefill());
    expect(m.details.computeSMs).toBe(132 - 24);
    expect(m.details.hiddenCommS).toBeGreaterThan(0);
    expect(Object.values(m.breakdown).reduce((x, y) => x + y, 0)).toBeCloseTo(m.latencyS, 12);
    const one = ds().evaluate(prefill({ microBatches: 1 }));
    expect(one.details.computeSMs).toBe(132);
    expect(one.details.hiddenCommS).toBeCloseTo(0, 9);
    expect(m.latencyS).toBeLessThan(one.latencyS); // the H800's all-to-all is worth hiding
  });
  it('compute-bound prefill: the H100 beats the H20 by about its compute ratio', () => {
    const r = ds('h100-sxm').evaluate(prefill()).tokensPerSecPerGpu / ds('h20').evaluate(prefill()).tokensPerSecPerGpu;
    expect(r).toBeGreaterThan(2.5);
  });
});

describe('search, comparison and published figures', () => {
  it('the best config under a TPOT limit meets it and beats its neighbours in the grid', () => {
    const e = ds();
    const best = bestServeConfig(e, {
      phase: 'decode',
      tp: [1],
      ep: [64],
      batchPerGpu: batchGrid(128),
      contextLength: 4096,
      microBatches: [1, 2],
      maxLatencyS: 0.03,
    })!;
    expect(best.metrics.latencyS).toBeLessThanOrEqual(0.03);
    expect(best.admissible).toBeGreaterThan(1);
    expect(e.evaluate({ ...best.config, batchPerGpu: best.config.batchPerGpu + 8 }).latencyS).toBeGreaterThan(0.03);
  });
  it('compare --mode serve: per GPU and per watt, the H20 ahead of the H100 only in memory-bound decode', () => {
    const r = runServeCompare(
      ['h100-sxm', 'h20'],
      defaultServeScenarios().filter((s) => s.name.includes('batch 1') || s.name.includes('prefill')),
      catalog,
    );
    const by = (name: string) => r.rows.find((x) => x.scenario.includes(name))!.cells[1]!;
    expect(by('Llama-3-70B decode, batch 1').vsReference).toBeGreaterThan(1);
    expect(by('DeepSeek-V3 prefill').vsReference).toBeLessThan(0.5);
    const cell = by('Llama-3-70B decode, batch 1');
    expect(cell.tokensPerSecPerKw).toBeCloseTo((cell.tokensPerSecPerGpu / 400) * 1e3, 9); // the H20's 400 W TDP
  });
  it('published serving figures: every error stated and within the bounds docs/serving.md reports', () => {
    const rows = serveFidelity(catalog);
    const err = (name: string) => rows.find((r) => r.name.startsWith(name))!.error;
    expect(Math.abs(err('DeepSeek-V3 decode'))).toBeLessThan(0.2); // +12.5%
    expect(Math.abs(err('RTP-LLM decode'))).toBeLessThan(0.2); // +9.6%
    expect(Math.abs(err('RTP-LLM prefill'))).toBeLessThan(0.2); // +7.8%
    expect(err('DeepSeek-V3 prefill')).toBeLessThan(0.6); // +43%: no prompt length published
    expect(err('H20 over H100')).toBeLessThan(0); // the model's +1% under the claimed +20%
    for (const r of rows) expect(r.source.length).toBeGreaterThan(20);
  });
});
