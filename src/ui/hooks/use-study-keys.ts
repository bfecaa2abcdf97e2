import { useInput, useStdin } from 'ink';
import type { StudyControls } from '../controls.js';
import type { StudyFeed } from '../feed.js';

/**
 * Keys to actions: `q` (and ctrl-c) stop, `p` pauses/resumes, `?` toggles help; a second ctrl-c calls `onAbort`.
 * The study's controls are called first, then the view records what was asked. Flags are read from the feed, not
 * from the last render, so two quick presses see each other. Without a raw-mode stdin (piped input) there are no
 * keys, rather than Ink's error.
 */
export function useStudyKeys(feed: StudyFeed, controls: StudyControls, onAbort: () => void): void {
  const { isRawModeSupported } = useStdin();
  useInput(
    (input, key) => {
      const view = feed.getView();
      const ctrlC = key.ctrl && input === 'c';
      if (ctrlC && view.stopping) return onAbort();
      if (view.finished) return;
      if (input === 'q' || ctrlC) {
        if (view.stopping) return;
        controls.stop();
        feed.dispatch({ type: 'ui/stop' });
      } else if (input === 'p') {
        if (view.stopping) return;
        if (view.paused) controls.resume();
        else controls.pause();
        feed.dispatch({ type: 'ui/toggle-pause' });
      } else if (input === '?') {
        feed.dispatch({ type: 'ui/toggle-help' });
      }
    },
    { isActive: isRawModeSupported },
  );
}
