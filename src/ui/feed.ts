/**
 * The bridge between a study and a screen: folds every event into the view model as it arrives, but publishes the
 * view only now and then, so a study at 10,000 trials/s costs a few redraws/s, not 10,000. A publication waits for
 * at least `intervalMs` of wall time AND for the process to have spent `frame cost / drawBudget` of CPU since the last
 * one, so redraws take at most `drawBudget` of the CPU whatever a frame costs (a wide Ink dashboard can take tens of
 * ms) and however loaded the machine is. No Ink: the React hook subscribes with useSyncExternalStore; the benchmark
 * drives it bare.
 */
import type { StudyEvent } from '../search/events.js';
import { initialView, reduceStudy, type StudyView, type UiAction } from './state.js';

export interface FeedClock {
  /** Wall-clock ms. */
  now(): number;
  /** CPU ms this process has used (all threads). Read a few times a second, never per event: it is a system call. */
  cpuNow(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemClock: FeedClock = {
  now: () => performance.now(),
  cpuNow: () => {
    const used = process.cpuUsage();
    return (used.user + used.system) / 1000;
  },
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export interface StudyFeed {
  /** The study's event listener (`runStudy({ onEvent: feed.push })`): folds at once, publishes when due. */
  push(event: StudyEvent): void;
  /** The last published view (stable between publications, as useSyncExternalStore requires). */
  getView(): StudyView;
  /** Called at each publication; returns an unsubscribe. */
  subscribe(onChange: () => void): () => void;
  /** UI actions publish at once: a key press must show without waiting for the next batch. */
  dispatch(action: UiAction): void;
  /** CPU ms a redraw cost, reported by the renderer: later publications are spaced to keep within the budget. */
  reportDrawCost(cpuMs: number): void;
  /** Resolves with the final view once study-end is published. */
  readonly finished: Promise<StudyView>;
  /** Publications so far (each one a redraw) and the CPU ms their redraws reported: for benchmarks. */
  stats(): FeedStats;
  dispose(): void;
}

/**
 * What a redraw really costs over what its render-to-commit window measures: the window misses the garbage
 * collection that Ink's per-cell allocations cause later, about as much again (bench/ui.ts: ~2.2x).
 */
const UNMEASURED_FACTOR = 2;

export interface FeedStats {
  readonly publications: number;
  readonly drawCpuMs: number;
}

export interface FeedOptions {
  /** Least wall time between publications (default 100 ms: at most 10 redraws/s). */
  readonly intervalMs?: number;
  /** Most wall time between publications while events arrive, whatever a redraw costs (default 2 s). */
  readonly maxIntervalMs?: number;
  /** Share of the process's CPU that redraws may take, by their reported cost (default 0.02: with the GC a frame
   * causes later, the whole UI stays under 5% of a study). */
  readonly drawBudget?: number;
  readonly clock?: FeedClock;
}

export function createStudyFeed(options: FeedOptions = {}): StudyFeed {
  const { intervalMs = 100, maxIntervalMs = 2000, drawBudget = 0.02, clock = systemClock } = options;
  let latest = initialView;
  let published = initialView;
  let lastWall = -Infinity;
  let lastCpu = -Infinity;
  let cpuGapMs = 0;
  const recentDrawMs: number[] = [];
  let timer: unknown = null;
  let publications = 0;
  let drawCpuMs = 0;
  const listeners = new Set<() => void>();
  let resolveFinished: (view: StudyView) => void = () => {};
  const finished = new Promise<StudyView>((resolve) => (resolveFinished = resolve));

  const publish = () => {
    if (timer !== null) clock.clearTimeout(timer);
    timer = null;
    lastWall = clock.now();
    lastCpu = clock.cpuNow();
    if (published === latest) return;
    published = latest;
    publications++;
    for (const listener of listeners) listener();
    if (published.finished) resolveFinished(published);
  };

  /** Publishes when due, else comes back later (by timer, so the CPU clock is read a few times a second at most). */
  const check = () => {
    timer = null;
    const wallSince = clock.now() - lastWall;
    const cpuLeft = cpuGapMs - (clock.cpuNow() - lastCpu);
    if (wallSince >= maxIntervalMs || (wallSince >= intervalMs && cpuLeft <= 0)) return publish();
    timer = clock.setTimeout(
      check,
      Math.max(1, Math.min(maxIntervalMs - wallSince, Math.max(intervalMs - wallSince, cpuLeft))),
    );
  };

  return {
    push(event) {
      latest = reduceStudy(latest, event);
      // Anything but a trial (start, pause, end) shows at once. A study that never yields to the event loop starves
      // the timer: then the next event past the longest interval publishes by itself.
      if (event.type !== 'trial-complete' || clock.now() - lastWall >= maxIntervalMs) publish();
      else if (timer === null) check();
    },
    getView: () => published,
    subscribe(onChange) {
      listeners.add(onChange);
      return () => listeners.delete(onChange);
    },
    dispatch(action) {
      latest = reduceStudy(latest, action);
      publish();
    },
    reportDrawCost(cpuMs) {
      // The median of the last five, once there are three: the first frames run cold (JIT) and one frame can be
      // slowed by a GC pause; neither is what a frame costs.
      drawCpuMs += cpuMs;
      recentDrawMs.push(cpuMs);
      if (recentDrawMs.length > 5) recentDrawMs.shift();
      if (recentDrawMs.length >= 3) {
        const typical = [...recentDrawMs].sort((a, b) => a - b)[recentDrawMs.length >> 1]!;
        cpuGapMs = (UNMEASURED_FACTOR * typical) / drawBudget;
      }
    },
    finished,
    stats: () => ({ publications, drawCpuMs }),
    dispose() {
      if (timer !== null) clock.clearTimeout(timer);
      timer = null;
      listeners.clear();
    },
  };
}
