/**
 * The best config's pipeline chart, drawn by the schedule engine (the UI only picks the lines it has room for).
 * The timing comes from the model's metrics details; without it there is no chart.
 */
import { buildSchedule, renderGantt, timeline, type Durations } from '../schedule/index.js';
import type { GanttView } from './components/BestConfigPanel.js';
import type { TrialView } from './state.js';

/** What the UI needs from `metrics.details` to draw a Gantt: the step's micro-batches and per-chunk op times (s). */
export interface PipelineTiming {
  readonly microBatches: number;
  readonly durations: Durations;
}

function isDurations(value: unknown): value is Omit<Durations, 'p2p'> & { readonly p2p?: number } {
  if (typeof value !== 'object' || value === null) return false;
  const d = value as Record<string, unknown>;
  return ['F', 'B', 'W', 'FB'].every((k) => typeof d[k] === 'number');
}

/** The pipeline timing the model attached to a trial's metrics, or null when absent or malformed. */
export function pipelineTimingOf(metrics: unknown): PipelineTiming | null {
  const details = (metrics as { details?: { pipeline?: unknown } } | null)?.details;
  const pipeline = details?.pipeline as { microBatches?: unknown; durations?: unknown } | undefined;
  if (!pipeline || typeof pipeline.microBatches !== 'number' || !isDurations(pipeline.durations)) return null;
  return { microBatches: pipeline.microBatches, durations: { ...pipeline.durations, p2p: pipeline.durations.p2p ?? 0 } };
}

/**
 * Chart lines for the best trial at `width` columns: the time axis, one row per rank and the legend (the renderer's
 * lines 1 .. pp+2; its title and per-rank table are left out for room). Null without timing or when the schedule
 * cannot be built for these parameters.
 */
export function ganttOf(best: TrialView, width: number): GanttView | null {
  const timing = pipelineTimingOf(best.metrics);
  if (!timing) return null;
  const { schedule: kind, pp, vpp } = best.config;
  try {
    const t = timeline(buildSchedule(kind, { pp, microBatches: timing.microBatches, vpp }), timing.durations);
    const lines = renderGantt(t, width).slice(1, 3 + t.ranks.length);
    return { title: `${kind} pp${pp}, ${timing.microBatches} micro-batches`, lines };
  } catch {
    return null; // a schedule the engine refuses is the model's to report; the UI just shows no chart
  }
}
