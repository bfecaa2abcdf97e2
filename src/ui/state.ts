/**
 * The view model of a running study and the pure reducer that folds study events and UI actions into it. No Ink:
 * the Ink app, the line logger and the tests drive the same function.
 */
import type { Config } from '../contract/config.js';
import { isBetter, type Metrics } from '../contract/metrics.js';
import type { EndReason } from '../contract/results.js';
import type { StudyEvent, StudyStartEvent, TrialCompleteEvent } from '../search/events.js';
import type { RangeEdge } from '../search/range-edges.js';
import type { Point2 } from './chart.js';
import { configKey } from './configs.js';

/** Rows of the top-configs table. */
export const TOP_K = 5;

export type Goal = StudyStartEvent['objective']['goal'];

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
  /** SMs per GPU; null when the caller did not say (the SM bar then shows the comm SMs alone). */
  readonly sms: number | null;
  readonly threads: number;
  /** Trials replayed from a journal. */
  readonly resumedTrials: number;
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
  /** Trials that were rejected or infeasible. */
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
  /** Seconds left at this run's trial rate; null before a rate is known. */
  readonly etaS: number | null;
  /** Asked by a key or confirmed by the study; the study pauses between batches. */
  readonly paused: boolean;
  readonly stopping: boolean;
  readonly finished: boolean;
  readonly endReason: EndReason | null;
  readonly resultPath: string | null;
  /** Where the best config sits at an end of a searched range, once the study ended. */
  readonly rangeEdges: readonly RangeEdge[];
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
  endReason: null,
  resultPath: null,
  rangeEdges: [],
  showHelp: false,
};

export function reduceStudy(view: StudyView, event: StudyEvent | UiAction): StudyView {
  switch (event.type) {
    case 'study-start':
      return { ...initialView, info: infoOf(event), showHelp: view.showHelp };
    case 'trial-complete':
      return foldTrial(view, event);
    case 'study-paused':
      return { ...view, paused: true, elapsedS: event.elapsedS };
    case 'study-resumed':
      return { ...view, paused: false, elapsedS: event.elapsedS };
    case 'study-stopping':
      return { ...view, stopping: true, paused: false, elapsedS: event.elapsedS };
    case 'study-end':
      return {
        ...view,
        finished: true,
        paused: false,
        etaS: 0,
        endReason: event.result.endReason,
        resultPath: event.resultPath,
        rangeEdges: event.result.rangeEdges,
      };
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
    name: e.name,
    workload: e.workload,
    chip: e.chip,
    gpus: e.gpus,
    optimizer: e.optimizer,
    seed: e.seed,
    budget: e.budget,
    metric: e.objective.metric,
    goal: e.objective.goal,
    sms: e.sms,
    threads: e.threads,
    resumedTrials: e.resumedTrials,
  };
}

function foldTrial(view: StudyView, e: TrialCompleteEvent): StudyView {
  const goal = view.info?.goal ?? 'maximize';
  const trialsDone = Math.max(view.trialsDone, e.trial);
  // This run's rate: trials replayed from a journal arrive at once and would make the ETA lie.
  const freshTrials = trialsDone - (view.info?.resumedTrials ?? 0);
  const rate = e.elapsedS > 0 && freshTrials > 0 ? freshTrials / e.elapsedS : 0;
  const objective = e.objective;
  const metrics = e.metrics;
  const trial: TrialView | null =
    objective !== null && Number.isFinite(objective) && metrics?.feasible
      ? { trial: e.trial, config: e.config, metrics, objective }
      : null;
  const improved =
    trial !== null && (view.best === null || (e.isBest && isBetter(trial.objective, view.best.objective, goal)));
  const previous = view.best?.objective;
  // Every field spelt out, no spread: this runs for every trial (~10^4/s) and a literal is several times faster.
  return {
    info: view.info,
    trialsDone,
    infeasible: trial ? view.infeasible : view.infeasible + 1,
    best: improved ? trial : view.best,
    lastChange: !improved
      ? view.lastChange
      : previous === undefined || previous === 0
        ? null
        : (trial.objective - previous) / Math.abs(previous),
    history: improved ? [...view.history, [e.trial, trial.objective] as const] : view.history,
    top: trial ? insertTop(view.top, trial, goal) : view.top,
    evaluationsPerSec: e.evaluationsPerSec,
    elapsedS: e.elapsedS,
    etaS: rate > 0 ? Math.max(0, e.budget - trialsDone) / rate : null,
    paused: view.paused,
    stopping: view.stopping,
    finished: view.finished,
    endReason: view.endReason,
    resultPath: view.resultPath,
    rangeEdges: view.rangeEdges,
    showHelp: view.showHelp,
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
