import { Box, Text } from 'ink';
import type { CompareResult } from '../../report/compare.js';
import { compareHeadline, compareTables } from '../../report/compare-tables.js';
import { times } from '../../report/tables.js';
import { StackedBar } from '../components/stacked-bar.js';
import { theme } from '../theme.js';
import { Lines, ReportTableView } from './report-table-view.js';

export interface CompareViewProps {
  readonly result: CompareResult;
  readonly width: number;
}

/** Tuned against baseline throughput per chip as bars on one scale, then the comparison's tables. */
export function CompareView({ result, width }: CompareViewProps) {
  const top = Math.max(
    1,
    ...result.chips.flatMap((c) => [c.tuned?.tokensPerSecPerGpu ?? 0, c.baseline?.tokensPerSecPerGpu ?? 0]),
  );
  const label = Math.max(...result.chips.map((c) => c.chip.length)) + 1;
  const bar = Math.max(10, width - label - 30);
  return (
    <Box flexDirection="column" width={width}>
      <Lines lines={compareHeadline(result)} color={theme.muted} />
      <Box flexDirection="column" marginTop={1}>
        <Text bold color={theme.accent}>
          tokens/s per GPU: tuned (green) over the naive baseline (gray)
        </Text>
        {result.chips.map((c) => (
          <Box key={c.chip} flexDirection="column">
            <Text>
              {c.chip.padEnd(label)}
              <StackedBar
                segments={[{ value: c.tuned?.tokensPerSecPerGpu ?? 0, color: theme.good }]}
                width={bar}
                total={top}
              />
              {` ${(c.tuned?.tokensPerSecPerGpu ?? 0).toFixed(0)} tuned, gain ${times(c.adaptationGain)}`}
            </Text>
            <Text>
              {' '.repeat(label)}
              <StackedBar
                segments={[{ value: c.baseline?.tokensPerSecPerGpu ?? 0, color: theme.muted }]}
                width={bar}
                total={top}
              />
              {` ${(c.baseline?.tokensPerSecPerGpu ?? 0).toFixed(0)} baseline`}
            </Text>
          </Box>
        ))}
      </Box>
      {compareTables(result).map((table) => (
        <ReportTableView key={table.title} table={table} width={width} />
      ))}
    </Box>
  );
}
