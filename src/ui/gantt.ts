/**
 * The best config's pipeline chart, drawn by the schedule engine (the UI only picks the lines it has room for).
 * The timing comes from the model's metrics details (micro-batches, per-chunk F/B/W/FB/p2p); without it, no chart.
 */
import type { Metrics, ModelDetails } from '../contract/metrics.js';
import { buildSchedule, type Durations, renderGantt, timeline } from '../schedule/index.js';
import type { GanttView } from './components/best-config-panel.js';
import type { TrialView } from './state.js';

/** What a Gantt needs beyond the config: the step's micro-batches and the per-chunk op times (s) the model simulated. */
export interface PipelineTiming {
  readonly microBatches: number;
  readonly durations: Durations;
}

/** The pipeline timing in a trial's metrics details, or null when the model gave none (e.g. an infeasible config). */
export function pipelineTimingOf(metrics: Metrics): PipelineTiming | null {
  const details: Partial<ModelDetails> | undefined = metrics.details; // defensive: events may come from a journal
  const microBatches = details?.microBatches ?? 0;
  if (!details?.chunkS || microBatches <= 0) return null;
  const { F, B, W, FB, p2p } = details.chunkS;
  return { microBatches, durations: { F, B, W, FB, p2p } };
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
