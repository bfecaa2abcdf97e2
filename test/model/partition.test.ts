import { describe, expect, it } from 'vitest';
import { SCHEDULES } from '../../src/contract/config.js';
import { linearPartition, modelUnits } from '../../src/model/partition.js';
import { layoutOf, peakActivationBytes } from '../../src/model/placement.js';
import { buildSchedule } from '../../src/schedule/index.js';
import { catalog, DEEPSEEK, model } from './helpers.js';

describe('cutting the model into chunks', () => {
  it('linear partition by hand: [1,1,1,1,4] into 2 -> [4 units, 1 unit] (max 4)', () => {
    expect(linearPartition([1, 1, 1, 1, 4], 2)).toEqual([4, 1]);
    const sizes = linearPartition([3, 1, 1, 1], 3);
    expect(sizes[0]).toBe(1); // the heavy unit alone; the other two groups weigh at most 2
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(4);
    expect(linearPartition([5, 5, 5, 5], 4)).toEqual([1, 1, 1, 1]);
  });

  it('DeepSeek-V3 units: embedding with layer 0, 60 more layers, the head, the MTP module and the shared head', () => {
    const units = modelUnits(catalog.get('workload', 'deepseek-v3'));
    expect(units.length).toBe(61 + 1 + 2);
    expect(units[0]).toEqual(['embedding', 'dense']);
    expect(units.at(-2)).toEqual(['mtp-proj', 'moe']);
    expect(units.at(-1)).toEqual(['head']);
  });

  it('every layer lands in exactly one chunk, and DualPipe balances rank loads (stage r + stage p-1-r)', () => {
    const d = model().evaluate(DEEPSEEK).details;
    expect(d.layersPerChunk.reduce((a, b) => a + b, 0)).toBe(61 + 1); // + the MTP layer
    expect(Math.max(...d.layersPerChunk)).toBeLessThanOrEqual(5);
  });
});

describe('activation peaks weighted by each chunk', () => {
  it.each(SCHEDULES.filter((s) => s !== 'interleaved-1f1b'))(
    '%s: unit weights reproduce the engine peak per rank',
    (kind) => {
      const s = buildSchedule(kind, { pp: 8, microBatches: 32 });
      const ones = new Float64Array(s.chunksPerMicroBatch).fill(1);
      expect(Array.from(peakActivationBytes(layoutOf(s), ones))).toEqual(Array.from(s.summary.peakActivations));
    },
  );

  it('interleaved-1f1b too', () => {
    const s = buildSchedule('interleaved-1f1b', { pp: 4, microBatches: 16, vpp: 2 });
    const ones = new Float64Array(s.chunksPerMicroBatch).fill(1);
    expect(Array.from(peakActivationBytes(layoutOf(s), ones))).toEqual(Array.from(s.summary.peakActivations));
  });

  it('DualPipe: rank r holds stage r and stage p-1-r and pairs their forward and backward', () => {
    const layout = layoutOf(buildSchedule('dualpipe', { pp: 8, microBatches: 32 }));
    expect(layout.held[0]).toEqual([0, 7]);
    expect(layout.held[3]).toEqual([3, 4]);
    expect(layout.pairs[0]).toEqual([0, 7, 7, 0]);
  });
});
