import { render } from 'ink';
import type { StudyEvent } from '../search/events.js';
import type { StudyControls } from './controls.js';
import { createStudyFeed, type FeedStats } from './feed.js';
import { ganttOf } from './gantt.js';
import type { StudyView } from './state.js';
import { StudyApp } from './study-app.js';

export interface StudyUiOptions {
  /** What `q` and `p` call: the study's controller (`StudyController` fits). */
  readonly controls: StudyControls;
  readonly stdout?: NodeJS.WriteStream;
  readonly stdin?: NodeJS.ReadStream;
  /** Least time between redraws (default 100 ms); slow frames are spaced further (see feed.ts). */
  readonly frameIntervalMs?: number;
  /** A second ctrl-c: default, re-raise SIGINT once the terminal is restored. */
  readonly onAbort?: () => void;
  /** Route console output above the dashboard (default true; test runners bring their own console). */
  readonly patchConsole?: boolean;
}

export interface StudyUiHandle {
  /** The study's event listener: `runStudy({ ..., onEvent: ui.onEvent, control })`. */
  readonly onEvent: (event: StudyEvent) => void;
  /** Resolves with the final view once study-end has been drawn and the app has let go of the terminal. */
  readonly done: Promise<StudyView>;
  /** Tears the UI down early (e.g. the study threw); the last frame stays on screen. */
  close(): void;
  /** Redraws so far and the CPU ms they took (for benchmarks). */
  stats(): FeedStats;
}

/**
 * Shows a study live on a TTY; the CLI calls this instead of the line logger when stdout and stdin are terminals.
 * Render before starting the study, pass `onEvent` to it, await `done` after it.
 */
export function runStudyUi(options: StudyUiOptions): StudyUiHandle {
  const feed = createStudyFeed({ intervalMs: options.frameIntervalMs ?? 100 });
  let settle: (view: StudyView) => void = () => {};
  const settled = new Promise<StudyView>((resolve) => (settle = resolve));
  let closed = false;
  const close = () => {
    if (closed) return;
    closed = true;
    instance.unmount();
    feed.dispose();
    settle(feed.getView());
  };
  const onAbort =
    options.onAbort ??
    (() => {
      close();
      process.kill(process.pid, 'SIGINT');
    });
  const instance = render(<StudyApp feed={feed} controls={options.controls} onAbort={onAbort} ganttOf={ganttOf} />, {
    stdout: options.stdout ?? process.stdout,
    stdin: options.stdin ?? process.stdin,
    exitOnCtrlC: false, // ctrl-c stops gracefully first (see useStudyKeys)
    patchConsole: options.patchConsole ?? true,
  });
  // Asked for now: Ink only settles an exit promise that exists when it unmounts.
  const exited = instance.waitUntilExit();
  void feed.finished.then(() => setImmediate(close)); // a turn of the loop lets the final frame reach the terminal
  const done = settled.then(async (view) => {
    await exited;
    return view;
  });
  return { onEvent: feed.push, done, close, stats: feed.stats };
}
