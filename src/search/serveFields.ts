/**
 * The serving config's fields as search-spec rules (a spec with "mode": "serve"). src/serve/config.ts's schema is the
 * contract; test/serve/serve-fields.test.ts checks that these rules accept and refuse what it does.
 */
import { KV_CACHE_FORMATS, SERVE_PHASES, type ServeConfig } from '../serve/config.js';
import type { FieldRule } from './configFields.js';

export const SERVE_CONFIG_FIELDS: Readonly<Record<keyof ServeConfig, FieldRule>> = {
  phase: { kind: 'enum', values: SERVE_PHASES, required: true },
  tp: { kind: 'integer', min: 1, required: true },
  ep: { kind: 'integer', min: 1, required: true },
  batchPerGpu: { kind: 'integer', min: 1, required: true },
  contextLength: { kind: 'integer', min: 1, required: true },
  microBatches: { kind: 'enum', values: [1, 2], required: true },
  commSMs: { kind: 'integer', min: 0, required: false },
  kvCacheFormat: { kind: 'enum', values: KV_CACHE_FORMATS, required: false },
  nodeLimit: { kind: 'integer', min: 1, required: false },
  maxLatencyMs: { kind: 'number', exclusiveMin: 0, required: false },
};
