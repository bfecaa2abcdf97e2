import { Box, Text } from 'ink';
import { asServeMetrics, serveMetricsLines } from '../serve-lines.js';
import type { TrialView } from '../state.js';
import { theme } from '../theme.js';
import { BottleneckLine } from './bottleneck-line.js';
import { BreakdownBars } from './breakdown-bars.js';
import { GanttPanel } from './gantt-panel.js';
import { MemoryBar } from './memory-bar.js';
import { SmBar } from './sm-bar.js';

export interface GanttView {
  readonly title: string;
  readonly lines: readonly string[];
}

export interface BestConfigPanelProps {
  readonly best: TrialView | null;
  /** SMs per GPU of the chip; null when unknown. */
  readonly totalSMs: number | null;
  readonly width: number;
  readonly compactBreakdown: boolean;
  /** Rows for the Gantt; 0 hides it. */
  readonly ganttHeight: number;
  /** Null when the events carry no schedule timing for the best config. */
  readonly gantt: GanttView | null;
}

/** Why the best config is best: its SM split, where its step time goes, its memory, its bottleneck, its pipeline. */
export function BestConfigPanel({ best, totalSMs, width, compactBreakdown, ganttHeight, gantt }: BestConfigPanelProps) {
  if (!best) return <Text color={theme.muted}>best config: none yet</Text>;
  const { metrics, config } = best;
  const serving = asServeMetrics(metrics);
  if (serving)
    return (
      <Box flexDirection="column" width={width}>
        {serveMetricsLines(serving).map((line, i) => (
          <Text key={i}>{line}</Text>
        ))}
      </Box>
    );
  return (
    <Box flexDirection="column" width={width}>
      <SmBar
        commSMs={config.commSMs}
        totalSMs={totalSMs}
        width={width}
        serial={metrics.details.overlap === undefined}
      />
      <BreakdownBars breakdown={metrics.breakdown} width={width} compact={compactBreakdown} />
      <MemoryBar memory={metrics.memory} width={width} />
      <BottleneckLine bottleneck={metrics.bottleneck} infeasibleReason={metrics.infeasibleReason} />
      {ganttHeight > 0 && gantt ? (
        <Box marginTop={1}>
          <GanttPanel title={gantt.title} lines={gantt.lines} width={width} height={ganttHeight} />
        </Box>
      ) : null}
    </Box>
  );
}
