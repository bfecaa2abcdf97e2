/** The serving config's fields as search-spec rules (a spec with "mode": "serve"; src/serve/config.ts is the contract). */
import { KV_CACHE_FORMATS, SERVE_PHASES, type ServeConfig } from '../serve/config.js';
import type { FieldRule } from './configFields.js';

export const SERVE_CONFIG_FIELDS: Readonly<Record<keyof ServeConfig, FieldRule>> = {
  phase: { kind: 'enum', values: SERVE_PHASES, required: true },
  tp: { kind: 'integer', min: 1, required: true },
  ep: { kind: 'integer', min: 1, required: true },
  batchPerGpu: { kind: 'integer', min: 1, required: true },
  contextLength: { kind: 'integer', min: 1, required: true },
  microBatches: { kind: 'integer', min: 1, required: true },
  commSMs: { kind: 'integer', min: 0, required: false },
  kvCacheFormat: { kind: 'enum', values: KV_CACHE_FORMATS, required: false },
  nodeLimit: { kind: 'integer', min: 1, required: false },
  maxLatencyMs: { kind: 'integer', min: 1, required: false },
};
