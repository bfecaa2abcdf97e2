/**
 * Benchmark problems for the optimisers: a space and an objective to maximise (null when infeasible), with the
 * exhaustive optimum found by enumeration. The synthetic one needs nothing else; any search spec plus an evaluator
 * (the real cost model) is one too.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { Evaluator } from '../src/contract/evaluator.js';
import type { Params } from '../src/search/dimension.js';
import { type EvaluatorModule, loadEvaluator, runEvaluator } from '../src/search/evaluator.js';
import { observationOf } from '../src/search/objective.js';
import type { Observation } from '../src/search/optimizer.js';
import { canonicalKey, type SearchSpace } from '../src/search/space.js';
import { buildSpace, configOf, loadSpec, parseSpec, type SearchSpec } from '../src/search/spec.js';
import { createSyntheticEvaluator, SYNTHETIC_SPACE } from '../src/search/synthetic.js';

export interface BenchProblem {
  name: string;
  space: SearchSpace;
  batchSize: number;
  /** What an optimiser is told about a config: value to maximise (null when infeasible) and constraint. */
  observe(params: Params): Observation;
}

export interface Optimum {
  value: number;
  params: Params;
  points: number;
  feasible: number;
}

export function problemFromSpec(spec: SearchSpec, evaluator: Evaluator): BenchProblem {
  return {
    name: spec.name,
    space: buildSpace(spec, (params) => evaluator.check(configOf(params))),
    batchSize: spec.batchSize,
    observe: (params) => observationOf(params, runEvaluator(evaluator, configOf(params)), spec.objective),
  };
}

export const SYNTHETIC_SPEC: SearchSpec = parseSpec(
  {
    name: 'synthetic-deepseek-v3',
    workload: 'synthetic',
    chip: 'synthetic',
    gpus: 2048,
    objective: { metric: 'tokensPerSecPerGpu', goal: 'maximize' },
    space: SYNTHETIC_SPACE,
    fixed: { tp: 1, nodeLimit: 4 },
    budget: 200,
  },
  'synthetic',
);

export function syntheticProblem(): BenchProblem {
  return problemFromSpec(SYNTHETIC_SPEC, createSyntheticEvaluator(SYNTHETIC_SPEC));
}

/** A --cache table: every valid point's observation, by canonical key. */
function readCache(cacheFile: string): Map<string, Observation> {
  return new Map<string, Observation>(JSON.parse(readFileSync(cacheFile, 'utf8')));
}

/**
 * A shipped spec evaluated by a factory module, e.g. the real cost model; with no module the problem answers from
 * a complete --cache table, whose keys are the configs the evaluator's check let through.
 */
export async function specProblem(
  specPath: string,
  source: EvaluatorModule | null,
  cacheFile?: string,
): Promise<BenchProblem> {
  const spec = loadSpec(specPath);
  if (source) return problemFromSpec(spec, await loadEvaluator(source, spec));
  if (!cacheFile || !existsSync(cacheFile))
    throw new Error(`${specPath}: needs an evaluator or an existing --cache table`);
  const tabulated = new Set(readCache(cacheFile).keys());
  const fromCache: Evaluator = {
    check: (config) => (tabulated.has(canonicalKey(config as unknown as Params)) ? null : 'not in the --cache table'),
    evaluate: () => {
      throw new Error(`${specPath}: the --cache table answers every valid config; nothing is evaluated`);
    },
  };
  return problemFromSpec(spec, fromCache);
}

/**
 * Evaluates every valid point once (Kernel Tuner's cache): the exhaustive optimum, which regret is measured
 * against, and a problem that answers from the table, so that many seeds cost no more model time.
 */
export function tabulate(problem: BenchProblem, cacheFile?: string): { optimum: Optimum; problem: BenchProblem } {
  if (!problem.space.isDiscrete)
    throw new Error(`${problem.name}: the space is continuous, so it has no exhaustive optimum`);
  const points = problem.space.validPoints() ?? problem.space.scanValid(); // past the enumeration limit: scanned here only
  const cached = cacheFile && existsSync(cacheFile) ? readCache(cacheFile) : null;
  const table = new Map<string, Observation>();
  let optimum: Optimum = { value: -Infinity, params: {}, points: points.length, feasible: 0 };
  for (const point of points) {
    const params = problem.space.decode(point);
    const key = canonicalKey(params);
    const observation = cached?.get(key) ?? problem.observe(params);
    table.set(key, observation);
    const value = observation.value;
    if (value === null) continue;
    optimum.feasible++;
    if (value > optimum.value) optimum = { ...optimum, value, params };
  }
  if (cacheFile && !cached) writeFileSync(cacheFile, JSON.stringify([...table]));
  const lookup = (params: Params): Observation => {
    const observation = table.get(canonicalKey(params));
    if (observation === undefined) throw new Error(`${problem.name}: ${canonicalKey(params)} is not a valid point`);
    return { ...observation, params };
  };
  return { optimum, problem: { ...problem, observe: lookup } };
}
