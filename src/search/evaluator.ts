/**
 * What a study evaluates configs with. The evaluator is built from a serialisable description (a module, the name
 * of its factory export, and the spec's ids), so a worker thread can build its own copy.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Config } from '../contract/config.js';
import type { Evaluator } from '../contract/evaluator.js';
import type { Metrics } from '../contract/metrics.js';
import { UserError } from '../errors.js';

/** The spec's ids that say what to build. */
export interface EvaluatorArgs {
  workload: string;
  chip: string;
  gpus: number;
  cluster?: string;
  kernel?: string;
}

export type EvaluatorFactory = (args: EvaluatorArgs) => Evaluator | Promise<Evaluator>;

/** Where a factory lives: an ES module (absolute path or file: URL) and the name of its export. */
export interface EvaluatorModule {
  module: string;
  exportName: string;
}

/** What evaluating one config gave: rejected by check, or evaluated (feasible or not). */
export type Outcome = { kind: 'rejected'; reason: string } | { kind: 'evaluated'; metrics: Metrics };

/**
 * The cost model (createEvaluator of src/model/index.ts, whose ids match EvaluatorArgs): the evaluator of a study
 * unless it names another. Compiled, it is dist/src/model/index.js next to this module's dist/src/search.
 */
export const COST_MODEL: EvaluatorModule = {
  module: fileURLToPath(new URL('../model/index.js', import.meta.url)),
  exportName: 'createEvaluator',
};

/** The serving model (src/serve/study-evaluator.ts): the evaluator of a spec with "mode": "serve". */
export const SERVE_MODEL: EvaluatorModule = {
  module: fileURLToPath(new URL('../serve/study-evaluator.js', import.meta.url)),
  exportName: 'createServeStudyEvaluator',
};

/** A module path as given, or its TypeScript source when running from source (vitest) and there is no .js. */
function resolveModule(module: string): string {
  const path = module.startsWith('file:') ? fileURLToPath(module) : module;
  const source = path.replace(/\.js$/, '.ts');
  return !existsSync(path) && path !== source && existsSync(source) ? source : path;
}

export async function loadEvaluator(source: EvaluatorModule, args: EvaluatorArgs): Promise<Evaluator> {
  const url = pathToFileURL(resolveModule(source.module)).href;
  const loaded = (await import(url)) as Record<string, unknown>;
  const factory = loaded[source.exportName];
  if (typeof factory !== 'function') {
    throw new UserError(`${source.module}: no evaluator factory export "${source.exportName}"`);
  }
  return await (factory as EvaluatorFactory)(args);
}

export function runEvaluator(evaluator: Evaluator, config: Config): Outcome {
  const reason = evaluator.check(config);
  return reason !== null ? { kind: 'rejected', reason } : { kind: 'evaluated', metrics: evaluator.evaluate(config) };
}
