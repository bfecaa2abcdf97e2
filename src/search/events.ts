/**
 * What a running study tells the outside world, in order. A UI, a line logger or a test is fed only by these,
 * so each carries what a display needs without asking back (trial, config, metrics, best so far, timing).
 */
import type { Config } from '../contract/config.js';
import type { Metrics } from '../contract/metrics.js';
import type { Trial } from '../contract/results.js';
import type { OptimizerName, SearchSpec } from '../contract/spec.js';
import type { Objective } from './objective.js';
import type { StudyResult } from './result.js';

export interface StudyStartEvent {
  type: 'study-start';
  /** The spec as run (optimizer, budget and seed overrides applied). */
  spec: SearchSpec;
  name: string;
  workload: string;
  chip: string;
  gpus: number;
  optimizer: OptimizerName;
  seed: number;
  budget: number;
  batchSize: number;
  /** Worker threads evaluating (0: in this thread). */
  threads: number;
  objective: Objective;
  /** Points of the space before constraints (null when continuous), and those satisfying the spec's constraints. */
  spaceSize: number | null;
  validPoints: number | null;
  /** Trials replayed from a journal (resume); 0 for a fresh study. */
  resumedTrials: number;
  /** SMs per GPU of the chip when the caller said (for SM displays); the study does not use it. */
  sms: number | null;
  startedAt: string;
  journalPath: string | null;
}

export interface TrialCompleteEvent {
  type: 'trial-complete';
  /** 1-based number of this trial (= trials completed so far, replayed ones included). */
  trial: number;
  record: Trial;
  config: Config;
  /** Null when the evaluator rejected the config before evaluation. */
  metrics: Metrics | null;
  /** The objective metric's value; null unless feasible. */
  objective: number | null;
  /** Whether this trial is the new best. */
  isBest: boolean;
  /** The best objective value so far, and its trial; null while nothing was feasible. */
  bestSoFar: number | null;
  best: Trial | null;
  budget: number;
  /** True when the trial came from the journal rather than a new evaluation. */
  replayed: boolean;
  /** New evaluations per second of this run so far. */
  evaluationsPerSec: number;
  /** Seconds since this run started. */
  elapsedS: number;
}

export interface StudyPausedEvent {
  type: 'study-paused';
  completed: number;
  elapsedS: number;
}

export interface StudyResumedEvent {
  type: 'study-resumed';
  completed: number;
  elapsedS: number;
}

/** A stop was requested: trials in flight finish, then the study ends with endReason 'stopped'. */
export interface StudyStoppingEvent {
  type: 'study-stopping';
  completed: number;
  elapsedS: number;
}

export interface StudyEndEvent {
  type: 'study-end';
  result: StudyResult;
  resultPath: string | null;
  journalPath: string | null;
}

export type StudyEvent =
  | StudyStartEvent
  | TrialCompleteEvent
  | StudyPausedEvent
  | StudyResumedEvent
  | StudyStoppingEvent
  | StudyEndEvent;
