/** Metric values with their units, as the metric's descriptor (contract/metrics.ts) says they read. */
import { metricDescriptor } from '../contract/metrics.js';
import { formatFigure } from './numbers.js';

/** Display scale of a metric: 100 for fractions shown as percent. */
export function metricScale(metric: string): number {
  return metricDescriptor(metric)?.format === 'percent' ? 100 : 1;
}

/** Unit of a metric as displayed ("tok/s/GPU", "% MFU"); the metric's name when unknown. */
export function metricUnit(metric: string): string {
  const d = metricDescriptor(metric);
  if (!d) return metric;
  return d.format === 'percent' ? `% ${d.unit}` : d.unit;
}

/** An axis caption: "throughput (tok/s/GPU), higher is better"; the name when it is not a metric. */
export function metricCaption(metric: string): string {
  const d = metricDescriptor(metric);
  if (!d) return metric;
  return `${d.label} (${metricUnit(metric)}), ${d.direction === 'maximize' ? 'higher' : 'lower'} is better`;
}

/** "1523.4 tok/s/GPU", "41.2% MFU"; unknown metrics print bare with their name. */
export function formatObjective(value: number, metric: string): string {
  if (!Number.isFinite(value)) return '—';
  const d = metricDescriptor(metric);
  if (!d) return `${formatFigure(value)} ${metric}`;
  const shown = formatFigure(value * metricScale(metric));
  return d.format === 'percent' ? `${shown}% ${d.unit}` : `${shown} ${d.unit}`;
}
