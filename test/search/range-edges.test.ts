import { describe, expect, it } from 'vitest';
import { describeRangeEdge, describeRangeEdgesBriefly, rangeEdges } from '../../src/search/range-edges.js';
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
      { param: 'commSMs', value: 64, edge: 'highest', lowest: 2, highest: 64, inner: null },
      { param: 'pp', value: 4, edge: 'lowest', lowest: 4, highest: 32, inner: null }, // pp 2 would be allowed
    ]); // microBatchSize 1 is the field's own minimum; schedule and recompute have no order
    expect(rangeEdges(space, { ...config, commSMs: 30, pp: 8, microBatchSize: 4 })).toEqual([
      { param: 'microBatchSize', value: 4, edge: 'highest', lowest: 1, highest: 4, inner: null },
    ]);
    expect(rangeEdges(space, { ...config, commSMs: 30, pp: 16, microBatchSize: 2 })).toEqual([]);
  });

  it('says what to widen, and by how much the end beat the next value inward when that was tried', () => {
    expect(describeRangeEdge(rangeEdges(space, config)[0]!)).toBe(
      'commSMs = 64 is the highest value searched (2..64); the optimum may lie beyond: widen space.commSMs',
    );
    const tried = new Map([
      [64, 2289.5],
      [62, 2289],
    ]);
    const [edge] = rangeEdges(space, config, (p) => (p.pp === 4 ? (tried.get(p.commSMs as number) ?? null) : null));
    expect(edge!.inner!.value).toBe(62);
    expect(edge!.inner!.gain).toBeCloseTo(0.5 / 2289, 12);
    expect(describeRangeEdge(edge!)).toBe(
      'commSMs = 64 is the highest value searched (2..64), 0.02% better than commSMs = 62; the optimum may lie beyond: widen space.commSMs',
    );
    expect(describeRangeEdgesBriefly([edge!])).toBe('best at a range end, widen?: commSMs 64 of 2..64 (+0.02%)');
  });
});
