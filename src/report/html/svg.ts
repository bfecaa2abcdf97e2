/**
 * The few pieces every chart of the HTML report is made of: escaping, elements, number formats and linear axes
 * (scales and tick values from d3-scale). Colours are CSS classes, defined once in the page's stylesheet.
 */
import { type ScaleLinear, scaleLinear } from 'd3-scale';

const ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text or attribute value made safe for HTML and SVG. */
export function esc(text: string | number): string {
  return String(text).replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

export type Attrs = Readonly<Record<string, string | number | undefined>>;

/** `<name a="..">children</name>`; attributes that are undefined are left out. Children are trusted markup. */
export function el(name: string, attrs: Attrs, ...children: string[]): string {
  const list = Object.entries(attrs)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => ` ${k}="${esc(typeof v === 'number' ? px(v) : v!)}"`)
    .join('');
  return children.length === 0 ? `<${name}${list}/>` : `<${name}${list}>${children.join('')}</${name}>`;
}

/** A tooltip: SVG's <title> child, which browsers show on hover with no script. */
export function title(text: string): string {
  return `<title>${esc(text)}</title>`;
}

/** Coordinates to 0.01 px: exact enough on screen, a third of the bytes of full precision. */
export function px(x: number): string {
  return String(Math.round(x * 100) / 100);
}

/** 4 significant digits, no exponent for everyday magnitudes. */
export function num(x: number): string {
  if (x === 0) return '0';
  const a = Math.abs(x);
  if (a >= 1e4 || a < 1e-3) return x.toPrecision(4);
  return String(Number(x.toPrecision(4)));
}

/** Seconds in the unit that reads best: s, ms or µs. */
export function seconds(s: number): string {
  const a = Math.abs(s);
  if (a === 0) return '0 s';
  if (a >= 1) return `${num(s)} s`;
  if (a >= 1e-3) return `${num(s * 1e3)} ms`;
  return `${num(s * 1e6)} µs`;
}

/** The drawing area of a chart inside its SVG. */
export interface Frame {
  width: number;
  height: number;
  left: number;
  right: number;
  top: number;
  bottom: number;
}

export const innerWidth = (f: Frame): number => f.width - f.left - f.right;
export const innerHeight = (f: Frame): number => f.height - f.top - f.bottom;

/** A linear scale over [lo, hi] (widened when empty), rounded to nice ticks when `nice`. */
export function linear(
  domain: readonly [number, number],
  range: readonly [number, number],
  nice = true,
): ScaleLinear<number, number> {
  let [lo, hi] = domain;
  if (!(hi > lo)) {
    const pad = lo === 0 ? 1 : Math.abs(lo) * 0.05;
    [lo, hi] = [lo - pad, hi + pad];
  }
  const scale = scaleLinear()
    .domain([lo, hi])
    .range([...range]);
  return nice ? scale.nice() : scale;
}

/** A bottom axis: baseline, ticks, tick labels and a caption. */
export function xAxis(
  x: ScaleLinear<number, number>,
  f: Frame,
  caption: string,
  format: (v: number) => string = num,
  ticks = 8,
  integers = false,
): string {
  const y = f.height - f.bottom;
  const marks = x
    .ticks(ticks)
    .filter((v) => !integers || Number.isInteger(v))
    .map((v) =>
      el(
        'g',
        { class: 'tick' },
        el('line', { x1: x(v), x2: x(v), y1: y, y2: y + 4 }),
        el('text', { x: x(v), y: y + 16, 'text-anchor': 'middle' }, esc(format(v))),
      ),
    );
  return el(
    'g',
    { class: 'axis x' },
    el('line', { x1: f.left, x2: f.width - f.right, y1: y, y2: y }),
    ...marks,
    el(
      'text',
      { class: 'caption', x: f.left + innerWidth(f) / 2, y: f.height - 4, 'text-anchor': 'middle' },
      esc(caption),
    ),
  );
}

/** A left axis with light grid lines across the chart. */
export function yAxis(
  y: ScaleLinear<number, number>,
  f: Frame,
  caption: string,
  format: (v: number) => string = num,
  ticks = 6,
): string {
  const marks = y
    .ticks(ticks)
    .map((v) =>
      el(
        'g',
        { class: 'tick' },
        el('line', { class: 'grid', x1: f.left, x2: f.width - f.right, y1: y(v), y2: y(v) }),
        el('text', { x: f.left - 6, y: y(v) + 4, 'text-anchor': 'end' }, esc(format(v))),
      ),
    );
  const cx = 14;
  const cy = f.top + innerHeight(f) / 2;
  return el(
    'g',
    { class: 'axis y' },
    ...marks,
    el('line', { x1: f.left, x2: f.left, y1: f.top, y2: f.height - f.bottom }),
    el(
      'text',
      { class: 'caption', x: cx, y: cy, 'text-anchor': 'middle', transform: `rotate(-90 ${cx} ${px(cy)})` },
      esc(caption),
    ),
  );
}

/** An <svg> element sized in CSS pixels, scaling down with the page. */
export function svg(
  f: Pick<Frame, 'width' | 'height'>,
  about: { cls: string; label: string; id?: string },
  ...children: string[]
): string {
  return el(
    'svg',
    {
      id: about.id,
      class: `chart ${about.cls}`,
      'aria-label': about.label,
      xmlns: 'http://www.w3.org/2000/svg',
      viewBox: `0 0 ${px(f.width)} ${px(f.height)}`,
      width: f.width,
      height: f.height,
      role: 'img',
    },
    ...children,
  );
}

/** A legend as HTML: a swatch of each CSS class and its label. */
export function legend(items: readonly { cls: string; label: string }[]): string {
  return el(
    'ul',
    { class: 'legend' },
    ...items.map((i) => el('li', {}, el('span', { class: `swatch ${i.cls}` }, ''), esc(i.label))),
  );
}
