/** The serving cost model's public surface (src/serve: beside src/model, importing it and src/profiles only). */

import { DEFAULT_CLUSTER, DEFAULT_KERNEL } from '../model/index.js';
import { Catalog } from '../profiles/catalog.js';
import { createServeModel, type ServeEvaluator } from './evaluate.js';

export {
  parseServeConfig,
  SERVE_PHASES,
  type ServeConfig,
  type ServePhase,
  serveConfigSchema,
} from '../contract/serve-config.js';
export {
  createServeModel,
  SERVE_BOTTLENECKS,
  type ServeEvaluator,
  type ServeMetrics,
  type ServeModelInput,
} from './evaluate.js';

/** Decode's all-to-all: DeepEP's low-latency kernels. */
export const DEFAULT_DECODE_KERNEL = 'deepep-ll';

export interface ServeIds {
  workload: string;
  chip: string;
  cluster?: string;
  /** Prefill's all-to-all kernel (default deepep-v1) and decode's (default deepep-ll). */
  prefillKernel?: string;
  decodeKernel?: string;
}

export function createServeEvaluator(ids: ServeIds, catalog: Catalog = new Catalog()): ServeEvaluator {
  return createServeModel({
    workload: catalog.get('workload', ids.workload),
    chip: catalog.get('chip', ids.chip),
    cluster: catalog.get('cluster', ids.cluster ?? DEFAULT_CLUSTER),
    prefillKernel: catalog.get('kernel', ids.prefillKernel ?? DEFAULT_KERNEL),
    decodeKernel: catalog.get('kernel', ids.decodeKernel ?? DEFAULT_DECODE_KERNEL),
  });
}
