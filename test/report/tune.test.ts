import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import { createModel, type ModelInput } from '../../src/model/index.js';
import {
  checkKeyOf,
  clipCommSMs,
  fewestCommSMs,
  fieldValues,
  refineWithPeers,
  specFor,
} from '../../src/report/tune.js';
import { buildSpace, loadSpec, type SearchSpec } from '../../src/search/index.js';
import { catalog, inputFor, tinySpec } from './helpers.js';

const target = (sms: number) => ({ chip: 'x', sms, gpus: 2048 });

describe('specFor and the commSMs range', () => {
  it('clips an int range to the largest grid value below the SM count', () => {
    expect(clipCommSMs('s', { type: 'int', min: 2, max: 64, step: 2 }, target(78))).toEqual({
      type: 'int',
      min: 2,
      max: 64,
      step: 2,
    });
    expect(clipCommSMs('s', { type: 'int', min: 2, max: 64, step: 2 }, target(40))).toEqual({
      type: 'int',
      min: 2,
      max: 38,
      step: 2,
    });
    expect(clipCommSMs('s', { type: 'int', min: 3, max: 64, step: 4 }, target(20))).toEqual({
      type: 'int',
      min: 3,
      max: 19,
      step: 4,
    });
    expect(clipCommSMs('s', { type: 'choice', values: [8, 16, 32, 80] }, target(78))).toEqual({
      type: 'choice',
      values: [8, 16, 32],
    });
  });

  it('refuses a range with no value below the SM count', () => {
    expect(() => clipCommSMs('s', { type: 'int', min: 40, max: 64 }, target(40))).toThrow(
      /space.commSMs.*no value below the 40 SMs of x/,
    );
    expect(() =>
      specFor(
        tinySpec({
          space: { schedule: { type: 'choice', values: ['1f1b'] } },
          fixed: { tp: 1, pp: 16, ep: 64, microBatchSize: 1, commSMs: 90 },
        }),
        target(78),
      ),
    ).toThrow(UserError);
  });

  it('replaces chip, GPUs and cluster, and applies the overrides', () => {
    const spec = specFor(
      loadSpec('searches/deepseek-v3-h800.json'),
      { chip: 'h20', sms: 78, gpus: 1024, cluster: 'roce-8nic' },
      { budget: 7, seed: 3 },
    );
    expect(spec).toMatchObject({ chip: 'h20', gpus: 1024, cluster: 'roce-8nic', budget: 7, seed: 3, optimizer: 'bo' });
  });

  it("lists a field's values ascending, fixed or searched", () => {
    const spec = loadSpec('searches/deepseek-v3-h800.json');
    expect(fieldValues(spec, 'pp')).toEqual([4, 8, 16, 32]);
    expect(fieldValues(spec, 'tp')).toEqual([1]);
    expect(fieldValues(tinySpec(), 'commSMs')).toEqual([8, 16, 24]);
  });
});

describe('refineWithPeers and fewestCommSMs', () => {
  const spec = tinySpec();
  const h800 = createModel(inputFor(spec));
  const h20 = createModel(inputFor(spec, catalog.get('chip', 'h20')));
  const base = { tp: 1, pp: 16, ep: 64, microBatchSize: 1, nodeLimit: 4 } as const;
  const slow = { ...base, schedule: '1f1b' as const, commSMs: 8 };
  const fast = { ...base, schedule: '1f1b' as const, commSMs: 24 };

  it("takes a peer's optimum when it is better here, and says where it came from", () => {
    expect(h800.evaluate(fast).tokensPerSecPerGpu).toBeGreaterThan(h800.evaluate(slow).tokensPerSecPerGpu);
    const [a, b] = refineWithPeers(spec, [slow, fast], [h800, h800]);
    expect(a).toMatchObject({ config: fast, origin: { kind: 'peer', from: 1 } });
    expect(b).toMatchObject({ config: fast, origin: { kind: 'search' } });
    expect(refineWithPeers(spec, [null, null], [h800, h20])).toEqual([null, null]);
  });

  it('finds the fewest commSMs within 0.1% of the optimum', () => {
    const optimum = {
      config: fast,
      objective: h800.evaluate(fast).tokensPerSecPerGpu,
      origin: { kind: 'search' as const },
    };
    const needed = fewestCommSMs(spec, h800, optimum, [8, 16, 24]);
    expect(needed).toBeLessThanOrEqual(24);
    const at = h800.evaluate({ ...fast, commSMs: needed }).tokensPerSecPerGpu;
    expect(at).toBeGreaterThanOrEqual(optimum.objective * 0.999);
    if (needed > 8)
      expect(h800.evaluate({ ...fast, commSMs: needed - 8 }).tokensPerSecPerGpu).toBeLessThan(
        optimum.objective * 0.999,
      );
  });
});

