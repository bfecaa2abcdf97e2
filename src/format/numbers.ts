/**
 * Numbers, durations and rates as text: one implementation for the terminal UI, the plain-line log, the reports and
 * the tables. Pure.
 */

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

/** A fraction as a percent with one decimal: "41.2%". */
export function formatPercent(fraction: number): string {
  return `${(100 * fraction).toFixed(1)}%`;
}

/** Signed relative change: "+2.1%", "-0.4%"; null when there is nothing to compare with. */
export function formatChange(fraction: number | null): string | null {
  if (fraction === null || !Number.isFinite(fraction)) return null;
  const pct = fraction * 100;
  const digits = Math.abs(pct) >= 10 ? 0 : Math.abs(pct) >= 0.1 ? 1 : 2;
  return `${pct >= 0 ? '+' : ''}${pct.toFixed(digits)}%`;
}

/** Clips text to `width` columns with an ellipsis. */
export function clip(text: string, width: number): string {
  if (width <= 0) return '';
  return text.length <= width ? text : `${text.slice(0, Math.max(0, width - 1))}…`;
}

/** Table cells: up to 4 significant digits, no exponent for everyday magnitudes. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Number.isInteger(value)) return String(value);
  const abs = Math.abs(value);
  if (abs >= 1000) return value.toFixed(0);
  if (abs >= 100) return value.toFixed(1);
  if (abs >= 1) return value.toFixed(2);
  return value.toPrecision(3);
}
