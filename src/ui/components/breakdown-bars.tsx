import { Box, Text } from 'ink';
import type { Breakdown } from '../../contract/metrics.js';
import { clip, formatSeconds } from '../../format/numbers.js';
import { BREAKDOWN_LABELS, BREAKDOWN_TERMS } from '../labels.js';
import { theme } from '../theme.js';
import { StackedBar } from './stacked-bar.js';

export interface BreakdownBarsProps {
  readonly breakdown: Breakdown;
  readonly width: number;
  /** One stacked bar and a legend (2 lines) instead of one bar per term (7 lines). */
  readonly compact?: boolean;
}

const LABEL_WIDTH = 16;
const FIGURE_WIDTH = 18;

/** Where a step's time goes, as bars proportional to the step (the sum of the terms), with seconds. */
export function BreakdownBars({ breakdown, width, compact = false }: BreakdownBarsProps) {
  const total = BREAKDOWN_TERMS.reduce((sum, term) => sum + Math.max(0, breakdown[term]), 0);
  if (compact) {
    const legend = BREAKDOWN_TERMS.filter((term) => breakdown[term] > 0);
    return (
      <Box flexDirection="column" width={width}>
        <Text wrap="truncate-end">
          <Text color={theme.muted}>time </Text>
          <StackedBar
            width={Math.max(4, width - 5)}
            segments={BREAKDOWN_TERMS.map((term) => ({ value: breakdown[term], color: theme.breakdown[term] }))}
          />
        </Text>
        <Text wrap="truncate-end">
          {legend.map((term) => (
            <Text key={term} color={theme.breakdown[term]}>
              {`${BREAKDOWN_LABELS[term].short} ${formatSeconds(breakdown[term])}  `}
            </Text>
          ))}
        </Text>
      </Box>
    );
  }
  const barWidth = Math.max(4, width - LABEL_WIDTH - FIGURE_WIDTH);
  return (
    <Box flexDirection="column" width={width}>
      {BREAKDOWN_TERMS.map((term) => {
        const seconds = breakdown[term];
        const share = total > 0 ? Math.round((100 * Math.max(0, seconds)) / total) : 0;
        return (
          <Text key={term} wrap="truncate-end">
            <Text color={theme.muted}>{clip(BREAKDOWN_LABELS[term].long, LABEL_WIDTH - 1).padEnd(LABEL_WIDTH)}</Text>
            <StackedBar width={barWidth} total={total} segments={[{ value: seconds, color: theme.breakdown[term] }]} />
            <Text>{` ${formatSeconds(seconds).padStart(9)} ${String(share).padStart(3)}%`}</Text>
          </Text>
        );
      })}
    </Box>
  );
}
