/**
 * Compute-side time formulas, written once over `Arith` so calibration can differentiate the same code.
 * Efficiency inputs (fractions, tile overhead) are `T`; nameplate facts and integer geometry (waves, bytes) are numbers.
 */
import type { Arith } from './arith.js';

/** Bytes of one BF16 value. */
export const BF16_BYTES = 2;

/** What a GEMM's time depends on besides its shape: the calibration targets and the facts they scale. */
export interface GemmRates<T> {
  /** Dense peak FLOP/s of ONE SM in the GEMM's format (nameplate TFLOPS / SM count). */
  readonly peakFlopsPerSm: number;
  /** Fraction of that peak one SM sustains on a tile as K grows large. */
  readonly peakFraction: T;
  /** Fixed cost per output tile (prologue, epilogue), in K elements. */
  readonly tileOverheadK: T;
  readonly hbmBytesPerS: number;
  readonly hbmFraction: T;
}

/** Waves of output tiles over the SMs that compute: a GEMM of 132 tiles on 112 SMs takes 2. */
export function waves(tiles: number, sms: number): number {
  return Math.ceil(tiles / sms);
}

/** Output tiles of a grouped GEMM: each group's rows x cols are cut into tileM x tileN tiles, partial tiles count whole. */
export function tileCount(groups: number, rows: number, cols: number, tileM: number, tileN: number): number {
  return groups * Math.ceil(rows / tileM) * Math.ceil(cols / tileN);
}

/**
 * Time of one GEMM: max(compute, memory).
 *   compute = waves x (2 tileM tileN (K + tileOverheadK)) / (peakFlopsPerSm x peakFraction)
 *   memory  = bytes / (HBM x hbmFraction)
 * Every SM runs one tile at a time, so a wave costs one tile's time however few tiles it holds.
 */
export function gemmTime<T>(
  ar: Arith<T>,
  rates: GemmRates<T>,
  waveCount: number,
  tileM: number,
  tileN: number,
  k: number,
  bytes: number,
): T {
  const tileFlops = ar.mul(ar.constant(2 * tileM * tileN), ar.add(ar.constant(k), rates.tileOverheadK));
  const compute = ar.div(
    ar.mul(ar.constant(waveCount), tileFlops),
    ar.mul(ar.constant(rates.peakFlopsPerSm), rates.peakFraction),
  );
  const memory = ar.div(ar.constant(bytes), ar.mul(ar.constant(rates.hbmBytesPerS), rates.hbmFraction));
  return ar.max(compute, memory);
}

/**
 * Time of work spread evenly over `sms` SMs at a fraction of their peak (core attention: thousands of
 * (head, query-block) units, so wave quantization is negligible and left out).
 */
export function throughputTime<T>(ar: Arith<T>, flops: number, sms: number, peakFlopsPerSm: number, fraction: T): T {
  return ar.div(ar.constant(flops), ar.mul(ar.constant(sms * peakFlopsPerSm), fraction));
}

/**
 * HBM bytes of a forward GEMM pass: both operands once (FP8 or BF16) and the BF16 output, per group.
 * Example: forwardGemmBytes(1, 4096, 4096, 7168, 'fp8') = 4096*7168 + 4096*7168 + 4096*4096*2 bytes.
 */
export function forwardGemmBytes(groups: number, rows: number, n: number, k: number, format: 'fp8' | 'bf16'): number {
  const operand = format === 'fp8' ? 1 : BF16_BYTES;
  return groups * (rows * k * operand + n * k * operand + rows * n * BF16_BYTES);
}

/** Memory-bound kernels (norms, activations, casts, the optimizer): bytes at the achievable HBM bandwidth. */
export function memoryTime<T>(ar: Arith<T>, bytes: number, hbmBytesPerS: number, hbmFraction: T): T {
  return ar.div(ar.constant(bytes), ar.mul(ar.constant(hbmBytesPerS), hbmFraction));
}
