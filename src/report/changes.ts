/**
 * Where a sweep's optimum changes: between two neighbouring points, its regime (communication-, compute-,
 * pipeline-bound...), its bottleneck, whether it overlaps communication with compute, or one of its config fields;
 * and the baseline's bottleneck, which shows where a link starts or stops binding a schedule that cannot hide it.
 */
import type { ConfigFigures } from './figures.js';

/**
 * commSMsNeeded, not the optimum's own commSMs: past the links' knee extra SMs tie, and the search picks any. It
 * counts as changed when it moves by more than COMM_SMS_CHANGE (the soft knee drifts by a few SMs per step).
 */
export const TRACKED = [
  'feasible',
  'regime',
  'bottleneck',
  'overlap',
  'schedule',
  'pp',
  'ep',
  'microBatchSize',
  'recompute',
  'commSMsNeeded',
  'baselineBottleneck',
] as const;
export const COMM_SMS_CHANGE = 0.1;
export type Tracked = (typeof TRACKED)[number];

export interface FieldChange {
  what: Tracked;
  before: string | number | boolean | null;
  after: string | number | boolean | null;
}

export interface OptimumChange {
  /** Index of the point after the change (the change lies between points index - 1 and index). */
  index: number;
  from: number;
  to: number;
  changes: FieldChange[];
}

export interface SeriesPoint {
  value: number;
  tuned: ConfigFigures | null;
  commSMsNeeded: number | null;
  baseline: ConfigFigures | null;
}

function trackedValue(what: Tracked, point: SeriesPoint): string | number | boolean | null {
  const f = point.tuned;
  if (what === 'feasible') return f !== null;
  if (what === 'baselineBottleneck') return point.baseline?.bottleneck ?? null;
  if (f === null) return null;
  switch (what) {
    case 'regime':
      return f.regime;
    case 'bottleneck':
      return f.bottleneck;
    case 'overlap':
      return f.overlapsCommunication ? 'overlapped' : 'serial';
    case 'schedule':
    case 'pp':
    case 'ep':
    case 'microBatchSize':
      return f.config[what];
    case 'recompute':
      return f.config.recompute ?? null;
    case 'commSMsNeeded':
      return point.commSMsNeeded;
  }
}

/** Every pair of neighbours whose optima differ in a tracked field, in axis order. */
export function optimumChanges(points: readonly SeriesPoint[]): OptimumChange[] {
  const out: OptimumChange[] = [];
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1]!;
    const b = points[i]!;
    const bothFeasible = a.tuned !== null && b.tuned !== null;
    const changes = TRACKED.filter((what) => what === 'feasible' || what === 'baselineBottleneck' || bothFeasible)
      .map((what) => ({ what, before: trackedValue(what, a), after: trackedValue(what, b) }))
      .filter((c) => (c.what === 'commSMsNeeded' ? movedFar(c.before, c.after) : c.before !== c.after));
    if (changes.length > 0) out.push({ index: i, from: a.value, to: b.value, changes });
  }
  return out;
}

function movedFar(before: FieldChange['before'], after: FieldChange['after']): boolean {
  if (typeof before !== 'number' || typeof after !== 'number') return before !== after;
  return Math.abs(after - before) > COMM_SMS_CHANGE * Math.max(before, after);
}

/** "regime communication -> compute; commSMsNeeded 48 -> 18". */
export function describeChanges(changes: readonly FieldChange[]): string {
  return changes.map((c) => `${c.what} ${String(c.before)} -> ${String(c.after)}`).join('; ');
}
