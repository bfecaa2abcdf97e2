import { describe, expect, it } from 'vitest';
import { expectedRouting, minNodeLimit, missProbability } from '../../src/model/routing.js';

const v3 = { routedExperts: 256, topK: 8, gpusPerNode: 8 };

describe('routing expectation (uniform top-k over the expert placement)', () => {
  it('miss probability by hand: 2 picks from 4 items miss a given 2-item subset with p = (2/4)(1/3)', () => {
    expect(missProbability(4, 2, 2)).toBeCloseTo(1 / 6, 15);
    expect(missProbability(10, 10, 1)).toBe(0);
  });

  it('8 experts over 8 nodes of 32 reach ~5.3 nodes without a node limit', () => {
    const r = expectedRouting({ ...v3, ep: 64, nodeLimit: undefined });
    expect(r.nodes).toBe(8);
    expect(r.nodesPerToken).toBeCloseTo(5.295, 2);
    expect(r.remoteNodesPerToken).toBeCloseTo((r.nodesPerToken * 7) / 8, 12);
    expect(r.gpusPerToken).toBeCloseTo(7.68, 2); // 64 GPUs of 4 experts each
  });

  it('node limit 4: ~3.63 nodes and ~2.2 experts per node visited, below the 3.2 NVLink/IB ratio DeepSeek budgets', () => {
    const r = expectedRouting({ ...v3, ep: 64, nodeLimit: 4 });
    expect(r.candidateNodes).toBe(4);
    expect(r.nodesPerToken).toBeCloseTo(3.629, 2);
    expect(r.expertsPerNodeVisited).toBeCloseTo(2.2, 1);
    // DeepSeek's "3.2 experts per node" is 160/50 (NVLink/IB): the most a token may reach per node at no extra
    // NVLink cost. Uniform routing stays under it, so NVLink forwarding does not bound the dispatch.
    expect(r.expertsPerNodeVisited).toBeLessThan(3.2);
  });

  it('a node limit above the nodes the group spans changes nothing', () => {
    const free = expectedRouting({ ...v3, ep: 64, nodeLimit: undefined });
    expect(expectedRouting({ ...v3, ep: 64, nodeLimit: 8 })).toEqual(free);
    expect(expectedRouting({ ...v3, ep: 64, nodeLimit: 20 })).toEqual(free);
  });

  it('EP inside one node: no remote node, NVLink copies to every destination GPU but the source', () => {
    const r = expectedRouting({ ...v3, ep: 8, nodeLimit: undefined });
    expect(r.nodes).toBe(1);
    expect(r.remoteNodesPerToken).toBe(0);
    expect(r.nvlinkCopiesPerToken).toBeCloseTo((r.gpusPerToken * 7) / 8, 12);
  });

  it('the smallest node limit that holds a token: 8 experts over nodes of 32 need 1 node, of 4 need 2', () => {
    expect(minNodeLimit(256, 8, 64, 8)).toBe(1);
    expect(minNodeLimit(16, 8, 32, 8)).toBe(2);
  });
});
