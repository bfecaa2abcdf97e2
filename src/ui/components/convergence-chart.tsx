import { formatFigure } from '../../format/numbers.js';
import { boundsOf, type Point2 } from '../chart.js';
import { theme } from '../theme.js';
import { LineChart } from './line-chart.js';

export interface ConvergenceChartProps {
  /** Best-so-far at each improvement: (trial, objective). */
  readonly history: readonly Point2[];
  /** Trials completed: the curve is held flat up to here. */
  readonly trialsDone: number;
  /** Objective display scale (100 for fractions shown as percent). */
  readonly scale?: number;
  readonly width: number;
  readonly height: number;
}

/** Trials beyond which the x axis turns logarithmic (a search improves mostly early). */
const LOG_X_FROM = 100;

/** Best-so-far against trials (from trial 1), as a staircase: flat stretches are trials that found nothing better. */
export function ConvergenceChart({ history, trialsDone, scale = 1, width, height }: ConvergenceChartProps) {
  const last = history[history.length - 1];
  const points: Point2[] = history.map(([x, y]) => [x, y * scale] as const);
  if (last && trialsDone > last[0]) points.push([trialsDone, last[1] * scale]);
  const logX = trialsDone >= LOG_X_FROM;
  const bounds = { ...boundsOf([{ label: '', points }]), xMin: 1 };
  return (
    <LineChart
      series={[{ label: 'best so far', points, step: true }]}
      colors={[theme.good]}
      xLabel={logX ? 'trials (log scale)' : 'trials'}
      formatY={formatFigure}
      width={width}
      height={height}
      bounds={{ ...bounds, xMax: Math.max(bounds.xMax, 2) }}
      logX={logX}
    />
  );
}
