import { describe, expect, it } from 'vitest';
import { BoundedCache } from '../../src/bounded-cache.js';
import { type Config, RECOMPUTE, SCHEDULES } from '../../src/contract/config.js';
import type { Metrics } from '../../src/contract/metrics.js';
import { model, rng } from './helpers.js';

/** Every number in the metrics, with its path. */
function numbers(value: unknown, path = '$'): [string, number][] {
  if (typeof value === 'number') return [[path, value]];
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([k, v]) => numbers(v, `${path}.${k}`));
}

const pick = <T>(next: () => number, xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!;

describe('property: any valid config gives finite, non-negative figures (seeded random configs)', () => {
  const setups = [
    ['h800-sxm', 'deepseek-v3', 2048],
    ['h20', 'deepseek-v3', 1024],
    ['a100-sxm', 'deepseek-v2', 512], // no FP8: GEMMs fall back to BF16
    ['b200', 'llama3-70b', 256],
    ['h100-sxm', 'deepseek-v2', 96],
  ] as const;

  it.each(setups)('%s / %s / %i GPUs', (chip, workload, gpus) => {
    const evaluator = model(chip, workload, gpus);
    const sms = evaluator.input.chip.sms;
    const next = rng(gpus * 7919 + sms);
    let valid = 0;
    for (let trial = 0; trial < 300 && valid < 25; trial++) {
      const schedule = pick(next, SCHEDULES);
      const config: Config = {
        schedule,
        pp: pick(next, [1, 2, 3, 4, 6, 8, 12, 16, 32]),
        ep: evaluator.input.workload.moe ? pick(next, [1, 2, 4, 8, 16, 32, 64, 128]) : 1,
        tp: pick(next, [1, 1, 2, 4, 8]),
        microBatchSize: pick(next, [1, 1, 2, 4]),
        commSMs: 2 * Math.floor(next() * (sms / 2)),
        recompute: pick(next, RECOMPUTE),
      };
      if (schedule === 'interleaved-1f1b') config.vpp = pick(next, [2, 3, 4]);
      if (next() < 0.5) config.nodeLimit = pick(next, [1, 2, 4, 8]);
      if (evaluator.check(config) !== null) continue;
      valid++;
      const m: Metrics = evaluator.evaluate(config);
      for (const [path, x] of numbers(m)) {
        expect(Number.isFinite(x), `${path} = ${x} for ${JSON.stringify(config)}`).toBe(true);
        expect(x, `${path} for ${JSON.stringify(config)}`).toBeGreaterThanOrEqual(0);
      }
      expect(m.stepTimeS).toBeGreaterThan(0);
      const b = m.breakdown;
      expect(
        b.forwardS + b.backwardInputS + b.backwardWeightS + b.overlappedS + b.bubbleS + b.optimizerS + b.exposedCommS,
      ).toBeCloseTo(m.stepTimeS, 6);
      expect(m.feasible).toBe(m.memory.totalGiB <= m.memory.capacityGiB);
      if (!m.feasible) expect(m.infeasibleReason).toMatch(/^does not fit/);
      // model FLOPs never exceed the peak of the format the GEMMs run in
      expect(m.details.gemmFormat === 'fp8' ? m.mfuFp8! : m.mfu, JSON.stringify(config)).toBeLessThan(1);
    }
    expect(valid).toBeGreaterThanOrEqual(12);
  });
});

describe('MFU that cannot mislead', () => {
  // The best config each shipped chip can run (DualPipeV, DeepSeek's layout, every commSMs choice) stays below 100%
  // of its GEMM format's peak, and a chip whose efficiency for that format is a guess says so.
  it.each(['h800-sxm', 'h100-sxm', 'h200-sxm', 'h20', 'a100-sxm', 'a800-sxm', 'b200'])('%s', (chip) => {
    const evaluator = model(chip, 'deepseek-v3', 2048);
    let best = 0;
    for (let commSMs = 2; commSMs <= 40; commSMs += 2) {
      const m = evaluator.evaluate({
        schedule: 'dualpipev',
        pp: 16,
        ep: 64,
        tp: 1,
        microBatchSize: 1,
        commSMs,
        nodeLimit: 4,
      });
      best = Math.max(best, m.details.gemmFormat === 'fp8' ? m.mfuFp8! : m.mfu);
      const source =
        evaluator.input.chip.sources[
          m.details.gemmFormat === 'fp8' ? 'efficiency.gemmFp8PeakFraction' : 'efficiency.gemmBf16PeakFraction'
        ]!;
      expect(m.details.gemmEfficiencyGuess !== undefined).toBe(source.includes('GUESS'));
    }
    expect(best).toBeGreaterThan(0.05);
    expect(best).toBeLessThan(1);
  });

  it('the H20 says its FP8 GEMM efficiency is a guess; the H800 does not', () => {
    const config = {
      schedule: 'dualpipe',
      pp: 16,
      ep: 64,
      tp: 1,
      microBatchSize: 1,
      commSMs: 20,
      nodeLimit: 4,
    } as const;
    expect(model('h20', 'deepseek-v3', 2048).evaluate(config).details.gemmEfficiencyGuess).toMatch(
      /^h20 efficiency.gemmFp8PeakFraction: GUESS/,
    );
    expect(model('h800-sxm', 'deepseek-v3', 2048).evaluate(config).details.gemmEfficiencyGuess).toBeUndefined();
  });
});

describe('bounded memos', () => {
  it('keep at most their limit, dropping the oldest', () => {
    const cache = new BoundedCache<number, number>(3);
    for (let i = 0; i < 10; i++) cache.getOrCreate(i, () => i * i);
    expect(cache.size).toBe(3);
    let made = 0;
    expect(cache.getOrCreate(9, () => ++made)).toBe(81);
    expect(cache.getOrCreate(0, () => ++made)).toBe(1);
    expect(made).toBe(1);
  });

  it('a hit makes an entry the most recently used: the next miss drops the oldest other one', () => {
    const cache = new BoundedCache<number, string>(3);
    for (const k of [0, 1, 2]) cache.getOrCreate(k, () => `v${k}`);
    expect(cache.getOrCreate(0, () => 'again')).toBe('v0'); // 0 is now the newest; 1 the oldest
    cache.getOrCreate(3, () => 'v3'); // drops 1
    expect(cache.size).toBe(3);
    const made: number[] = [];
    for (const k of [0, 2, 3]) cache.getOrCreate(k, () => `${made.push(k)}`);
    expect(made).toEqual([]);
    expect(cache.getOrCreate(1, () => 'remade')).toBe('remade');
  });

  it("a limit of 0 memoises nothing (the benchmark's uncached path)", () => {
    const cache = new BoundedCache<string, number>(0);
    let made = 0;
    cache.getOrCreate('a', () => ++made);
    cache.getOrCreate('a', () => ++made);
    expect(made).toBe(2);
    expect(cache.size).toBe(0);
  });
});
