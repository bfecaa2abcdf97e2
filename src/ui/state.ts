/**
 * The view model of a running study and the pure reducer that folds study events and UI actions into it. No Ink:
 * the Ink app and the tests drive the same function.
 */
import type { Config } from '../config.js';
import type { Metrics } from '../model/metrics.js';
import type { Point2 } from './chart.js';
import { configKey } from './configs.js';
import type { Goal, StudyEvent, StudyStartEvent, TrialCompleteEvent } from './studyEvents.js';

/** Rows of the top-configs table. */
export const TOP_K = 5;

export interface StudyInfo {
  readonly name: string;
  readonly workload: string;
  readonly chip: string;
  readonly gpus: number;
  readonly optimizer: string;
  readonly seed: number;
  readonly budget: number;
  readonly metric: string;
  readonly goal: Goal;
  readonly sms: number;
}

export interface TrialView {
  readonly trial: number;
  readonly config: Config;
  readonly metrics: Metrics;
  readonly objective: number;
}

export interface StudyView {
  readonly info: StudyInfo | null;
  readonly trialsDone: number;
  readonly infeasible: number;
  readonly best: TrialView | null;
  /** Relative change of the best objective at its last improvement (null for the first best). */
  readonly lastChange: number | null;
  /** Best-so-far after each improvement: (trial, objective), ascending trials. */
  readonly history: readonly Point2[];
  /** Up to TOP_K distinct configs, best first. */
  readonly top: readonly TrialView[];
  readonly evaluationsPerSec: number;
  readonly elapsedS: number;
  /** Seconds left at the current trial rate; null before a rate is known. */
  readonly etaS: number | null;
  readonly paused: boolean;
  readonly stopping: boolean;
  readonly finished: boolean;
  readonly showHelp: boolean;
}

/** What the keys ask for; the app sends these alongside calling the study's controls. */
export type UiAction =
  | { readonly type: 'ui/toggle-pause' }
  | { readonly type: 'ui/stop' }
  | { readonly type: 'ui/toggle-help' };

export const initialView: StudyView = {
  info: null,
  trialsDone: 0,
  infeasible: 0,
  best: null,
  lastChange: null,
  history: [],
  top: [],
  evaluationsPerSec: 0,
  elapsedS: 0,
  etaS: null,
  paused: false,
  stopping: false,
  finished: false,
  showHelp: false,
};

export function reduceStudy(view: StudyView, event: StudyEvent | UiAction): StudyView {
  switch (event.type) {
    case 'study-start':
      return { ...initialView, info: infoOf(event), showHelp: view.showHelp };
    case 'trial-complete':
      return foldTrial(view, event);
    case 'study-end':
      return { ...view, finished: true, paused: false, etaS: 0 };
    case 'ui/toggle-pause':
      return view.finished || view.stopping ? view : { ...view, paused: !view.paused };
    case 'ui/stop':
      return view.finished ? view : { ...view, stopping: true, paused: false };
    case 'ui/toggle-help':
      return { ...view, showHelp: !view.showHelp };
  }
}

/** Folds a batch (events buffered between two redraws). */
export function reduceAll(view: StudyView, events: readonly (StudyEvent | UiAction)[]): StudyView {
  let next = view;
  for (const event of events) next = reduceStudy(next, event);
  return next;
}

function infoOf(e: StudyStartEvent): StudyInfo {
  return {
    name: e.name, workload: e.workload, chip: e.chip, gpus: e.gpus, optimizer: e.optimizer, seed: e.seed,
    budget: e.budget, metric: e.objective.metric, goal: e.objective.goal, sms: e.sms,
  };
}

/** True when `a` is strictly better than `b` for the goal. */
export function isBetter(a: number, b: number, goal: Goal): boolean {
  return goal === 'maximize' ? a > b : a < b;
}

function foldTrial(view: StudyView, e: TrialCompleteEvent): StudyView {
  const goal = view.info?.goal ?? 'maximize';
  const trialsDone = Math.max(view.trialsDone, e.trial);
  const rate = e.elapsed > 0 ? trialsDone / e.elapsed : 0;
  const budget = view.info?.budget ?? 0;
  const base = {
    ...view,
    trialsDone,
    evaluationsPerSec: e.evaluationsPerSec,
    elapsedS: e.elapsed,
    etaS: rate > 0 && budget > 0 ? Math.max(0, budget - trialsDone) / rate : null,
  };
  const objective = e.objective;
  if (objective === null || !Number.isFinite(objective) || !e.metrics.feasible) {
    return { ...base, infeasible: view.infeasible + 1 };
  }
  const trial: TrialView = { trial: e.trial, config: e.config, metrics: e.metrics, objective };
  const top = insertTop(view.top, trial, goal);
  const improved = view.best === null || (e.isBest && isBetter(objective, view.best.objective, goal));
  if (!improved) return top === view.top ? base : { ...base, top };
  const previous = view.best?.objective;
  return {
    ...base,
    top,
    best: trial,
    lastChange: previous === undefined || previous === 0 ? null : (objective - previous) / Math.abs(previous),
    history: [...view.history, [e.trial, objective] as const],
  };
}

/** Sorted insert into the top-k, keeping configs distinct; returns the same array when the trial does not enter. */
function insertTop(top: readonly TrialView[], trial: TrialView, goal: Goal): readonly TrialView[] {
  const worst = top[top.length - 1];
  if (top.length >= TOP_K && worst && !isBetter(trial.objective, worst.objective, goal)) return top;
  const key = configKey(trial.config);
  const same = top.findIndex((t) => configKey(t.config) === key);
  if (same >= 0 && !isBetter(trial.objective, top[same]!.objective, goal)) return top;
  const rest = same >= 0 ? top.filter((_, i) => i !== same) : top;
  const at = rest.findIndex((t) => isBetter(trial.objective, t.objective, goal));
  const next = at < 0 ? [...rest, trial] : [...rest.slice(0, at), trial, ...rest.slice(at)];
  return next.slice(0, TOP_K);
}
