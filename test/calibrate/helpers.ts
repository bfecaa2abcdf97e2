import { type CalibrationContext, loadContext } from '../../src/calibrate/context.js';
import { type LoadedTf, loadTf } from '../../src/calibrate/tensor-backend.js';
import { Catalog } from '../../src/profiles/catalog.js';

export const catalog = new Catalog();

/** TensorFlow.js, loaded once per test file (node caches the module; the backend is set again cheaply). */
export const tf: Promise<LoadedTf> = loadTf();

export function context(files: string[], chip?: string): CalibrationContext {
  return loadContext({ catalog, files, chip, cluster: 'default', workload: 'deepseek-v3' });
}

export const DEEPGEMM_FILES = [
  'models/measurements/deepgemm-h800-2025-early.json',
  'models/measurements/deepgemm-h800-2025-04.json',
];
