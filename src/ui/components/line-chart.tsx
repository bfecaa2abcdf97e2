import { Box, Text } from 'ink';
import { formatFigure } from '../../format/numbers.js';
import { boundsOf, type ChartBounds, type ChartSeries, plotChart } from '../chart.js';
import { theme } from '../theme.js';

export interface LineChartProps {
  readonly series: readonly ChartSeries[];
  /** Columns, axis labels included. */
  readonly width: number;
  /** Rows, the x axis and its labels included (at least 3). */
  readonly height: number;
  /** One colour per series (cycled). */
  readonly colors?: readonly string[];
  readonly xLabel?: string;
  readonly formatY?: (y: number) => string;
  readonly bounds?: ChartBounds;
  /** Logarithmic x axis (x >= 1). */
  readonly logX?: boolean;
}

const AXIS_ROWS = 2;

/** A braille line chart of any (x, y) series with y labels at the top and bottom and x labels at both ends. */
export function LineChart({
  series,
  width,
  height,
  colors = [theme.accent],
  xLabel = '',
  formatY = formatFigure,
  bounds,
  logX = false,
}: LineChartProps) {
  const plotRows = Math.max(1, height - AXIS_ROWS);
  const probe = bounds ?? boundsOf(series);
  const yTop = formatY(probe.yMax);
  const yBottom = formatY(probe.yMin);
  const labelWidth = Math.max(yTop.length, yBottom.length);
  const plotWidth = Math.max(4, width - labelWidth - 2);
  const canvas = plotChart(series, plotWidth, plotRows, probe, logX);
  const xLeft = formatFigure(canvas.bounds.xMin);
  const xRight = formatFigure(canvas.bounds.xMax);
  const gap = Math.max(1, plotWidth - xLeft.length - xRight.length);
  const middle = xLabel.length + 2 <= gap ? centre(xLabel, gap) : ' '.repeat(gap);
  return (
    <Box flexDirection="column" width={width}>
      {canvas.rows.map((row, r) => {
        const label = r === 0 ? yTop : r === plotRows - 1 ? yBottom : '';
        return (
          <Text key={r} wrap="truncate-end">
            <Text color={theme.muted}>{`${label.padStart(labelWidth)} ${label ? '┤' : '│'}`}</Text>
            {runsOf(canvas.owner[r]!).map(({ from, to, who }) => (
              <Text key={from} color={who < 0 ? undefined : colors[who % colors.length]}>
                {row.slice(from, to)}
              </Text>
            ))}
          </Text>
        );
      })}
      <Text color={theme.muted} wrap="truncate-end">{`${' '.repeat(labelWidth)} └${'─'.repeat(plotWidth)}`}</Text>
      <Text color={theme.muted} wrap="truncate-end">{`${' '.repeat(labelWidth + 2)}${xLeft}${middle}${xRight}`}</Text>
    </Box>
  );
}

function centre(text: string, width: number): string {
  const left = Math.floor((width - text.length) / 2);
  return ' '.repeat(left) + text + ' '.repeat(width - text.length - left);
}

/**
 * Consecutive cells drawn by the same series, so each colour run is one Text. Blank cells (-1) join the run before
 * them: a blank braille cell shows no colour, and fewer Texts make each redraw cheaper (Ink styles per Text).
 */
function runsOf(owners: readonly number[]): { from: number; to: number; who: number }[] {
  const runs: { from: number; to: number; who: number }[] = [];
  for (let i = 0; i < owners.length; i++) {
    const who = owners[i]!;
    const last = runs[runs.length - 1];
    if (last && (who === -1 || last.who === who)) last.to = i + 1;
    else if (last && last.who === -1) Object.assign(last, { to: i + 1, who });
    else runs.push({ from: i, to: i + 1, who });
  }
  return runs;
}
