import { describe, expect, it } from 'vitest';
import { numberArith as ar } from '../../src/model/arith.js';
import { type GemmRates, gemmTime, memoryTime, throughputTime, tileCount, waves } from '../../src/model/gemm.js';

// H800 FP8: 1979 TFLOPS over 132 SMs, 0.7 of it, 3.35 TB/s at 0.9.
const rates: GemmRates<number> = {
  peakFlopsPerSm: 1979e12 / 132,
  peakFraction: 0.7,
  tileOverheadK: 512,
  hbmBytesPerS: 3.35e12,
  hbmFraction: 0.9,
};
const tileTime = (k: number) => (2 * 128 * 128 * (k + 512)) / ((1979e12 / 132) * 0.7);

describe('GEMM time', () => {
  it('wave quantization: 132 tiles take 2 waves on 112 SMs and 1 on 132', () => {
    expect(waves(132, 112)).toBe(2);
    expect(waves(132, 132)).toBe(1);
    expect(waves(112, 112)).toBe(1);
    // M = 1536 (12 row tiles) x N = 1408 (11 column tiles) = 132 tiles
    expect(tileCount(1, 1536, 1408, 128, 128)).toBe(132);
    expect(tileCount(4, 100, 129, 128, 128)).toBe(4 * 1 * 2); // partial tiles count whole
  });

  it('a compute-bound GEMM costs waves x one tile time; losing SMs past a wave boundary doubles it', () => {
    const k = 7168;
    const bytes = 1536 * k + 1408 * k + 2 * 1536 * 1408; // FP8 operands, BF16 output: far below the compute time
    const on132 = gemmTime(ar, rates, waves(132, 132), 128, 128, k, bytes);
    const on112 = gemmTime(ar, rates, waves(132, 112), 128, 128, k, bytes);
    expect(on132).toBeCloseTo(tileTime(k), 12);
    expect(on112 / on132).toBeCloseTo(2, 12);
  });

  it('the time is the larger of the compute and the memory term (a slow-HBM chip makes the same GEMM memory-bound)', () => {
    const bytes = 1536 * 7168 + 1408 * 7168 + 2 * 1536 * 1408;
    const slowHbm = { ...rates, hbmBytesPerS: 0.1e12 };
    expect(gemmTime(ar, slowHbm, 1, 128, 128, 7168, bytes)).toBeCloseTo(bytes / (0.1e12 * 0.9), 15);
    expect(gemmTime(ar, rates, 1, 128, 128, 7168, bytes)).toBeCloseTo(tileTime(7168), 15);
  });

  it('small K runs further below peak: K = 512 reaches half the large-K rate per tile', () => {
    const perTileRate = (k: number) => (2 * 128 * 128 * k) / tileTime(k);
    expect(perTileRate(512) / perTileRate(1e9)).toBeCloseTo(0.5, 6);
  });

  it('throughput-bound work (core attention) scales with the SMs and the memory-bound time with bytes', () => {
    const flops = 1e12;
    expect(
      throughputTime(ar, flops, 66, 989e12 / 132, 0.6) / throughputTime(ar, flops, 132, 989e12 / 132, 0.6),
    ).toBeCloseTo(2, 12);
    expect(memoryTime(ar, 3.015e9, 3.35e12, 0.9)).toBeCloseTo(1e-3, 12);
  });
});
