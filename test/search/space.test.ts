import { describe, expect, it } from 'vitest';
import { coordFromUnit, type Dimension, featureOf, levelCount, valueAt } from '../../src/search/dimension.js';
import { compileConstraint } from '../../src/search/expr.js';
import { canonicalKey, SearchSpace } from '../../src/search/space.js';
import { dimensionOf } from '../../src/search/spec.js';

const dims: Dimension[] = [
  dimensionOf('commSMs', { type: 'int', min: 2, max: 64, step: 2 }),
  dimensionOf('pp', { type: 'choice', values: [32, 4, 16, 8] }),
  dimensionOf('schedule', { type: 'choice', values: ['1f1b', 'dualpipe'] }),
  dimensionOf('lr', { type: 'float', min: 1e-3, max: 1, log: true }),
  dimensionOf('frac', { type: 'float', min: 0, max: 0.3, step: 0.1 }),
];

describe('dimensions', () => {
  it('have one numeric form per kind', () => {
    expect(dims.map(levelCount)).toEqual([32, 4, 2, Infinity, 4]);
    expect(dims[1]).toEqual({ kind: 'ordinal', name: 'pp', values: [4, 8, 16, 32] }); // numeric choices: ordered
    expect(valueAt(dims[0]!, 31)).toBe(64);
    expect(valueAt(dims[4]!, 3)).toBe(0.3); // not 0.30000000000000004
    expect(featureOf(dims[1]!, 2)).toBeCloseTo(2 / 3); // by rank: 4, 8, 16, 32 evenly spaced
    expect(featureOf(dims[2]!, 1)).toBe(1); // categorical: the index
    expect(valueAt(dims[3]!, 0.5)).toBeCloseTo(Math.sqrt(1e-3)); // log scale
  });

  it('map uniform draws to every level, log-uniformly where asked', () => {
    const logInt: Dimension = { kind: 'int', name: 'n', min: 1, max: 1000, step: 1, log: true };
    expect(valueAt(logInt, coordFromUnit(logInt, 0.5))).toBe(32); // √1000 ≈ 31.6
    expect([0, 0.3, 0.99].map((u) => coordFromUnit(dims[1]!, u))).toEqual([0, 1, 3]);
  });
});

describe('SearchSpace', () => {
  const names = new Map([
    ['commSMs', 'number'],
    ['pp', 'number'],
    ['schedule', 'string'],
    ['gpus', 'number'],
  ] as const);
  const space = new SearchSpace({
    dims,
    fixed: { tp: 1 },
    constants: { gpus: 64 },
    constraints: [compileConstraint('pp * commSMs <= gpus * 4', new Map(names))],
  });

  it('encodes and decodes configs with real values, through JSON', () => {
    const params = { tp: 1, commSMs: 20, pp: 16, schedule: 'dualpipe', lr: 0.01, frac: 0.2 };
    const point = space.encode(JSON.parse(JSON.stringify(params)))!;
    expect(point.slice(0, 3)).toEqual([9, 2, 1]);
    expect(space.decode(point)).toEqual(params);
    expect(JSON.parse(JSON.stringify(dims))).toEqual(dims);
  });

  it('refuses values outside the space', () => {
    const base = { tp: 1, commSMs: 20, pp: 16, schedule: 'dualpipe', lr: 0.01, frac: 0.2 };
    expect(space.encode({ ...base, commSMs: 21 })).toBeNull(); // off the step
    expect(space.encode({ ...base, pp: 12 })).toBeNull();
    expect(space.encode({ ...base, lr: 2 })).toBeNull();
    expect(space.encode({ ...base, tp: 2 })).toBeNull(); // fixed differs
  });

  it('gives configs a canonical form independent of key order', () => {
    expect(canonicalKey({ b: 1, a: 'x' })).toBe(canonicalKey({ a: 'x', b: 1 }));
    expect(canonicalKey({ a: 1 })).not.toBe(canonicalKey({ a: '1' }));
  });

  it('enumerates the valid points of a discrete space in grid order', () => {
    const discrete = new SearchSpace({
      ...space,
      dims: dims.filter((d) => d.name !== 'lr'),
      constraints: space.constraints,
    });
    const valid = discrete.validPoints()!;
    const expected = Array.from({ length: discrete.size }, (_, i) => discrete.pointAt(i)).filter((p) => {
      const c = discrete.decode(p);
      return (c.pp as number) * (c.commSMs as number) <= 256;
    });
    expect(valid.map((p) => Array.from(p))).toEqual(expected);
    expect(discrete.pointAt(0)).toEqual([0, 0, 0, 0]);
    expect(discrete.pointAt(1)).toEqual([0, 0, 0, 1]); // last dimension fastest
    expect(space.validPoints()).toBeNull(); // continuous
  });

  it('enumerates in slices to the same points and mask, and shares them with an identical space', async () => {
    const definition = { ...space, dims: dims.filter((d) => d.name !== 'lr'), constraints: space.constraints };
    const sliced = new SearchSpace(definition);
    await sliced.enumerate();
    const direct = new SearchSpace(definition).validity()!;
    expect(sliced.validPoints()!.map((p) => Array.from(p))).toEqual(direct.points.map((p) => Array.from(p)));
    expect(Array.from(sliced.validity()!.mask)).toEqual(Array.from(direct.mask));
    const shared = new SearchSpace({
      ...definition,
      check: () => 'never asked: the shared enumeration answers',
      validity: direct,
    });
    expect(shared.validPoints()!.length).toBe(direct.points.length);
    expect(shared.satisfies(direct.points[0]!)).toBe(true);
    expect(() => new SearchSpace({ ...definition, dims: definition.dims.slice(1), validity: direct })).toThrow(
      /another size/,
    );
  });

  it("leaves out what the evaluator's check refuses", () => {
    const check = (params: Record<string, unknown>): string | null =>
      params.schedule === 'dualpipe' && params.pp === 4 ? 'dualpipe needs pp > 4 here' : null;
    const base = { ...space, dims: dims.filter((d) => d.name !== 'lr'), constraints: space.constraints };
    const plain = new SearchSpace(base);
    const checked = new SearchSpace({ ...base, check });
    const refused = plain
      .validPoints()!
      .filter((p) => plain.decode(p).schedule === 'dualpipe' && plain.decode(p).pp === 4);
    expect(refused.length).toBeGreaterThan(0);
    expect(checked.validPoints()!.length).toBe(plain.validPoints()!.length - refused.length);
    expect(checked.satisfies(refused[0]!)).toBe(false);
    expect(checked.refusal(checked.decode(refused[0]!))).toBe('dualpipe needs pp > 4 here');
    expect(plain.satisfies(refused[0]!)).toBe(true);
  });
});
