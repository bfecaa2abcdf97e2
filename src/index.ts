/**
 * The package's library entry (`import { ... } from 'autotune'`): the config contract, the cost model, profiles,
 * studies, and the readers and exporters of result files. The command line (bin/autotune.js) is built on the same.
 */
export {
  type Config,
  parseConfig,
  RECOMPUTE,
  type Recompute,
  SCHEDULES,
  type ScheduleKind,
} from './contract/config.js';
export type { Bottleneck, Breakdown, MemoryBreakdown, Metrics } from './contract/metrics.js';
export { checkSchemaVersion, FILE_KINDS, type FileKind, SCHEMA_VERSIONS } from './contract/versions.js';
export { UserError } from './errors.js';
export {
  createEvaluator,
  createModel,
  DEFAULT_CLUSTER,
  DEFAULT_GPUS,
  DEFAULT_KERNEL,
  type ModelIds,
  type ModelInput,
} from './model/index.js';
export { PACKAGE_VERSION } from './paths.js';
export { Catalog, type LoadedProfile } from './profiles/catalog.js';
export type { Chip, Cluster, Kernel, ProfileKind, Workload } from './profiles/schemas.js';
export { type CompareResult, runCompare } from './report/compare.js';
export { type ExportOutput, exportCompare, exportStudy, FRAMEWORKS, type FrameworkId } from './report/export/index.js';
export { type ResultFile, readResultFile } from './report/result-file.js';
export { showJson, showText } from './report/show.js';
export { runSweep, type SweepResult } from './report/sweep.js';
export {
  loadSpec,
  OPTIMIZERS,
  parseSpec,
  readJournal,
  resumeStudy,
  runStudy,
  type SearchSpec,
  type StudyOptions,
  type StudyResult,
  type Trial,
} from './search/index.js';
