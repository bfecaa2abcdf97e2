import { render } from 'ink';
import type { StudyControls } from './controls.js';
import { createStudyFeed, type StudyEventSource } from './feed.js';
import { ganttOf } from './gantt.js';
import type { StudyView } from './state.js';
import { StudyApp } from './StudyApp.js';

export interface StudyUiOptions {
  /** Subscribed at once (before the first render), so no event emitted after this call is missed. */
  readonly events: StudyEventSource;
  readonly controls: StudyControls;
  readonly stdout?: NodeJS.WriteStream;
  readonly stdin?: NodeJS.ReadStream;
  /** Least time between redraws (default 100 ms). */
  readonly frameIntervalMs?: number;
  /** A second ctrl-c: default, re-raise SIGINT once the terminal is restored. */
  readonly onAbort?: () => void;
}

export interface StudyUiHandle {
  /** Resolves with the final view once study-end has been drawn and the app has let go of the terminal. */
  readonly done: Promise<StudyView>;
  /** Tears the UI down early (e.g. the study failed); the last frame stays on screen. */
  close(): void;
}

/** Shows a study live on a TTY; the CLI calls this instead of the line logger when stdout is a terminal. */
export function runStudyUi(options: StudyUiOptions): StudyUiHandle {
  const feed = createStudyFeed(options.events, { intervalMs: options.frameIntervalMs ?? 100 });
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
  const onAbort = options.onAbort ?? (() => {
    close();
    process.kill(process.pid, 'SIGINT');
  });
  const instance = render(<StudyApp feed={feed} controls={options.controls} onAbort={onAbort} ganttOf={ganttOf} />, {
    stdout: options.stdout ?? process.stdout,
    stdin: options.stdin ?? process.stdin,
    exitOnCtrlC: false, // ctrl-c stops gracefully first (see useStudyKeys)
  });
  void feed.finished.then(() => setImmediate(close)); // a turn of the loop lets the final frame reach the terminal
  const done = settled.then(async (view) => {
    await instance.waitUntilExit();
    return view;
  });
  return { done, close };
}
