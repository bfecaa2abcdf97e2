/** Shared set-up for the report tests: a tiny DeepSeek-V3 spec that a grid search exhausts in a few trials. */
import type { Config } from '../../src/contract/config.js';
import { createModel, DEFAULT_CLUSTER, DEFAULT_KERNEL, type ModelInput } from '../../src/model/index.js';
import { Catalog } from '../../src/profiles/catalog.js';
import type { Chip, Cluster } from '../../src/profiles/schemas.js';
import { parseSpec, type SearchSpec } from '../../src/search/index.js';

export const catalog = new Catalog();

/** 2 schedules x 3 commSMs at one pp/ep/micro-batch: 6 configs, all valid. */
export function tinySpec(overrides: Record<string, unknown> = {}): SearchSpec {
  return parseSpec(
    {
      name: 'tiny',
      workload: 'deepseek-v3',
      chip: 'h800-sxm',
      gpus: 2048,
      objective: { metric: 'tokensPerSecPerGpu', goal: 'maximize' },
      space: {
        schedule: { type: 'choice', values: ['1f1b', 'dualpipev'] },
        commSMs: { type: 'int', min: 8, max: 24, step: 8 },
      },
      fixed: { tp: 1, pp: 16, ep: 64, microBatchSize: 1, nodeLimit: 4 },
      budget: 6,
      optimizer: 'grid',
      seed: 0,
      ...overrides,
    },
    'tiny',
  );
}

export function inputFor(
  spec: SearchSpec,
  chip: Chip = catalog.get('chip', spec.chip),
  cluster: Cluster = catalog.get('cluster', spec.cluster ?? DEFAULT_CLUSTER),
): ModelInput {
  return {
    workload: catalog.get('workload', spec.workload),
    chip,
    cluster,
    kernel: catalog.get('kernel', spec.kernel ?? DEFAULT_KERNEL),
    gpus: spec.gpus,
  };
}

/** Every config of the tiny spec, evaluated: the exhaustive optimum to check a search against. */
export function exhaustiveBest(spec: SearchSpec, input: ModelInput): { config: Config; tokensPerSecPerGpu: number } {
  const model = createModel(input);
  let best: { config: Config; tokensPerSecPerGpu: number } | null = null;
  for (const schedule of ['1f1b', 'dualpipev'] as const) {
    for (const commSMs of [8, 16, 24]) {
      const config: Config = { schedule, commSMs, tp: 1, pp: 16, ep: 64, microBatchSize: 1, nodeLimit: 4 };
      const m = model.evaluate(config);
      if (m.feasible && (best === null || m.tokensPerSecPerGpu > best.tokensPerSecPerGpu))
        best = { config, tokensPerSecPerGpu: m.tokensPerSecPerGpu };
    }
  }
  return best!;
}
