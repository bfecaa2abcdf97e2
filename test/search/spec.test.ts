import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import { buildSpace, loadSpec, parseSpec } from '../../src/search/spec.js';

const valid = {
  name: 'deepseek-v3-h800',
  workload: 'deepseek-v3',
  chip: 'h800-sxm',
  gpus: 2048,
  objective: { metric: 'tokensPerSecPerGpu', goal: 'maximize' },
  space: {
    commSMs: { type: 'int', min: 2, max: 64, step: 2 },
    schedule: { type: 'choice', values: ['1f1b', 'zb-h1', 'zb-v', 'dualpipe', 'dualpipev'] },
    pp: { type: 'choice', values: [4, 8, 16, 32] },
    ep: { type: 'choice', values: [8, 16, 32, 64, 128] },
    microBatchSize: { type: 'choice', values: [1, 2, 4] },
  },
  fixed: { tp: 1, nodeLimit: 4 },
  constraints: [{ expr: 'schedule != "dualpipe" || pp % 2 == 0' }],
  budget: 200,
  optimizer: 'bo',
  seed: 0,
};

/** The message of the UserError parseSpec throws for `raw`. */
function errorOf(raw: unknown): string {
  try {
    parseSpec(raw, 'searches/x.json');
  } catch (err) {
    expect(err).toBeInstanceOf(UserError);
    return (err as Error).message;
  }
  throw new Error('expected a UserError');
}

describe('parseSpec', () => {
  it('accepts the issue example and fills defaults', () => {
    const spec = parseSpec(valid, 'x.json');
    expect(spec.batchSize).toBe(4);
    const space = buildSpace(spec);
    expect(space.size).toBe(32 * 5 * 4 * 5 * 3);
    expect(space.dims.map((d) => d.kind)).toEqual(['int', 'categorical', 'ordinal', 'ordinal', 'ordinal']);
  });

  it('loads every shipped spec', () => {
    for (const file of readdirSync('searches').filter((f) => f.endsWith('.json'))) {
      const spec = loadSpec(join('searches', file));
      expect(buildSpace(spec).validPoints()!.length).toBeGreaterThan(0);
    }
  });

  it.each([
    [{ ...valid, gpus: 0 }, 'searches/x.json: gpus = 0: must be > 0'],
    [{ ...valid, budget: 'many' }, 'searches/x.json: budget = "many": expected number'],
    [
      { ...valid, objective: { metric: 'speed', goal: 'maximize' } },
      'objective.metric = "speed": allowed: "tokensPerSecPerGpu", "mfu"',
    ],
    [{ ...valid, optimizer: 'tpe' }, 'optimizer = "tpe": allowed: "bo", "evo", "random", "qmc", "grid"'],
    [
      { ...valid, space: { ...valid.space, pp: { type: 'list', values: [4] } } },
      'space.pp.type = "list": allowed: "int", "float", "choice"',
    ],
    [
      { ...valid, space: { ...valid.space, commSMs: { type: 'int', min: 2, max: 'x' } } },
      'space.commSMs.max = "x": expected number',
    ],
    [
      { ...valid, space: { ...valid.space, commSMs: { type: 'int', min: 8, max: 4 } } },
      'space.commSMs.max = 4: must be >= min (8)',
    ],
    [
      { ...valid, space: { ...valid.space, commSMs: { type: 'int', min: 2, max: 8, stride: 2 } } },
      'space.commSMs.stride = 2: unknown field; allowed: type, min, max, step, log',
    ],
    [{ ...valid, colour: 'red' }, 'colour = "red": unknown field; allowed: name, description, workload'],
    [
      { ...valid, space: { ...valid.space, pp: { type: 'float', min: 1, max: 8 } } },
      'space.pp.type = "float": pp takes an integer >= 1; use "int" or "choice"',
    ],
    [
      { ...valid, space: { ...valid.space, schedule: { type: 'choice', values: ['1f1b', 'fast'] } } },
      'space.schedule.values[1] = "fast": schedule takes one of "gpipe", "1f1b"',
    ],
    [
      { ...valid, space: { ...valid.space, warp: { type: 'int', min: 1, max: 2 } } },
      'space.warp = {"type":"int","min":1,"max":2}: not a Config field; allowed: schedule, pp',
    ],
    [{ ...valid, fixed: { nodeLimit: 4 } }, 'space.tp = (missing): required: every config needs tp'],
    [{ ...valid, fixed: { tp: 1, pp: 8 } }, 'fixed.pp = 8: pp is also in space; define it in one place'],
    [{ ...valid, fixed: { tp: 0.5 } }, 'fixed.tp = 0.5: tp takes an integer >= 1'],
    [
      { ...valid, constraints: [{ expr: 'pp * tpp <= 64' }] },
      'constraints[0].expr = "pp * tpp <= 64": unknown name "tpp"',
    ],
    [
      { ...valid, constraints: [{ expr: 'pp + 1' }] },
      'constraints[0].expr = "pp + 1": a constraint must be a comparison or condition',
    ],
    [
      { ...valid, space: { ...valid.space, pp: { type: 'choice', values: [4, 4] } } },
      'space.pp.values = [4,4]: values must be distinct (4 repeats)',
    ],
    [{ ...valid, name: 'has space' }, 'name = "has space": letters, digits'],
  ])('names the field, the value and what is allowed (%#)', (raw, message) => {
    expect(errorOf(raw)).toContain(message);
  });

  it('reports every problem at once, one per line', () => {
    const lines = errorOf({ ...valid, gpus: -1, seed: -2 }).split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^searches\/x\.json: gpus = -1/);
    expect(lines[1]).toMatch(/^searches\/x\.json: seed = -2/);
  });
});

describe('loadSpec', () => {
  const dir = mkdtempSync(join(tmpdir(), 'autotune-spec-'));

  it('names a missing file', () => {
    expect(() => loadSpec(join(dir, 'none.json'))).toThrow(/none\.json: cannot read the search spec \(ENOENT\)/);
  });

  it('names a file that is not JSON', () => {
    writeFileSync(join(dir, 'bad.json'), '{ "name": ');
    expect(() => loadSpec(join(dir, 'bad.json'))).toThrow(/bad\.json: not valid JSON/);
  });
});
