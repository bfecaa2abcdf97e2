/** Line charts and bar charts of the HTML report, as plain SVG strings (see svg.ts for the pieces). */
import {
  type Attrs,
  el,
  esc,
  type Frame,
  innerHeight,
  innerWidth,
  linear,
  num,
  px,
  svg,
  title,
  xAxis,
  yAxis,
} from './svg.js';

export interface LinePoint {
  x: number;
  y: number;
  title: string;
  /** Extra CSS classes of the point's marker (e.g. its regime). */
  cls?: string;
  data?: Attrs;
}

export interface Series {
  label: string;
  /** CSS class that colours the series. */
  cls: string;
  points: readonly LinePoint[];
  /** How points are joined: not at all, straight, or as steps (a best-so-far). */
  line: 'none' | 'straight' | 'step';
  markers: boolean;
}

/** A vertical marker across the chart. */
export interface Rule {
  x: number;
  label: string;
  cls: string;
  title: string;
  /** Label line above the chart: 0 nearest, 1 above it (so two rules close together keep their labels apart). */
  row?: 0 | 1;
}

/** A point drawn larger, with a label beside it. */
export interface Highlight {
  x: number;
  y: number;
  label: string;
  cls: string;
  title: string;
}

/** A marker on the chart's floor, for an x with no y value (an infeasible trial). */
export interface FloorMark {
  x: number;
  cls: string;
  title: string;
  data?: Attrs;
}

export interface LineChart {
  id?: string;
  label: string;
  xCaption: string;
  yCaption: string;
  series: readonly Series[];
  rules?: readonly Rule[];
  highlights?: readonly Highlight[];
  floor?: readonly FloorMark[];
  xFormat?: (v: number) => string;
  yFormat?: (v: number) => string;
  /** Only whole-number ticks on the x axis (trial numbers). */
  xIntegers?: boolean;
  /** Start the y axis at 0 (throughput), rather than at the data's least value. */
  yFromZero?: boolean;
  width?: number;
  height?: number;
}

const RADIUS = 3.2;
const FLOOR_MARK = 3.5;
/** Height of the band under the data kept for floor marks, so they never sit on a point. */
const FLOOR_BAND = 18;
/** Height of one line of rule labels. */
const LABEL_ROW = 14;

function pathOf(
  points: readonly LinePoint[],
  line: Series['line'],
  x: (v: number) => number,
  y: (v: number) => number,
): string {
  if (points.length < 2 || line === 'none') return '';
  let d = `M${px(x(points[0]!.x))},${px(y(points[0]!.y))}`;
  for (let i = 1; i < points.length; i++) {
    const p = points[i]!;
    d += line === 'step' ? `H${px(x(p.x))}V${px(y(p.y))}` : `L${px(x(p.x))},${px(y(p.y))}`;
  }
  return d;
}

export function lineChart(c: LineChart): string {
  const rows = Math.max(0, ...(c.rules ?? []).map((r) => r.row ?? 0));
  const f: Frame = {
    width: c.width ?? 1000,
    height: (c.height ?? 340) + LABEL_ROW * rows,
    left: 70,
    right: 24,
    top: 22 + LABEL_ROW * rows,
    bottom: 46,
  };
  const all = c.series.flatMap((s) => s.points);
  const xs = [
    ...all.map((p) => p.x),
    ...(c.rules ?? []).map((r) => r.x),
    ...(c.floor ?? []).map((m) => m.x),
    ...(c.highlights ?? []).map((h) => h.x),
  ];
  const ys = [...all.map((p) => p.y), ...(c.highlights ?? []).map((h) => h.y)];
  const x = linear([Math.min(...xs), Math.max(...xs)], [f.left, f.width - f.right]);
  const yLo = c.yFromZero ? Math.min(0, ...ys) : Math.min(...ys);
  const band = (c.floor ?? []).length > 0 ? FLOOR_BAND : 0;
  const y = linear(
    [ys.length === 0 ? 0 : yLo, ys.length === 0 ? 1 : Math.max(...ys)],
    [f.height - f.bottom - band, f.top],
  );
  const floorY = f.height - f.bottom - band / 2;
  const parts: string[] = [yAxis(y, f, c.yCaption, c.yFormat), xAxis(x, f, c.xCaption, c.xFormat, 8, c.xIntegers)];
  for (const r of c.rules ?? []) {
    parts.push(
      el(
        'g',
        { class: `rule ${r.cls}` },
        title(r.title),
        el('line', { x1: x(r.x), x2: x(r.x), y1: f.top, y2: f.height - f.bottom }),
        el('text', { x: x(r.x) + 3, y: f.top - 6 - LABEL_ROW * (r.row ?? 0) }, esc(r.label)),
      ),
    );
  }
  for (const s of c.series) {
    const d = pathOf(s.points, s.line, x, y);
    const marks = s.markers
      ? s.points.map((p) =>
          el(
            'circle',
            { class: `pt ${p.cls ?? ''}`.trim(), cx: x(p.x), cy: y(p.y), r: RADIUS, ...p.data },
            title(p.title),
          ),
        )
      : [];
    parts.push(
      el(
        'g',
        { class: `series ${s.cls}`, 'data-series': s.label },
        ...(d ? [el('path', { class: 'line', d })] : []),
        ...marks,
      ),
    );
  }
  for (const m of c.floor ?? []) {
    const [cx, k] = [x(m.x), FLOOR_MARK];
    parts.push(
      el(
        'path',
        {
          class: `floor ${m.cls}`,
          d: `M${px(cx - k)},${px(floorY - k)}L${px(cx + k)},${px(floorY + k)}M${px(cx - k)},${px(floorY + k)}L${px(cx + k)},${px(floorY - k)}`,
          ...m.data,
        },
        title(m.title),
      ),
    );
  }
  for (const h of c.highlights ?? []) {
    const right = x(h.x) > f.left + innerWidth(f) * 0.75;
    parts.push(
      el(
        'g',
        { class: `highlight ${h.cls}` },
        title(h.title),
        el('circle', { cx: x(h.x), cy: y(h.y), r: RADIUS * 2 }),
        el(
          'text',
          { x: x(h.x) + (right ? -10 : 10), y: y(h.y) - 8, 'text-anchor': right ? 'end' : 'start' },
          esc(h.label),
        ),
      ),
    );
  }
  return svg(f, { cls: 'line-chart', label: c.label, id: c.id }, ...parts);
}

