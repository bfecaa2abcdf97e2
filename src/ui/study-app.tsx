import { useMemo } from 'react';
import type { GanttView } from './components/best-config-panel.js';
import { Dashboard } from './components/dashboard.js';
import type { StudyControls } from './controls.js';
import type { StudyFeed } from './feed.js';
import { useDrawCost } from './hooks/use-draw-cost.js';
import { useStudyKeys } from './hooks/use-study-keys.js';
import { useStudyView } from './hooks/use-study-view.js';
import { useTerminalSize } from './hooks/use-terminal-size.js';
import { layoutFor } from './layout.js';
import type { TrialView } from './state.js';

export interface StudyAppProps {
  readonly feed: StudyFeed;
  readonly controls: StudyControls;
  /** A second ctrl-c: leave now. */
  readonly onAbort: () => void;
  /** The best config's pipeline chart; null when its events carry no schedule timing. */
  readonly ganttOf: (best: TrialView, width: number) => GanttView | null;
}

/** The live study screen: the feed's view, the terminal's size and the keys, drawn by the pure Dashboard. */
export function StudyApp({ feed, controls, onAbort, ganttOf }: StudyAppProps) {
  useDrawCost(feed.reportDrawCost); // the feed spaces redraws by what they cost
  const view = useStudyView(feed);
  const { columns, rows } = useTerminalSize();
  useStudyKeys(feed, controls, onAbort);
  const layout = layoutFor(columns, rows);
  // The Gantt changes only when the best does: recompute on improvement, not on every redraw.
  const gantt = useMemo(
    () => (view.best && layout.ganttHeight > 0 ? ganttOf(view.best, layout.rightWidth) : null),
    [view.best, layout.ganttHeight, layout.rightWidth, ganttOf],
  );
  return <Dashboard view={view} layout={layout} gantt={gantt} />;
}
