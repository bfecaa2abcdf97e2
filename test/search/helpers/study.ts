/** Shared set-up for the study tests: a spec over the synthetic objective and the evaluator module that computes it. */
import { fileURLToPath } from 'node:url';
import type { EvaluatorModule } from '../../../src/search/evaluator.js';
import type { StudyEvent } from '../../../src/search/events.js';
import type { StudyResult } from '../../../src/search/result.js';
import { parseSpec, type SearchSpec } from '../../../src/search/spec.js';
import { SYNTHETIC_SPACE } from '../../../src/search/synthetic.js';

export const SYNTHETIC: EvaluatorModule = {
  module: fileURLToPath(new URL('../../../src/search/synthetic.ts', import.meta.url)),
  exportName: 'createSyntheticEvaluator',
};

export function syntheticSpec(overrides: Record<string, unknown> = {}): SearchSpec {
  return parseSpec(
    {
      name: 'synthetic',
      workload: 'deepseek-v3',
      chip: 'h800-sxm',
      gpus: 2048,
      objective: { metric: 'tokensPerSecPerGpu', goal: 'maximize' },
      space: SYNTHETIC_SPACE,
      fixed: { tp: 1, nodeLimit: 4 },
      budget: 24,
      optimizer: 'bo',
      seed: 0,
      ...overrides,
    },
    'test',
  );
}

/** The result as its file would hold it, without what may differ between runs (timestamps). */
export function comparable(result: StudyResult): unknown {
  const copy = JSON.parse(JSON.stringify(result));
  delete copy.provenance.startedAt;
  delete copy.provenance.finishedAt;
  delete copy.provenance.elapsedS;
  return copy;
}

export function recorder(): { events: StudyEvent[]; onEvent: (e: StudyEvent) => void } {
  const events: StudyEvent[] = [];
  return { events, onEvent: (e) => events.push(e) };
}
