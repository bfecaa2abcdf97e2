/**
 * Figures read from a profiler trace (their schema: contract/trace-figures.ts), as a measurement file's optional
 * `trace` section; `scripts/deepseek-trace-figures.mjs` writes them from DeepSeek's trace.
 */
import { TRACE_FIGURES_VERSION, type TraceFigures, traceFiguresSchema } from '../contract/trace-figures.js';
import type { LayerBreakdown } from './layers.js';
import type { TraceSummary } from './summary.js';

/** Microsecond resolution: the trace's own. */
const r = (x: number) => Number(x.toFixed(4));
const roundAll = <T>(value: T): T =>
  (typeof value === 'number'
    ? r(value)
    : Array.isArray(value)
      ? value.map(roundAll)
      : value !== null && typeof value === 'object'
        ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, roundAll(v)]))
        : value) as T;

export function traceFigures(
  summary: TraceSummary,
  layers: LayerBreakdown,
  meta: { source: string; command: string; setup: string; run?: TraceFigures['run'] },
  routedRowsPerGpu?: TraceFigures['perLayer']['routedRowsPerGpu'],
): TraceFigures {
  const figures: TraceFigures = {
    schemaVersion: TRACE_FIGURES_VERSION,
    ...meta,
    pair: roundAll({
      spanMs: summary.spanMs,
      computeBusyMs: summary.computeBusyMs,
      gapsMs: summary.gapsMs,
      streams: summary.streams.map((s) => ({ id: s.id, kind: s.kind, busyMs: s.busyMs, busyFraction: s.busyFraction })),
      gemmCtas: summary.gemmCtas,
      allToAllCtas: summary.allToAllCtas,
      categories: summary.categories,
      gaps: {
        leadInMs: summary.gaps.leadInMs,
        tailMs: summary.gaps.tailMs,
        short: summary.gaps.short,
        medium: summary.gaps.medium,
        waits: summary.gaps.waits,
      },
    }),
    perLayer: { ...roundAll(layers), ...(routedRowsPerGpu ? { routedRowsPerGpu: roundAll(routedRowsPerGpu) } : {}) },
  };
  return traceFiguresSchema.parse(figures);
}
