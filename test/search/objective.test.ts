import { describe, expect, it } from 'vitest';
import type { Metrics } from '../../src/contract/metrics.js';
import { observationOf } from '../../src/search/objective.js';

const metrics = (feasible: boolean): Metrics =>
  ({
    feasible,
    tokensPerSecPerGpu: 1500,
    stepTimeS: 20,
    memoryGiB: 92,
    memory: { capacityGiB: 80 },
  }) as unknown as Metrics;
const params = { pp: 8 };
const maximise = { metric: 'tokensPerSecPerGpu', goal: 'maximize' } as const;
const minimise = { metric: 'stepTimeS', goal: 'minimize' } as const;

describe('observationOf', () => {
  it('tells a feasible config its objective, negated when minimised, and how far it is inside memory', () => {
    const fits = { ...metrics(true), memoryGiB: 40 } as Metrics;
    expect(observationOf(params, { kind: 'evaluated', metrics: fits }, maximise)).toEqual({
      params,
      value: 1500,
      constraint: Math.log(0.5),
    });
    expect(observationOf(params, { kind: 'evaluated', metrics: fits }, minimise)).toEqual({
      params,
      value: -20,
      constraint: Math.log(0.5),
    });
  });

  it('tells an infeasible config no value, but what it would reach were memory no limit', () => {
    const over = { kind: 'evaluated', metrics: metrics(false) } as const;
    expect(observationOf(params, over, maximise)).toEqual({
      params,
      value: null,
      constraint: Math.log(92 / 80),
      unconstrainedValue: 1500,
    });
    expect(observationOf(params, over, minimise)).toMatchObject({ value: null, unconstrainedValue: -20 });
  });

  it('tells a refused config nothing but that', () => {
    expect(observationOf(params, { kind: 'rejected', reason: 'ep' }, maximise)).toEqual({ params, value: null });
  });
});
