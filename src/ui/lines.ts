/**
 * The study as plain lines, for pipes and CI (no TTY): one line per improvement, a progress line every few seconds
 * of study time, then the summary. No escape codes. Fed by the same events and reducer as the Ink app.
 */

import { formatConfig } from '../format/config.js';
import { formatObjective } from '../format/metrics.js';
import { formatChange, formatDuration, formatRate } from '../format/numbers.js';
import type { StudyEvent } from '../search/events.js';
import { initialView, reduceStudy, type StudyView } from './state.js';
import { formatSummary } from './summary.js';

export interface LineLoggerOptions {
  /** Receives whole lines, newline included: the progress (start, improvements, progress, pauses). */
  readonly write: (text: string) => void;
  /** Receives the closing summary, the study's result (default: write). */
  readonly writeSummary?: (text: string) => void;
  /** Study seconds between progress lines (default 5). */
  readonly progressEveryS?: number;
}

/** Returns the listener to subscribe to the study's events. */
export function createLineLogger({
  write,
  writeSummary = write,
  progressEveryS = 5,
}: LineLoggerOptions): (event: StudyEvent) => void {
  let view: StudyView = initialView;
  let nextProgressS = progressEveryS;
  const emit = (line: string) => write(`${line}\n`);
  return (event) => {
    const before = view;
    view = reduceStudy(view, event);
    switch (event.type) {
      case 'study-start':
        nextProgressS = progressEveryS;
        return emit(startLine(view));
      case 'trial-complete':
        if (view.best !== before.best) emit(improvementLine(view));
        if (view.elapsedS >= nextProgressS) {
          emit(progressLine(view));
          nextProgressS = view.elapsedS + progressEveryS;
        }
        return;
      case 'study-paused':
        return emit(`paused after ${event.completed} trials (elapsed ${formatDuration(event.elapsedS)})`);
      case 'study-resumed':
        return emit('resumed');
      case 'study-stopping':
        return emit(
          `stopping after ${event.completed} trials: finishing the trials in flight, writing the journal and results`,
        );
      case 'study-end':
        for (const line of formatSummary(view)) writeSummary(`${line}\n`);
        return;
    }
  };
}

function startLine(view: StudyView): string {
  const i = view.info!;
  return (
    `study ${i.name}: ${i.workload} on ${i.gpus}x ${i.chip}, optimizer ${i.optimizer}, seed ${i.seed}, ` +
    `budget ${i.budget}, ${i.goal} ${i.metric}`
  );
}

/** `trial 37/200  best 1523.4 tok/s/GPU  (+2.1%)  dualpipe pp16 ep64 mbs1 commSMs=22` */
export function improvementLine(view: StudyView): string {
  const best = view.best!;
  const change = formatChange(view.lastChange);
  return [
    `trial ${best.trial}/${view.info?.budget ?? '?'}`,
    `best ${formatObjective(best.objective, view.info?.metric ?? '')}`,
    ...(change ? [`(${change})`] : []),
    formatConfig(best.config),
  ].join('  ');
}

/** `progress 120/200 (60%)  12.3k/s  elapsed 12s  ETA 8s  best 1523.4 tok/s/GPU` */
export function progressLine(view: StudyView): string {
  const budget = view.info?.budget ?? 0;
  const pct = budget > 0 ? ` (${Math.floor((100 * view.trialsDone) / budget)}%)` : '';
  const best = view.best
    ? `best ${formatObjective(view.best.objective, view.info?.metric ?? '')}`
    : 'no feasible config yet';
  return [
    `progress ${view.trialsDone}/${budget}${pct}`,
    formatRate(view.evaluationsPerSec),
    `elapsed ${formatDuration(view.elapsedS)}`,
    `ETA ${view.etaS === null ? '--' : formatDuration(view.etaS)}`,
    best,
  ].join('  ');
}
