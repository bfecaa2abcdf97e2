import { Box, Text } from 'ink';
import type { SweepResult } from '../../report/sweep.js';
import { axisLabel, changeLines, sweepHeadline, sweepTables } from '../../report/sweep-tables.js';
import { boundsOf, type ChartSeries } from '../chart.js';
import { LineChart } from '../components/line-chart.js';
import { theme } from '../theme.js';
import { Lines, ReportTableView } from './report-table-view.js';

export interface SweepViewProps {
  readonly result: SweepResult;
  readonly width: number;
}

const CHART_ROWS = 10;

/** Throughput (tuned and baseline) and the commSMs the optimum needs against the varied figure; then the table. */
export function SweepView({ result, width }: SweepViewProps) {
  const series = (pick: (p: SweepResult['points'][number]) => number | null | undefined, label: string) => ({
    label,
    points: result.points.flatMap((p) => {
      const y = pick(p);
      return y == null ? [] : [[p.value, y] as const];
    }),
  });
  const throughput = [
    series((p) => p.tuned?.tokensPerSecPerGpu, 'tuned'),
    series((p) => p.baseline?.tokensPerSecPerGpu, 'baseline'),
  ];
  const sms = [series((p) => p.commSMsNeeded, 'commSMs needed')];
  // Both charts span the whole range, even where a point has nothing feasible.
  const span = (s: readonly ChartSeries[]) => ({ ...boundsOf(s), xMin: result.axis.from, xMax: result.axis.to });
  const half = Math.floor((width - 2) / 2);
  const side = half >= 40;
  const chartWidth = side ? half : width;
  return (
    <Box flexDirection="column" width={width}>
      <Lines lines={sweepHeadline(result)} color={theme.muted} />
      <Box flexDirection={side ? 'row' : 'column'} marginTop={1} gap={2}>
        <Box flexDirection="column" width={chartWidth}>
          <Text bold color={theme.accent}>
            tokens/s per GPU: <Text color={theme.good}>tuned</Text>, <Text color={theme.muted}>baseline</Text>
          </Text>
          <LineChart
            series={throughput}
            width={chartWidth}
            height={CHART_ROWS}
            colors={[theme.good, theme.muted]}
            xLabel={axisLabel(result)}
            bounds={span(throughput)}
          />
        </Box>
        <Box flexDirection="column" width={chartWidth}>
          <Text bold color={theme.accent}>
            commSMs the optimum needs
          </Text>
          <LineChart
            series={sms}
            width={chartWidth}
            height={CHART_ROWS}
            colors={[theme.comm]}
            xLabel={axisLabel(result)}
            formatY={(y) => y.toFixed(0)}
            bounds={span(sms)}
          />
        </Box>
      </Box>
      {sweepTables(result).map((table) => (
        <ReportTableView key={table.title} table={table} width={width} />
      ))}
      <Box flexDirection="column" marginTop={1}>
        <Text bold color={theme.accent}>
          Where the optimum changes
        </Text>
        <Lines lines={changeLines(result)} color={theme.warn} />
      </Box>
    </Box>
  );
}
