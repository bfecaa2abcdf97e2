import { describe, expect, it } from 'vitest';
import { describeRangeEdge, rangeEdges } from '../../src/search/rangeEdges.js';
import { SearchSpace } from '../../src/search/space.js';
import { dimensionOf } from '../../src/search/spec.js';

const space = new SearchSpace({
  dims: [
    dimensionOf('commSMs', { type: 'int', min: 2, max: 64, step: 2 }),
    dimensionOf('schedule', { type: 'choice', values: ['1f1b', 'zb-v', 'dualpipe'] }),
    dimensionOf('pp', { type: 'choice', values: [4, 8, 16, 32] }),
    dimensionOf('microBatchSize', { type: 'choice', values: [1, 2, 4] }),
    dimensionOf('recompute', { type: 'choice', values: ['none', 'selective'] }),
  ],
  fixed: { tp: 1 },
  constants: {},
  constraints: [],
});
const config = { tp: 1, commSMs: 64, schedule: 'dualpipe', pp: 4, microBatchSize: 1, recompute: 'selective' };

describe('rangeEdges', () => {
  it('reports numeric values at an end of their searched range, not at the end of what the field allows', () => {
    expect(rangeEdges(space, config)).toEqual([
      { param: 'commSMs', value: 64, edge: 'highest', lowest: 2, highest: 64 },
      { param: 'pp', value: 4, edge: 'lowest', lowest: 4, highest: 32 }, // pp 2 would be allowed
    ]); // microBatchSize 1 is the field's own minimum; schedule and recompute have no order
    expect(rangeEdges(space, { ...config, commSMs: 30, pp: 8, microBatchSize: 4 })).toEqual([
      { param: 'microBatchSize', value: 4, edge: 'highest', lowest: 1, highest: 4 },
    ]);
    expect(rangeEdges(space, { ...config, commSMs: 30, pp: 16, microBatchSize: 2 })).toEqual([]);
  });

  it('says what to widen', () => {
    expect(describeRangeEdge(rangeEdges(space, config)[0]!)).toBe(
      'commSMs = 64 is the highest value searched (2..64); the optimum may lie beyond: widen space.commSMs',
    );
  });
});
