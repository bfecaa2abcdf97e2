/**
 * A line chart on a braille canvas (2x4 dots per cell), for best-so-far curves and for sweeps: generic series of
 * (x, y) points. Pure; the Ink component colours the cells by the series that drew them.
 */

export type Point2 = readonly [x: number, y: number];

export interface ChartSeries {
  readonly label: string;
  readonly points: readonly Point2[];
  /** Draw as a staircase (hold y until the next x): right for best-so-far curves. */
  readonly step?: boolean;
}

export interface ChartBounds {
  readonly xMin: number;
  readonly xMax: number;
  readonly yMin: number;
  readonly yMax: number;
}

export interface ChartCanvas {
  /** One string per row, `width` braille characters each (U+2800 is blank). */
  readonly rows: readonly string[];
  /** Per row and column, the index of the last series that drew there, or -1. */
  readonly owner: readonly (readonly number[])[];
  readonly bounds: ChartBounds;
}

/** Bit of dot (dx, dy) in a braille cell, dy counted from the top (Unicode braille patterns). */
const DOT_BITS: readonly (readonly [number, number])[] = [
  [0x01, 0x08],
  [0x02, 0x10],
  [0x04, 0x20],
  [0x40, 0x80],
];
const BRAILLE_BLANK = 0x2800;

/** The data's bounds, with a little vertical room so a flat line does not sit on the frame. */
export function boundsOf(series: readonly ChartSeries[]): ChartBounds {
  const xs = series.flatMap((s) => s.points.map((p) => p[0])).filter(Number.isFinite);
  const ys = series.flatMap((s) => s.points.map((p) => p[1])).filter(Number.isFinite);
  if (xs.length === 0 || ys.length === 0) return { xMin: 0, xMax: 1, yMin: 0, yMax: 1 };
  let yMin = Math.min(...ys);
  let yMax = Math.max(...ys);
  if (yMax === yMin) {
    const pad = Math.abs(yMax) * 0.01 || 1;
    yMin -= pad;
    yMax += pad;
  }
  const xMin = Math.min(...xs);
  return { xMin, xMax: Math.max(...xs, xMin + 1), yMin, yMax };
}

/**
 * Draws the series on a `width` x `height` braille canvas. With `logX` the x axis is logarithmic (x >= 1): a
 * search improves mostly early, and a linear axis squeezes that into the first column.
 */
export function plotChart(
  series: readonly ChartSeries[],
  width: number,
  height: number,
  bounds = boundsOf(series),
  logX = false,
): ChartCanvas {
  const cols = Math.max(1, Math.floor(width));
  const lines = Math.max(1, Math.floor(height));
  const dotsX = cols * 2;
  const dotsY = lines * 4;
  const bits = Array.from({ length: lines }, () => new Array<number>(cols).fill(0));
  const owner = Array.from({ length: lines }, () => new Array<number>(cols).fill(-1));
  const scaleX = logX ? (x: number) => Math.log(Math.max(1, x)) : (x: number) => x;
  const x0 = scaleX(bounds.xMin);
  const xSpan = scaleX(bounds.xMax) - x0 || 1;
  const toDot = ([x, y]: Point2): [number, number] => [
    Math.round(((scaleX(x) - x0) / xSpan) * (dotsX - 1)),
    Math.round((1 - (y - bounds.yMin) / (bounds.yMax - bounds.yMin)) * (dotsY - 1)),
  ];
  const set = (dx: number, dy: number, who: number) => {
    if (dx < 0 || dy < 0 || dx >= dotsX || dy >= dotsY) return;
    const row = Math.floor(dy / 4);
    const col = Math.floor(dx / 2);
    bits[row]![col]! |= DOT_BITS[dy % 4]![dx % 2]!;
    owner[row]![col] = who;
  };
  series.forEach((s, who) => {
    const dots = s.points.filter((p) => Number.isFinite(p[0]) && Number.isFinite(p[1])).map(toDot);
    if (dots.length === 1) set(dots[0]![0], dots[0]![1], who);
    for (let i = 1; i < dots.length; i++) {
      const [x0, y0] = dots[i - 1]!;
      const [x1, y1] = dots[i]!;
      if (s.step) {
        drawSegment(x0, y0, x1, y0, (x, y) => set(x, y, who));
        drawSegment(x1, y0, x1, y1, (x, y) => set(x, y, who));
      } else {
        drawSegment(x0, y0, x1, y1, (x, y) => set(x, y, who));
      }
    }
  });
  const rows = bits.map((row) => row.map((b) => String.fromCharCode(BRAILLE_BLANK + b)).join(''));
  return { rows, owner, bounds };
}

/** Bresenham's line between two dots, both ends included. */
function drawSegment(x0: number, y0: number, x1: number, y1: number, plot: (x: number, y: number) => void): void {
  const dx = Math.abs(x1 - x0);
  const dy = -Math.abs(y1 - y0);
  const sx = x0 < x1 ? 1 : -1;
  const sy = y0 < y1 ? 1 : -1;
  let err = dx + dy;
  let x = x0;
  let y = y0;
  for (;;) {
    plot(x, y);
    if (x === x1 && y === y1) return;
    const e2 = 2 * err;
    if (e2 >= dy) {
      err += dy;
      x += sx;
    }
    if (e2 <= dx) {
      err += dx;
      y += sy;
    }
  }
}
