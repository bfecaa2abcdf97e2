import { describe, expect, it } from 'vitest';
import { type AllToAllRates, allToAllLimit, allToAllTime } from '../../src/model/alltoall.js';
import { numberArith as ar } from '../../src/model/arith.js';
import { DEEPSEEK, model } from './helpers.js';

const rates = (p: number): AllToAllRates<number> => ({
  scaleOutBytesPerS: 40e9,
  scaleUpBytesPerS: 160e9,
  linkFraction: 1,
  perSmBytesPerS: 7e9,
  saturationExponent: p,
  latencyS: 0,
});

describe('all-to-all time', () => {
  const volume = { scaleOutBytes: 40e6, scaleUpBytes: 80e6, logicalBytes: 140e6 }; // 1 ms on IB, 0.5 ms on NVLink

  it('the slower link tier dominates when the SMs are plentiful', () => {
    expect(allToAllTime(ar, rates(64), volume, 128)).toBeCloseTo(1e-3, 6);
    expect(allToAllLimit(rates(64), volume, 128)).toBe('scale-out');
  });

  it('few SMs bound it by their logical rate: 10 SMs x 7 GB/s move 140 MB in 2 ms', () => {
    expect(allToAllTime(ar, rates(64), volume, 10)).toBeCloseTo(2e-3, 5);
    expect(allToAllLimit(rates(64), volume, 10)).toBe('comm-sms');
  });

  it('the knee: p = 1 adds the two terms, a large p takes the max; p = 4 at equal terms costs 2^(1/4)', () => {
    expect(allToAllTime(ar, rates(1), volume, 20)).toBeCloseTo(2e-3, 12); // 1 ms link + 1 ms SMs
    expect(allToAllTime(ar, rates(4), volume, 20)).toBeCloseTo(2 ** 0.25 * 1e-3, 12);
  });

  it('a kernel that holds no SM runs at the link pace, and latency adds', () => {
    expect(allToAllTime(ar, { ...rates(4), latencyS: 20e-6 }, volume, 0)).toBeCloseTo(1.02e-3, 12);
  });

  it('DeepSeek-V3 per token: dispatch 7168 x (1 + 4/128) bytes and combine 7168 x 2 per destination copy', () => {
    const d = model().evaluate(DEEPSEEK).details;
    const r = d.routing!;
    const tokens = d.tokensPerMicroBatch; // tp = 1: the whole micro-batch is this GPU's shard
    expect(d.allToAllBytes!.dispatch.logical).toBeCloseTo(tokens * r.gpusPerToken * 7168 * 1.03125, 0);
    expect(d.allToAllBytes!.dispatch.scaleOut).toBeCloseTo(tokens * r.remoteNodesPerToken * 7168 * 1.03125, 0);
    expect(d.allToAllBytes!.combine.scaleUp).toBeCloseTo(tokens * r.nvlinkCopiesPerToken * 7168 * 2, 0);
  });
});
