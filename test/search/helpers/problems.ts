/** Small synthetic problems for the optimiser tests, built on SearchSpace directly (names need not be Config fields). */
import type { Dimension, Params } from '../../../src/search/dimension.js';
import { compileConstraint, type ValueType } from '../../../src/search/expr.js';
import type { Observation, Optimizer } from '../../../src/search/optimizer.js';
import { canonicalKey, SearchSpace } from '../../../src/search/space.js';

export interface ToyProblem {
  space: SearchSpace;
  /** To maximise; null when infeasible. */
  value(params: Params): number | null;
}

function spaceOf(dims: Dimension[], constraints: string[], fixed: Params = {}): SearchSpace {
  const names = new Map<string, ValueType>(dims.map((d) => [d.name, d.kind === 'categorical' ? 'string' : 'number']));
  return new SearchSpace({
    dims,
    fixed,
    constants: {},
    constraints: constraints.map((c) => compileConstraint(c, names)),
  });
}

/**
 * 21 x 4 x 3 = 252 points, minus a constraint; a smooth peak at x = 13, y = 4, c = "b" (value 10), with an
 * infeasible corner (x > 17 and y = 8) that the optimiser learns from.
 */
export function discreteToy(): ToyProblem {
  const space = spaceOf(
    [
      { kind: 'int', name: 'x', min: 0, max: 20, step: 1, log: false },
      { kind: 'ordinal', name: 'y', values: [1, 2, 4, 8] },
      { kind: 'categorical', name: 'c', values: ['a', 'b', 'c'] },
    ],
    ['x + y <= 26'],
    { fixed: 1 },
  );
  return {
    space,
    value: (p) => {
      const x = p.x as number;
      const y = p.y as number;
      if (x > 17 && y === 8) return null;
      const bonus = p.c === 'b' ? 2 : p.c === 'a' ? 1 : 0;
      return 8 + bonus - ((x - 13) / 4) ** 2 - (Math.log2(y) - 2) ** 2;
    },
  };
}

/** A continuous float (log-scaled), a stepped float and a categorical, with a constraint. */
export function continuousToy(): ToyProblem {
  const space = spaceOf(
    [
      { kind: 'float', name: 'lr', min: 1e-4, max: 1, step: null, log: true },
      { kind: 'float', name: 'w', min: 0, max: 1, step: 0.1, log: false },
      { kind: 'categorical', name: 'mode', values: ['p', 'q'] },
    ],
    ['lr * 10 + w <= 5'],
  );
  return {
    space,
    value: (p) => -((Math.log10(p.lr as number) + 2) ** 2) - ((p.w as number) - 0.3) ** 2 + (p.mode === 'q' ? 0.5 : 0),
  };
}

export interface Run {
  asked: Params[];
  best: number;
  /** Evaluations until the best value was first reached. */
  bestAt: number;
}

/** Asks in batches until `budget` configs were asked or the optimiser has no more; tells each batch. */
export function drive(optimizer: Optimizer, problem: ToyProblem, budget: number, batch: number): Run {
  const run: Run = { asked: [], best: -Infinity, bestAt: 0 };
  while (run.asked.length < budget) {
    const asked = optimizer.ask(Math.min(batch, budget - run.asked.length));
    if (asked.length === 0) break;
    const observations: Observation[] = asked.map((params) => {
      run.asked.push(params);
      const value = problem.value(params);
      if (value !== null && value > run.best) {
        run.best = value;
        run.bestAt = run.asked.length;
      }
      return { params, value };
    });
    optimizer.tell(observations);
  }
  return run;
}

/** The best value over every valid point (the space must be enumerable). */
export function exhaustiveBest(problem: ToyProblem): number {
  let best = -Infinity;
  for (const point of problem.space.validPoints()!)
    best = Math.max(best, problem.value(problem.space.decode(point)) ?? -Infinity);
  return best;
}

export function keys(params: readonly Params[]): string[] {
  return params.map(canonicalKey);
}
