/**
 * The terminal UI's public surface. The CLI picks one of: `runStudyUi` (a TTY), `createLineLogger` (pipes, CI);
 * `--json` needs neither. The components are exported for `autotune compare` and `autotune sweep`.
 */
export { runStudyUi, type StudyUiHandle, type StudyUiOptions } from './run.js';
export { createLineLogger, type LineLoggerOptions } from './lines.js';
export { formatSummary } from './summary.js';
export type { StudyControls } from './controls.js';
export { createStudyFeed, type FeedOptions, type FeedStats, type StudyFeed } from './feed.js';
export { initialView, reduceAll, reduceStudy, TOP_K, type StudyInfo, type StudyView, type TrialView, type UiAction } from './state.js';
export { layoutFor, type Layout } from './layout.js';
export { theme, type Theme } from './theme.js';
export { BestConfigPanel, type GanttView } from './components/BestConfigPanel.js';
export { BestSummary } from './components/BestSummary.js';
export { BottleneckLine } from './components/BottleneckLine.js';
export { BreakdownBars } from './components/BreakdownBars.js';
export { ConvergenceChart } from './components/ConvergenceChart.js';
export { Dashboard } from './components/Dashboard.js';
export { GanttPanel } from './components/GanttPanel.js';
export { Header } from './components/Header.js';
export { HelpOverlay } from './components/HelpOverlay.js';
export { LineChart } from './components/LineChart.js';
export { MemoryBar } from './components/MemoryBar.js';
export { ProgressBar } from './components/ProgressBar.js';
export { SmBar } from './components/SmBar.js';
export { StackedBar, type BarSegment } from './components/StackedBar.js';
export { Table, type TableColumn } from './components/Table.js';
export { TopTable } from './components/TopTable.js';
export type { ChartSeries, Point2 } from './chart.js';