describe('checkKeyOf and shared enumerations', () => {
  /** Every number but `kept` changed: fractions and rates times 0.8, whole numbers halved. */
  function otherFigures<T>(value: T, kept: string, key = ''): T {
    if (typeof value === 'number')
      return (key === kept ? value : Number.isInteger(value) ? Math.max(1, Math.round(value / 2)) : value * 0.8) as T;
    if (Array.isArray(value)) return value.map((v) => otherFigures(v, kept)) as T;
    if (value !== null && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, otherFigures(v, kept, k)])) as T;
    }
    return value;
  }
  const maskOf = (spec: SearchSpec, input: ModelInput): number[] => {
    const model = createModel(input);
    return Array.from(buildSpace(spec, (params) => model.check(params as never)).validity()!.mask);
  };

  it('is equal for chips that differ in speeds only, and they get the same check answers over a shipped space', () => {
    const spec = loadSpec('searches/deepseek-v3-h800.json');
    const h800 = inputFor(spec);
    const slower = inputFor(spec, otherFigures(h800.chip, 'sms'));
    expect([slower.chip.bf16DenseTFLOPS, slower.chip.hbmGiB, slower.chip.sms]).toEqual([495, 40, 132]);
    expect(checkKeyOf(slower)).toBe(checkKeyOf(h800));
    const masks = [h800, slower].map((input) => {
      const model = createModel(input);
      return buildSpace(spec, (params) => model.check(params as never)).validity()!.mask;
    });
    expect(masks[0]!.reduce((a, b) => a + b, 0)).toBeGreaterThan(1000);
    expect(Array.from(masks[1]!)).toEqual(Array.from(masks[0]!));
  });

  it('is equal for clusters that differ but in their node size, and they get the same check answers', () => {
    const spec = loadSpec('searches/deepseek-v3-h800.json');
    const h800 = inputFor(spec);
    const other = { ...h800, cluster: otherFigures(h800.cluster, 'gpusPerNode') };
    expect(other.cluster.gpusPerNode).toBe(h800.cluster.gpusPerNode);
    expect(other.cluster.scaleOut.achievableGBpsPerNic).not.toBe(h800.cluster.scaleOut.achievableGBpsPerNic);
    expect(checkKeyOf(other)).toBe(checkKeyOf(h800));
    const masks = [maskOf(spec, h800), maskOf(spec, other)];
    expect(masks[0]!.reduce((a, b) => a + b, 0)).toBeGreaterThan(1000);
    expect(masks[1]).toEqual(masks[0]);
  });

  it('differs with the SM count, the cluster or the GPUs', () => {
    const spec = loadSpec('searches/deepseek-v3-h800.json');
    const h800 = inputFor(spec);
    expect(checkKeyOf(inputFor(spec, catalog.get('chip', 'h20')))).not.toBe(checkKeyOf(h800));
    expect(checkKeyOf({ ...h800, gpus: 1024 })).not.toBe(checkKeyOf(h800));
    expect(checkKeyOf({ ...h800, cluster: { ...h800.cluster, gpusPerNode: 4 } })).not.toBe(checkKeyOf(h800));
  });
});
