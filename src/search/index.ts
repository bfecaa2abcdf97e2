/** The search's public surface, for the CLI and the UI. */
export { loadSpec, parseSpec, buildSpace, checkSpecOnChip, OBJECTIVE_METRICS, DEFAULT_BATCH_SIZE, type SearchSpec, type ParamSpec, type ObjectiveMetric } from './spec.js';
export { runStudy, resumeStudy, effectiveSpec, evaluatorArgs, type StudyOptions, type ResumeOptions, type SharedValidity } from './study.js';
export { StudyController, type ControlState } from './control.js';
export type * from './events.js';
export { studyPaths, specHash, type StudyPaths } from './studyFiles.js';
export { writeResult, TOP_COUNT, type StudyResult, type EndReason, type Provenance } from './result.js';
export { rankTrials, type Trial, type TrialStatus } from './trial.js';
export type { ConstraintReport, ReasonCount } from './constraintReport.js';
export { rangeEdges, describeRangeEdge, type RangeEdge } from './rangeEdges.js';
export { readJournal, type JournalHeader, type JournalTrial, type JournalLine } from './journal.js';
export { OPTIMIZERS, createOptimizer, type Optimizer, type OptimizerName, type Observation } from './optimizer.js';
export { COST_MODEL, loadEvaluator, runEvaluator, type Evaluator, type EvaluatorArgs, type EvaluatorFactory, type EvaluatorModule, type Outcome } from './evaluator.js';
export { SearchSpace, canonicalKey } from './space.js';
export type { Dimension, ParamValue, Params } from './dimension.js';
