/** bo's bounded-time machinery: fits run in slices, large GPs keep a subset, candidates join the pool in shares. */
import { describe, expect, it } from 'vitest';
import { CandidatePool } from '../../src/search/algorithms/candidate-pool.js';
import { modelSubset } from '../../src/search/algorithms/model-subset.js';
import { compileConstraint } from '../../src/search/expr.js';
import { GaussianProcess } from '../../src/search/math/gp.js';
import { createOptimizer } from '../../src/search/optimizers/index.js';
import { createRng } from '../../src/search/rng.js';
import { ENUMERATION_LIMIT, SearchSpace } from '../../src/search/space.js';
import { keys } from './helpers/problems.js';

/** f(x, c) = sin(6x) + [c = 1] + x² at `count` points spread over x in [0, 1] and a categorical c in {0, 1, 2}. */
function observed(count: number): GaussianProcess {
  const gp = new GaussianProcess(Uint8Array.from([0, 1]));
  for (let i = 0; i < count; i++) {
    const x = (i * 0.618034) % 1;
    gp.add(Float64Array.from([x, i % 3]), Math.sin(6 * x) + (i % 3 === 1 ? 1 : 0) + x * x);
  }
  return gp;
}

describe('GaussianProcess fit jobs', () => {
  it('reach the same hyperparameters whether run at once or one evaluation at a time', () => {
    const atOnce = observed(40);
    atOnce.fit(createRng(5), 2);
    const sliced = observed(40);
    const job = sliced.startFit(createRng(5), 2)!;
    let slices = 0;
    while (!job.done) {
      const spent = job.advance(1); // less than one evaluation: exactly one per slice
      expect(spent === 0 || spent === job.evaluationWork).toBe(true);
      slices++;
    }
    expect(slices).toBeGreaterThan(10);
    sliced.adoptFit(job);
    expect(sliced.lengthscales).toEqual(atOnce.lengthscales);
    expect(sliced.signal).toBe(atOnce.signal);
    expect(sliced.noise).toBe(atOnce.noise);
  });

  it('keep the old hyperparameters and take new observations until adopted; a subset fit drops the rest', () => {
    const gp = observed(30);
    const before = gp.lengthscales;
    const keep = [0, 2, 4, 6, 8, 10, 12, 14, 16, 18];
    const job = gp.startFit(createRng(1), 0, keep)!;
    job.advance(Infinity);
    gp.add(Float64Array.from([0.5, 2]), 1.23);
    expect(gp.lengthscales).toEqual(before);
    expect(gp.count).toBe(31);
    gp.adoptFit(job);
    expect(gp.count).toBe(keep.length + 1); // the subset and the observation told since the job started
    expect(Array.from(gp.features(keep.length))).toEqual([0.5, 2]);
    expect(gp.target(keep.length)).toBe(1.23);
    expect(Array.from(gp.features(1))).toEqual(Array.from(observed(30).features(2)));
    expect(gp.lengthscales).not.toEqual(before);
  });

  it('estimate an evaluation at n³/2 plus a kernel and its gradient per pair', () => {
    const job = observed(20).startFit(createRng(0), 0)!;
    // n = 20, d = 2 (one ordered): 4000 + 200 · (30 + 2·2 + 4·1)
    expect(job.evaluationWork).toBe(20 ** 3 / 2 + ((20 * 20) / 2) * (30 + 4 + 4));
  });
});

describe('modelSubset', () => {
  it('keeps everything when small enough, else the most relevant half and a random rest, ascending', () => {
    expect(modelSubset(5, 8, (i) => i, createRng(0))).toEqual([0, 1, 2, 3, 4]);
    const relevance = (i: number): number => -Math.abs(i - 50); // nearest to 50 first
    const subset = modelSubset(100, 20, relevance, createRng(3));
    expect(subset).toHaveLength(20);
    expect(new Set(subset).size).toBe(20);
    expect([...subset].sort((a, b) => a - b)).toEqual(subset);
    for (const i of [46, 47, 48, 49, 50, 51, 52, 53, 54]) expect(subset).toContain(i); // the top 10: 45..54 (ties: earlier first)
    expect(subset.filter((i) => Math.abs(i - 50) > 5)).toHaveLength(10);
    expect(modelSubset(100, 20, relevance, createRng(3))).toEqual(subset); // seeded
  });
});

describe('CandidatePool.grow', () => {
  it('scores candidates added in shares as one reset with all of them would', () => {
    const objective = observed(25);
    objective.fit(createRng(2), 0);
    const constraint = observed(12);
    const told = {
      features: Array.from({ length: 25 }, (_, i) => objective.features(i)),
      passed: Array.from({ length: 25 }, (_, i) => i % 4 !== 0),
    };
    const points = Array.from({ length: 30 }, (_, i) => [i % 10, i % 3]);
    const toFeatures = (p: readonly number[]): Float64Array => Float64Array.from([p[0]! / 9, p[1]!]);
    const context = { told, best: 0.5, constraintThreshold: 0.1, isAsked: () => false };
    const whole = new CandidatePool(objective, constraint, toFeatures);
    whole.reset(
      points,
      points.map((_, i) => i),
    );
    whole.beginAsk(context);
    const shares = new CandidatePool(objective, constraint, toFeatures);
    shares.reset(
      points.slice(0, 7),
      points.slice(0, 7).map((_, i) => i),
    );
    shares.beginAsk(context);
    shares.endAsk();
    shares.grow(
      points.slice(7),
      points.slice(7).map((_, i) => i + 7),
    );
    shares.beginAsk(context);
    expect(shares.size).toBe(30);
    for (let c = 0; c < 30; c++) expect(shares.score(c)).toBeCloseTo(whole.score(c), 12);
  });
});

