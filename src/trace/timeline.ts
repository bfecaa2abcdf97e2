/** Interval arithmetic on one trace's timeline (microseconds): unions, overlaps and the gaps between busy spans. */

export type Interval = readonly [start: number, end: number];

/** Sorted, disjoint intervals covering the same time as the input. */
export function mergeIntervals(intervals: readonly Interval[]): Interval[] {
  const sorted = [...intervals].sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const [start, end] of sorted) {
    const last = merged[merged.length - 1];
    if (last && start <= last[1]) last[1] = Math.max(last[1], end);
    else merged.push([start, end]);
  }
  return merged;
}

export function totalLength(merged: readonly Interval[]): number {
  return merged.reduce((sum, [s, e]) => sum + (e - s), 0);
}

/** Time of [start, end] covered by `merged` (sorted, disjoint). */
export function coveredTime(merged: readonly Interval[], start: number, end: number): number {
  // First interval that ends after `start`.
  let lo = 0;
  let hi = merged.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (merged[mid]![1] <= start) lo = mid + 1;
    else hi = mid;
  }
  let covered = 0;
  for (let i = lo; i < merged.length && merged[i]![0] < end; i++) {
    covered += Math.min(end, merged[i]![1]) - Math.max(start, merged[i]![0]);
  }
  return covered;
}

/**
 * Wall time of each interval over several streams that share the SMs: streams are taken in priority order and an
 * interval counts only the time no higher-priority stream was busy. The shares add up to the union of all streams,
 * so per-category wall times partition the busy time instead of double-counting concurrent kernels.
 */
export function wallShares(streams: readonly (readonly Interval[])[]): number[][] {
  let covered: Interval[] = [];
  return streams.map((intervals) => {
    const shares = intervals.map(([s, e]) => e - s - coveredTime(covered, s, e));
    covered = mergeIntervals([...covered, ...intervals]);
    return shares;
  });
}

/** Idle spans between consecutive busy spans of `merged`. */
export function gapsBetween(merged: readonly Interval[]): number[] {
  return merged.slice(1).map(([start], i) => start - merged[i]![1]);
}
