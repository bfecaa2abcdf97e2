/**
 * The bridge between a study and a screen: folds every event into the view model as it arrives, but publishes the
 * view at most once per `intervalMs`, so a study at 10,000 trials/s costs ~10 redraws/s, not 10,000. No Ink: the
 * React hook subscribes with useSyncExternalStore, and the benchmark drives it bare.
 */
import { initialView, reduceStudy, type StudyView, type UiAction } from './state.js';
import type { StudyEvent } from './studyEvents.js';

/** Where events come from: subscribe a listener, get back an unsubscribe. */
export type StudyEventSource = (listener: (event: StudyEvent) => void) => () => void;

export interface FeedClock {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemClock: FeedClock = {
  now: () => performance.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export interface StudyFeed {
  /** The last published view (stable between publications, as useSyncExternalStore requires). */
  getView(): StudyView;
  /** Called at each publication; returns an unsubscribe. */
  subscribe(onChange: () => void): () => void;
  /** UI actions publish at once: a key press must show without waiting for the next batch. */
  dispatch(action: UiAction): void;
  /** Resolves with the final view once study-end is published. */
  readonly finished: Promise<StudyView>;
  dispose(): void;
}

export interface FeedOptions {
  /** Least time between publications (default 100 ms: 10 redraws/s). */
  readonly intervalMs?: number;
  readonly clock?: FeedClock;
}

export function createStudyFeed(source: StudyEventSource, { intervalMs = 100, clock = systemClock }: FeedOptions = {}): StudyFeed {
  let latest = initialView;
  let published = initialView;
  let lastPublish = -Infinity;
  let timer: unknown = null;
  const listeners = new Set<() => void>();
  let resolveFinished: (view: StudyView) => void = () => {};
  const finished = new Promise<StudyView>((resolve) => (resolveFinished = resolve));

  const publish = () => {
    if (timer !== null) clock.clearTimeout(timer);
    timer = null;
    lastPublish = clock.now();
    if (published === latest) return;
    published = latest;
    for (const listener of listeners) listener();
    if (published.finished) resolveFinished(published);
  };

  const unsubscribe = source((event) => {
    latest = reduceStudy(latest, event);
    // Start and end show at once; trials wait for the next slot. Publishing synchronously when the slot is due
    // keeps the screen alive even if the study seldom yields to the event loop (timers would starve).
    const wait = lastPublish + intervalMs - clock.now();
    if (event.type !== 'trial-complete' || wait <= 0) publish();
    else if (timer === null) timer = clock.setTimeout(publish, wait);
  });

  return {
    getView: () => published,
    subscribe(onChange) {
      listeners.add(onChange);
      return () => listeners.delete(onChange);
    },
    dispatch(action) {
      latest = reduceStudy(latest, action);
      publish();
    },
    finished,
    dispose() {
      unsubscribe();
      if (timer !== null) clock.clearTimeout(timer);
      timer = null;
      listeners.clear();
    },
  };
}
