/**
 * PROVISIONAL: the fields of the study's events (src/search/events.ts, being written) that the UI reads. Replaced by
 * the real types when they land; kept minimal so that the real events stay assignable to it.
 */
import type { Config } from '../config.js';
import type { Metrics } from '../model/metrics.js';

export type Goal = 'maximize' | 'minimize';

export interface StudyStartEvent {
  readonly type: 'study-start';
  readonly name: string;
  readonly workload: string;
  readonly chip: string;
  readonly gpus: number;
  readonly optimizer: string;
  readonly seed: number;
  readonly budget: number;
  readonly objective: { readonly metric: string; readonly goal: Goal };
  /** SMs per GPU of the chip, for the SM bar. */
  readonly sms: number;
}

export interface TrialCompleteEvent {
  readonly type: 'trial-complete';
  /** 1-based count of trials completed so far. */
  readonly trial: number;
  readonly config: Config;
  readonly metrics: Metrics;
  /** The objective metric's value; null when infeasible. */
  readonly objective: number | null;
  readonly isBest: boolean;
  readonly bestSoFar: number | null;
  readonly evaluationsPerSec: number;
  /** Seconds since the study started. */
  readonly elapsed: number;
}

export interface StudyEndEvent {
  readonly type: 'study-end';
  readonly result: {
    readonly best: { readonly config: Config; readonly metrics: Metrics; readonly objective?: number } | null;
    readonly stopped?: boolean;
  };
}

export type StudyEvent = StudyStartEvent | TrialCompleteEvent | StudyEndEvent;
