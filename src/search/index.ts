/** The search's public surface, for the CLI and the UI. */

export type { Evaluator } from '../contract/evaluator.js';
export type { EndReason, Trial, TrialStatus } from '../contract/results.js';
export { OPTIMIZERS, type OptimizerName } from '../contract/spec.js';
export type { ConstraintReport, ReasonCount } from './constraint-report.js';
export { type ControlState, StudyController } from './control.js';
export type { Dimension, Params, ParamValue } from './dimension.js';
export {
  COST_MODEL,
  type EvaluatorArgs,
  type EvaluatorFactory,
  type EvaluatorModule,
  loadEvaluator,
  type Outcome,
  runEvaluator,
} from './evaluator.js';
export type * from './events.js';
export { type JournalHeader, type JournalLine, type JournalTrial, readJournal } from './journal.js';
export type { Observation, Optimizer } from './optimizer.js';
export { createOptimizer } from './optimizers/index.js';
export { describeRangeEdge, type RangeEdge, rangeEdges } from './range-edges.js';
export { type Provenance, type StudyResult, TOP_COUNT, writeResult } from './result.js';
export { canonicalKey, SearchSpace } from './space.js';
export {
  buildSpace,
  checkSpecOnChip,
  DEFAULT_BATCH_SIZE,
  loadSpec,
  OBJECTIVE_METRICS,
  type ObjectiveMetric,
  type ParamSpec,
  parseSpec,
  type SearchSpec,
} from './spec.js';
export {
  effectiveSpec,
  evaluatorArgs,
  type ResumeOptions,
  resumeStudy,
  runStudy,
  type SharedValidity,
  type StudyOptions,
} from './study.js';
export { type StudyPaths, specHash, studyPaths } from './study-files.js';
export { rankTrials } from './trial.js';
