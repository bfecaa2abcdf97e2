/**
 * The terminal UI's public surface. The CLI picks one of: `runStudyUi` (a TTY), `createLineLogger` (pipes, CI);
 * `--json` needs neither. The components are exported for `autotune compare` and `autotune sweep`.
 */

export type { ChartSeries, Point2 } from './chart.js';
export { BestConfigPanel, type GanttView } from './components/best-config-panel.js';
export { BestSummary } from './components/best-summary.js';
export { BottleneckLine } from './components/bottleneck-line.js';
export { BreakdownBars } from './components/breakdown-bars.js';
export { ConvergenceChart } from './components/convergence-chart.js';
export { Dashboard } from './components/dashboard.js';
export { GanttPanel } from './components/gantt-panel.js';
export { Header } from './components/header.js';
export { HelpOverlay } from './components/help-overlay.js';
export { LineChart } from './components/line-chart.js';
export { MemoryBar } from './components/memory-bar.js';
export { ProgressBar } from './components/progress-bar.js';
export { SmBar } from './components/sm-bar.js';
export { type BarSegment, StackedBar } from './components/stacked-bar.js';
export { Table, type TableColumn } from './components/table.js';
export { TopTable } from './components/top-table.js';
export type { StudyControls } from './controls.js';
export { createStudyFeed, type FeedOptions, type FeedStats, type StudyFeed } from './feed.js';
export { type Layout, layoutFor } from './layout.js';
export { createLineLogger, type LineLoggerOptions } from './lines.js';
export { runStudyUi, type StudyUiHandle, type StudyUiOptions } from './run.js';
export {
  initialView,
  reduceAll,
  reduceStudy,
  type StudyInfo,
  type StudyView,
  TOP_K,
  type TrialView,
  type UiAction,
} from './state.js';
export { formatSummary } from './summary.js';
export { type Theme, theme } from './theme.js';
