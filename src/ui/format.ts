/**
 * Text formatting shared by the Ink components and the plain-line logger: numbers with units, durations, configs.
 * Pure; no Ink.
 */
import type { Config } from '../contract/config.js';

/** How an objective metric reads: its unit, and a display scale (fractions shown as percent). */
interface MetricStyle {
  readonly unit: string;
  readonly scale: number;
}

const METRIC_STYLES: Readonly<Record<string, MetricStyle>> = {
  tokensPerSecPerGpu: { unit: 'tok/s/GPU', scale: 1 },
  mfu: { unit: '% MFU', scale: 100 },
  mfuFp8: { unit: '% MFU(FP8)', scale: 100 },
  stepTimeS: { unit: 's/step', scale: 1 },
  memoryGiB: { unit: 'GiB', scale: 1 },
  bubbleFraction: { unit: '% bubble', scale: 100 },
};

/** Display scale of a metric: 100 for fractions shown as percent. */
export function metricScale(metric: string): number {
  return METRIC_STYLES[metric]?.scale ?? 1;
}

/** Unit of a metric as displayed ("tok/s/GPU", "% MFU"); the metric's name when unknown. */
export function metricUnit(metric: string): string {
  return METRIC_STYLES[metric]?.unit ?? metric;
}

/** "1523.4 tok/s/GPU", "41.2% MFU"; unknown metrics print bare with their name. */
export function formatObjective(value: number, metric: string): string {
  if (!Number.isFinite(value)) return '—';
  const style = METRIC_STYLES[metric];
  if (!style) return `${formatFigure(value)} ${metric}`;
  const shown = formatFigure(value * style.scale);
  return style.unit.startsWith('%') ? `${shown}${style.unit}` : `${shown} ${style.unit}`;
}

/** Integers as they are; otherwise one decimal for everyday magnitudes, 3 significant digits below 10. */
export function formatFigure(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Number.isInteger(value)) return String(value);
  const abs = Math.abs(value);
  if (abs >= 1e5) return value.toFixed(0);
  if (abs >= 10) return value.toFixed(1);
  if (abs >= 1) return value.toFixed(2);
  if (abs === 0) return '0';
  return value.toPrecision(3);
}

/** Seconds with a unit that keeps 3 significant digits: "812 µs", "41.3 ms", "2.41 s", "1204 s". */
export function formatSeconds(seconds: number): string {
  const abs = Math.abs(seconds);
  if (abs === 0) return '0 s';
  if (abs < 1e-3) return `${(seconds * 1e6).toPrecision(3)} µs`;
  if (abs < 1) return `${(seconds * 1e3).toPrecision(3)} ms`;
  return abs < 100 ? `${seconds.toPrecision(3)} s` : `${seconds.toFixed(0)} s`;
}

/** Memory in GiB with one decimal, so columns of them line up: "9.5", "28.0". */
export function formatGiB(gib: number): string {
  return Number.isFinite(gib) ? gib.toFixed(1) : String(gib);
}

/** Wall-clock durations: "42s", "3m05s", "1h02m". */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '--';
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

/** "12.3k/s", "850/s". */
export function formatRate(perSecond: number): string {
  if (!Number.isFinite(perSecond)) return '--/s';
  if (perSecond >= 1e6) return `${(perSecond / 1e6).toFixed(1)}M/s`;
  if (perSecond >= 1e4) return `${(perSecond / 1e3).toFixed(0)}k/s`;
  if (perSecond >= 1e3) return `${(perSecond / 1e3).toFixed(1)}k/s`;
  return `${perSecond.toFixed(perSecond >= 10 ? 0 : 1)}/s`;
}

/** Signed relative change: "+2.1%", "-0.4%"; null when there is nothing to compare with. */
export function formatChange(fraction: number | null): string | null {
  if (fraction === null || !Number.isFinite(fraction)) return null;
  const pct = fraction * 100;
  const digits = Math.abs(pct) >= 10 ? 0 : Math.abs(pct) >= 0.1 ? 1 : 2;
  return `${pct >= 0 ? '+' : ''}${pct.toFixed(digits)}%`;
}

/** Short names for config fields, as a user reads them in a one-line summary; also their display order. */
const FIELD_LABELS: Readonly<Record<keyof Config, string>> = {
  schedule: 'schedule',
  pp: 'pp',
  vpp: 'vpp',
  ep: 'ep',
  tp: 'tp',
  microBatchSize: 'mbs',
  commSMs: 'commSMs',
  nodeLimit: 'nodeLimit',
  recompute: 'recompute',
  sequenceParallel: 'sp',
};

/** Sort comparator: Config fields in their display order, unknown fields after them. */
export function byFieldOrder(a: string, b: string): number {
  const order = Object.keys(FIELD_LABELS);
  const rank = (field: string) => (order.includes(field) ? order.indexOf(field) : order.length);
  return rank(a) - rank(b);
}

export function fieldLabel(field: string): string {
  return (FIELD_LABELS as Record<string, string>)[field] ?? field;
}

/** "dualpipe pp16 ep64 mbs1 commSMs=22": fields in the Config's order (whatever order the spec gave them in), short
 * numeric ones glued to their label, the rest as name=value. */
export function formatConfig(config: Readonly<Partial<Config>>): string {
  const glued = new Set(['pp', 'ep', 'tp', 'vpp', 'mbs']);
  const fields = (Object.entries(config) as [string, unknown][])
    .filter(([, value]) => value !== undefined)
    .sort(([a], [b]) => byFieldOrder(a, b));
  return fields
    .map(([field, value]) => {
      if (field === 'schedule') return String(value);
      const label = fieldLabel(field);
      return glued.has(label) ? `${label}${String(value)}` : `${label}=${String(value)}`;
    })
    .join(' ');
}

/** Clips text to `width` columns with an ellipsis. */
export function clip(text: string, width: number): string {
  if (width <= 0) return '';
  return text.length <= width ? text : `${text.slice(0, Math.max(0, width - 1))}…`;
}
