/** One suite over every optimiser (after Optuna's sampler conformance tests). */
import { describe, expect, it } from 'vitest';
import { OPTIMIZERS, type OptimizerName } from '../../src/contract/spec.js';
import { createOptimizer } from '../../src/search/optimizers/index.js';
import { continuousToy, discreteToy, drive, exhaustiveBest, keys } from './helpers/problems.js';

const CONTINUOUS = OPTIMIZERS.filter((name) => name !== 'grid');

describe.each(OPTIMIZERS)('optimizer %s', (name: OptimizerName) => {
  it('asks the same configs for the same seed and observations', () => {
    const problem = discreteToy();
    const a = drive(createOptimizer(name, problem.space, { seed: 7 }), problem, 40, 3);
    const b = drive(createOptimizer(name, problem.space, { seed: 7 }), problem, 40, 3);
    expect(keys(a.asked)).toEqual(keys(b.asked));
  });

  it('asks only valid configs, never twice, until the space is exhausted', () => {
    const problem = discreteToy();
    const valid = problem.space.validPoints()!.length;
    const run = drive(createOptimizer(name, problem.space, { seed: 1 }), problem, valid + 10, 5);
    expect(new Set(keys(run.asked)).size).toBe(run.asked.length);
    expect(run.asked.length).toBe(valid);
    for (const params of run.asked) {
      expect(problem.space.encode(params)).not.toBeNull();
      expect(problem.space.violations(params)).toEqual([]);
      expect(params.fixed).toBe(1);
    }
    expect(run.best).toBe(exhaustiveBest(problem));
  });

  it('answers a batch ask with distinct configs, and counts pending ones as asked', () => {
    const problem = discreteToy();
    const optimizer = createOptimizer(name, problem.space, { seed: 3 });
    const first = optimizer.ask(8);
    const second = optimizer.ask(8); // nothing told yet: all 16 pending
    expect(first).toHaveLength(8);
    expect(second).toHaveLength(8);
    expect(new Set(keys([...first, ...second])).size).toBe(16);
    optimizer.tell([...first, ...second].map((params) => ({ params, value: problem.value(params) })));
    expect(optimizer.ask(4)).toHaveLength(4);
  });
});

describe.each(CONTINUOUS)('optimizer %s on a space with continuous floats', (name) => {
  it('asks configs inside the bounds that satisfy the constraints', () => {
    const problem = continuousToy();
    const run = drive(createOptimizer(name, problem.space, { seed: 5 }), problem, 30, 4);
    expect(run.asked).toHaveLength(30);
    expect(new Set(keys(run.asked)).size).toBe(30);
    for (const params of run.asked) {
      expect(params.lr as number).toBeGreaterThanOrEqual(1e-4);
      expect(params.lr as number).toBeLessThanOrEqual(1);
      expect(Math.round((params.w as number) * 10) / 10).toBe(params.w);
      expect(problem.space.violations(params)).toEqual([]);
    }
  });
});

describe('model-based optimizers', () => {
  it.each(['bo', 'evo'] as const)(
    '%s finds the optimum of a smooth problem well before exhausting the space',
    (name) => {
      const problem = discreteToy();
      const best = exhaustiveBest(problem);
      for (const seed of [0, 1, 2]) {
        const run = drive(createOptimizer(name, problem.space, { seed }), problem, 80, 4);
        expect(run.best).toBe(best);
        expect(run.bestAt).toBeLessThan(problem.space.validPoints()!.length / 3);
      }
    },
  );

  it('grid refuses a continuous float, naming it', () => {
    expect(() => createOptimizer('grid', continuousToy().space, { seed: 0 })).toThrow(/lr.*step/);
  });
});
