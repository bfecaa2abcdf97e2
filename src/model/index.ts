/** The cost model's public surface. */
import { UserError } from '../errors.js';
import { Catalog } from '../profiles/catalog.js';
import { type CostModel, createModel, type ModelOptions } from './evaluate.js';

export { type AllToAllRates, type AllToAllVolume, allToAllTime } from './alltoall.js';
export { type Arith, numberArith } from './arith.js';
export { type CostModel, createModel, DEFAULT_RECOMPUTE, type ModelInput, type ModelOptions } from './evaluate.js';
export { type GemmRates, gemmTime } from './gemm.js';
export { moeChunkPair, type PairBreakdown } from './pair-breakdown.js';
export { expectedRouting, type Routing } from './routing.js';

export const DEFAULT_GPUS = 2048;
export const DEFAULT_CLUSTER = 'default';
export const DEFAULT_KERNEL = 'deepep-v1';

/** Profiles named by id (or path), as a study spec or the CLI names them. */
export interface ModelIds {
  workload: string;
  chip: string;
  gpus?: number;
  cluster?: string;
  kernel?: string;
  /** Sequences per step, overriding the workload's globalBatchSequences. */
  globalBatch?: number;
}

/** An evaluator built from profile ids; unknown ids throw a UserError naming the known ones. */
export function createEvaluator(
  ids: ModelIds,
  options: ModelOptions = {},
  catalog: Catalog = new Catalog(),
): CostModel {
  const workload = catalog.get('workload', ids.workload);
  if (ids.globalBatch !== undefined && (!Number.isInteger(ids.globalBatch) || ids.globalBatch < 1)) {
    throw new UserError(`global batch = ${ids.globalBatch}: a whole number of sequences >= 1`);
  }
  return createModel(
    {
      workload: ids.globalBatch === undefined ? workload : { ...workload, globalBatchSequences: ids.globalBatch },
      chip: catalog.get('chip', ids.chip),
      cluster: catalog.get('cluster', ids.cluster ?? DEFAULT_CLUSTER),
      kernel: catalog.get('kernel', ids.kernel ?? DEFAULT_KERNEL),
      gpus: ids.gpus ?? DEFAULT_GPUS,
    },
    options,
  );
}
