/**
 * The package's library entry (`import { ... } from 'autotune'`): the config contract, the cost model, profiles,
 * studies, and the readers and exporters of result files. The command line (bin/autotune.js) is built on the same.
 */
export { SCHEDULES, RECOMPUTE, type Config, type Recompute, type ScheduleKind } from './contract/config.js';
export { type Breakdown } from './contract/metrics.js';
export { UserError } from './errors.js';
export { FILE_KINDS, SCHEMA_VERSIONS, checkSchemaVersion, type FileKind } from './contract/versions.js';
export { PACKAGE_VERSION } from './paths.js';
export { createEvaluator, createModel, DEFAULT_CLUSTER, DEFAULT_GPUS, DEFAULT_KERNEL, type ModelIds, type ModelInput } from './model/index.js';
export { parseConfig } from './contract/config.js';
export type { Metrics, MemoryBreakdown, Bottleneck } from './contract/metrics.js';
export { Catalog, type LoadedProfile } from './profiles/catalog.js';
export type { Chip, Cluster, Kernel, Workload, ProfileKind } from './profiles/schemas.js';
export { loadSpec, parseSpec, runStudy, resumeStudy, readJournal, OPTIMIZERS, type SearchSpec, type StudyOptions, type StudyResult, type Trial } from './search/index.js';
export { runCompare, type CompareResult } from './report/compare.js';
export { runSweep, type SweepResult } from './report/sweep.js';
export { readResultFile, type ResultFile } from './report/result-file.js';
export { showJson, showText } from './report/show.js';
export { exportCompare, exportStudy, FRAMEWORKS, type FrameworkId, type ExportOutput } from './report/export/index.js';