describe('bo past its model limits', () => {
  /** 1,000 x 1,000 points with a constraint: past ENUMERATION_LIMIT, so valid points are drawn by rejection. */
  function largeSpace(): SearchSpace {
    const names = new Map([
      ['x', 'number'],
      ['y', 'number'],
    ] as const);
    return new SearchSpace({
      dims: [
        { kind: 'int', name: 'x', min: 0, max: 999, step: 1, log: false },
        { kind: 'int', name: 'y', min: 0, max: 999, step: 1, log: false },
      ],
      fixed: {},
      constants: {},
      constraints: [compileConstraint('x + y <= 1000', new Map(names))],
    });
  }
  const value = (p: Record<string, unknown>): number =>
    -(((p.x as number) - 300) ** 2) / 1e4 - ((p.y as number) - 600) ** 2 / 1e4;

  it('says a space is sampled, asks only valid configs once, and improves on its design', () => {
    const space = largeSpace();
    expect(space.size).toBeGreaterThan(ENUMERATION_LIMIT);
    expect(space.validPoints()).toBeNull();
    expect(space.samplingNote()).toContain('1,000,000 points');
    const bo = createOptimizer('bo', space, { seed: 4 });
    const asked: Record<string, unknown>[] = [];
    let best = -Infinity;
    let designBest = -Infinity;
    for (let round = 0; round < 12; round++) {
      const batch = bo.ask(4);
      for (const p of batch) {
        expect((p.x as number) + (p.y as number)).toBeLessThanOrEqual(1000);
        best = Math.max(best, value(p));
      }
      asked.push(...batch);
      bo.tell(batch.map((params) => ({ params, value: value(params) })));
      if (round === 2) designBest = best; // the 10-point design and two model-based batches
    }
    expect(new Set(keys(asked as never)).size).toBe(asked.length);
    expect(best).toBeGreaterThan(designBest);
    expect(best).toBeGreaterThan(-0.1); // within ~30 of the peak at (300, 600) in a 1000 x 1000 grid
  });

  it('keeps its GPs at most ~MODEL_MAX observations (160) once told many at once', () => {
    const space = largeSpace();
    const bo = createOptimizer('bo', space, { seed: 1 });
    const first: Record<string, unknown>[] = [];
    for (let i = 0; first.length < 200; i++) {
      const x = (i * 37) % 1000;
      const y = (i * 91) % (1001 - x);
      first.push({ x, y });
    }
    bo.tell(first.map((params) => ({ params, value: value(params) })));
    const gp = (bo as unknown as { objective: GaussianProcess }).objective;
    expect(gp.count).toBe(200);
    for (let round = 0; round < 80 && gp.count > 160; round++) {
      // the first refit runs three starts in slices
      const batch = bo.ask(4);
      bo.tell(batch.map((params) => ({ params, value: value(params) })));
    }
    expect(gp.count).toBeLessThanOrEqual(160);
    expect(gp.count).toBeGreaterThanOrEqual(107); // MODEL_KEEP, plus the ones told while the subset was being fitted
  });
});

describe('bo thinking ahead', () => {
  it('asks exactly what it asks without think(n), which does the model work of each ask ahead, past 64 told configs too', () => {
    const space = new SearchSpace({
      dims: [
        { name: 'x', kind: 'int', min: 0, max: 199, step: 1, log: false },
        { name: 'c', kind: 'categorical', values: ['a', 'b', 'c'] },
        ...['y', 'z', 'w'].map((name) => ({ name, kind: 'int', min: 0, max: 9, step: 1, log: false })),
      ],
      fixed: {},
      constants: {},
      constraints: [],
    } as never);
    const value = (p: Record<string, unknown>): number =>
      Math.sin((p.x as number) / 15) +
      (p.c === 'b' ? 0.5 : 0) -
      ((p.x as number) - 120) ** 2 / 2e4 -
      ((p.y as number) - 3) ** 2 / 20 +
      ((p.z as number) * (p.w as number)) / 100;
    for (const batch of [3, 4]) {
      const run = (think: boolean): { asked: unknown[]; ready: number } => {
        const bo = createOptimizer('bo', space, { seed: 7 });
        const asked: unknown[] = [];
        let ready = 0; // asks that went on from models think() had advanced
        while (asked.length < 72) {
          while (think && bo.think?.(batch)) {}
          if ((bo as unknown as { modelsReady: boolean }).modelsReady) ready++;
          const configs = bo.ask(batch);
          asked.push(...configs);
          bo.tell(configs.map((params) => ({ params, value: value(params) })));
        }
        return { asked, ready };
      };
      const plain = run(false);
      const ahead = run(true);
      expect(ahead.asked).toEqual(plain.asked);
      // every ask but the ones that only claim design points (10 of them): model work ran ahead of each
      expect(ahead.ready).toBe(Math.ceil(72 / batch) - Math.floor(10 / batch));
    }
  });
});