export interface Segment {
  label: string;
  value: number;
  cls: string;
}

export interface StackedBar {
  label: string;
  segments: readonly Segment[];
  format: (v: number) => string;
  /** A limit drawn across the bar (memory capacity), with its label. */
  limit?: { value: number; label: string };
  width?: number;
}

/** One horizontal bar of stacked segments; the scale reaches the larger of the total and the limit. */
export function stackedBar(b: StackedBar): string {
  const f: Frame = { width: b.width ?? 880, height: 84, left: 28, right: 28, top: 22, bottom: 30 };
  const total = b.segments.reduce((s, g) => s + g.value, 0);
  const x = linear([0, Math.max(total, b.limit?.value ?? 0)], [f.left, f.width - f.right]);
  const h = innerHeight(f);
  let at = 0;
  const parts = b.segments.map((g) => {
    const [x0, x1] = [x(at), x(at + g.value)];
    at += g.value;
    const text =
      x1 - x0 > 7 * (g.label.length + 8)
        ? el(
            'text',
            { x: (x0 + x1) / 2, y: f.top + h / 2 + 4, 'text-anchor': 'middle' },
            esc(`${g.label} ${b.format(g.value)}`),
          )
        : '';
    return el(
      'g',
      { class: `seg ${g.cls}` },
      title(`${g.label}: ${b.format(g.value)} (${num((100 * g.value) / total)}% of ${b.format(total)})`),
      el('rect', { x: x0, y: f.top, width: Math.max(0, x1 - x0), height: h }),
      text,
    );
  });
  if (b.limit) {
    const lx = x(b.limit.value);
    parts.push(
      el(
        'g',
        { class: 'limit' },
        title(`${b.limit.label}: ${b.format(b.limit.value)}`),
        el('line', { x1: lx, x2: lx, y1: f.top - 6, y2: f.top + h + 6 }),
        el(
          'text',
          { x: lx, y: f.top - 9, 'text-anchor': lx > f.width * 0.7 ? 'end' : 'start' },
          esc(`${b.limit.label} ${b.format(b.limit.value)}`),
        ),
      ),
    );
  }
  parts.push(xAxis(x, f, '', b.format, 10));
  return svg(f, { cls: 'stacked-bar', label: b.label }, ...parts);
}

export interface BarGroup {
  label: string;
  bars: readonly { label: string; value: number | null; cls: string }[];
  /** Written at the end of the group's longest bar (the adaptation gain). */
  note?: string;
}

/** Horizontal bars in groups (one group per chip: tuned and baseline); a missing value is said, not drawn. */
export function groupedBars(c: {
  label: string;
  caption: string;
  groups: readonly BarGroup[];
  format: (v: number) => string;
  width?: number;
}): string {
  const BAR = 18;
  const perGroup = Math.max(...c.groups.map((g) => g.bars.length)) * (BAR + 4) + 14;
  const f: Frame = { width: c.width ?? 880, height: 0, left: 170, right: 150, top: 10, bottom: 40 };
  f.height = f.top + c.groups.length * perGroup + f.bottom;
  const values = c.groups.flatMap((g) => g.bars.map((b) => b.value ?? 0));
  const x = linear([0, Math.max(...values)], [f.left, f.width - f.right]);
  const parts = c.groups.map((g, i) => {
    const top = f.top + i * perGroup;
    const bars = g.bars.map((b, k) => {
      const y = top + k * (BAR + 4);
      if (b.value === null)
        return el('text', { class: 'missing', x: f.left + 4, y: y + BAR - 5 }, esc(`${b.label}: none`));
      return el(
        'g',
        { class: `bar ${b.cls}` },
        title(`${g.label}, ${b.label}: ${c.format(b.value)}`),
        el('rect', { x: f.left, y, width: x(b.value) - f.left, height: BAR }),
        el('text', { x: x(b.value) + 4, y: y + BAR - 5 }, esc(`${b.label} ${c.format(b.value)}`)),
      );
    });
    const note = g.note
      ? el('text', { class: 'note', x: f.left - 8, y: top + 2 * BAR, 'text-anchor': 'end' }, esc(g.note))
      : '';
    return el(
      'g',
      { class: 'group', 'data-group': g.label },
      el('text', { class: 'group-label', x: f.left - 8, y: top + BAR - 5, 'text-anchor': 'end' }, esc(g.label)),
      ...bars,
      note,
    );
  });
  return svg(f, { cls: 'bars', label: c.label }, ...parts, xAxis(x, f, c.caption, c.format));
}
