/**
 * The serving model as a study's evaluator (a spec with "mode": "serve"): the same check/evaluate pair the search
 * runner calls on the training model, built from the spec's ids in every worker. `gpus` bounds the deployment unit
 * (max(ep, tp) GPUs); `kernel` names the phase's all-to-all (default deepep-v1 for prefill, deepep-ll for decode).
 */

import { parseServeConfig, type ServeConfig } from '../contract/serve-config.js';
import { UserError } from '../errors.js';
import { DEFAULT_CLUSTER, DEFAULT_KERNEL } from '../model/index.js';
import { Catalog } from '../profiles/catalog.js';
import { createServeModel, type ServeMetrics } from './evaluate.js';
import { DEFAULT_DECODE_KERNEL } from './index.js';

export interface ServeStudyArgs {
  workload: string;
  chip: string;
  gpus: number;
  cluster?: string;
  kernel?: string;
}

export interface ServeStudyEvaluator {
  check(config: unknown): string | null;
  evaluate(config: unknown): ServeMetrics;
}

export function createServeStudyEvaluator(args: ServeStudyArgs): ServeStudyEvaluator {
  const catalog = new Catalog();
  const kernel = (fallback: string) => catalog.get('kernel', args.kernel ?? fallback);
  const model = createServeModel({
    workload: catalog.get('workload', args.workload),
    chip: catalog.get('chip', args.chip),
    cluster: catalog.get('cluster', args.cluster ?? DEFAULT_CLUSTER),
    prefillKernel: kernel(DEFAULT_KERNEL),
    decodeKernel: kernel(DEFAULT_DECODE_KERNEL),
  });
  const parse = (config: unknown): ServeConfig => parseServeConfig(config, 'serving config');
  const check = (config: unknown): string | null => {
    let c: ServeConfig;
    try {
      c = parse(config);
    } catch (err) {
      if (err instanceof UserError) return err.message;
      throw err;
    }
    if (Math.max(c.ep, c.tp) > args.gpus)
      return `max(ep, tp) = ${Math.max(c.ep, c.tp)}: more GPUs than the spec's gpus (${args.gpus})`;
    return model.check(c);
  };
  return {
    check,
    evaluate(config) {
      const problem = check(config);
      if (problem !== null) throw new UserError(problem);
      return model.evaluate(parse(config));
    },
  };
}
