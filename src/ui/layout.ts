/**
 * How the dashboard spends the terminal: pure arithmetic on (columns, rows) so the 80x24 and wide layouts are tested
 * without rendering. Every panel's height is fixed here, which keeps the frame within the screen (Ink clears and
 * redraws everything when a frame is taller than the terminal).
 */
import { TOP_K } from './state.js';

export interface Layout {
  readonly width: number;
  /** Side by side: progress, chart and table on the left, the best config on the right. */
  readonly wide: boolean;
  readonly leftWidth: number;
  readonly rightWidth: number;
  readonly chartHeight: number;
  readonly compactBreakdown: boolean;
  /** Rows for the pipeline Gantt (title included); 0 hides it. */
  readonly ganttHeight: number;
  /** Below MIN_COLUMNS x MIN_ROWS: only the header, progress, best and footer lines, so the header never scrolls off. */
  readonly compact: boolean;
}

export const WIDE_COLUMNS = 120;
export const MIN_COLUMNS = 60;
export const MIN_ROWS = 20;
/** Narrowest a compact screen is drawn (narrower terminals wrap its lines). */
const MIN_COMPACT_COLUMNS = 20;

const ONE_LINERS = 1; // header
const FOOTER = 2; // keys, or how it ended and a note on the searched ranges
const TOP_TABLE = 2 + TOP_K;
const BEST_CONFIG_FIXED = 1 + 2 + 1; // SM bar, memory (bar + terms), bottleneck
const BREAKDOWN_COMPACT = 2;
const BREAKDOWN_FULL = 7;
const MIN_CHART = 5;
/** Taller charts show no more and cost every redraw (braille is slow for Ink to measure). */
const MAX_CHART = 16;
const MIN_GANTT = 4;
const GAP = 1;

export function layoutFor(columns: number, rows: number): Layout {
  if (columns < MIN_COLUMNS || rows < MIN_ROWS) {
    const width = Math.max(MIN_COMPACT_COLUMNS, columns);
    return {
      width,
      wide: false,
      leftWidth: width,
      rightWidth: width,
      chartHeight: 0,
      compactBreakdown: true,
      ganttHeight: 0,
      compact: true,
    };
  }
  const width = columns;
  // One row spare: writing the terminal's last line scrolls it on some terminals.
  const usable = rows - 1;
  if (width >= WIDE_COLUMNS) {
    const body = usable - ONE_LINERS - FOOTER - GAP;
    const leftWidth = Math.floor((width - 2) / 2);
    const left = 2 + GAP + TOP_TABLE; // progress, best, gap, table
    const right = BEST_CONFIG_FIXED + BREAKDOWN_FULL;
    const compactBreakdown = body < right + GAP + MIN_GANTT;
    const rightUsed = BEST_CONFIG_FIXED + (compactBreakdown ? BREAKDOWN_COMPACT : BREAKDOWN_FULL) + GAP;
    const ganttRoom = body - rightUsed;
    return {
      width,
      wide: true,
      leftWidth,
      rightWidth: width - leftWidth - 2,
      chartHeight: Math.max(MIN_CHART, Math.min(MAX_CHART, body - left)),
      compactBreakdown,
      ganttHeight: ganttRoom >= MIN_GANTT ? ganttRoom : 0,
      compact: false,
    };
  }
  const fixed = ONE_LINERS + 2 + BEST_CONFIG_FIXED + BREAKDOWN_COMPACT + TOP_TABLE + FOOTER; // 2: progress, best
  let spare = usable - fixed;
  let chartHeight = Math.max(MIN_CHART, Math.min(spare, 10));
  spare -= chartHeight;
  const compactBreakdown = spare < BREAKDOWN_FULL - BREAKDOWN_COMPACT;
  if (!compactBreakdown) spare -= BREAKDOWN_FULL - BREAKDOWN_COMPACT;
  const ganttHeight = spare >= MIN_GANTT + GAP ? spare - GAP : 0;
  if (ganttHeight === 0) chartHeight += Math.max(0, spare); // rows nobody else can use go to the chart
  return {
    width,
    wide: false,
    leftWidth: width,
    rightWidth: width,
    chartHeight,
    compactBreakdown,
    ganttHeight,
    compact: false,
  };
}
