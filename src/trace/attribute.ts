/**
 * A kernel's user annotation: the innermost `record_function` range around the runtime call that launched it (linked
 * by args.correlation). Autograd runs the backward on its own thread, outside the main thread's ranges, so a launch
 * with no range on its own thread takes the innermost range of any thread of the same process that spans it.
 */
import type { AnnotationRecord, HostRecord } from './read.js';

export const PHASES = ['F', 'B', 'W'] as const;
/** Forward, input backward, weight backward (DualPipe's and Zero Bubble's notation). */
export type Phase = (typeof PHASES)[number];

export interface AnnotationLabel {
  name: string;
  /** The part of the layer the range names ("attn", "mlp", "dispatch", "combine", ...), when it follows `part(F|B|W)`. */
  part: string | undefined;
  phase: Phase | undefined;
}

/** "attn(F)" → part attn, phase F; other names keep only the name. */
export function parseAnnotation(name: string): AnnotationLabel {
  const match = /^\s*(.*?)\s*\(\s*([FBW])\s*\)\s*$/.exec(name);
  return match
    ? { name, part: match[1]!.toLowerCase(), phase: match[2] as Phase }
    : { name, part: undefined, phase: undefined };
}

/** The ranges of one thread, sorted by start, with each range's enclosing range (ranges on one thread nest). */
export interface ThreadRanges<R extends HostRecord = AnnotationRecord> {
  starts: number[];
  ranges: R[];
  parent: number[];
}

export function threadRanges<R extends HostRecord>(ranges: R[]): ThreadRanges<R> {
  const sorted = [...ranges].sort((a, b) => a.ts - b.ts || b.dur - a.dur);
  const parent: number[] = [];
  const open: number[] = [];
  sorted.forEach((r, i) => {
    while (open.length > 0 && sorted[open[open.length - 1]!]!.ts + sorted[open[open.length - 1]!]!.dur < r.ts)
      open.pop();
    parent.push(open.length > 0 ? open[open.length - 1]! : -1);
    open.push(i);
  });
  return { starts: sorted.map((r) => r.ts), ranges: sorted, parent };
}

/** Innermost range of the thread that contains `ts`, or undefined. */
export function innermost<R extends HostRecord>(t: ThreadRanges<R>, ts: number): R | undefined {
  let lo = 0;
  let hi = t.starts.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (t.starts[mid]! <= ts) lo = mid + 1;
    else hi = mid;
  }
  for (let i = lo - 1; i >= 0; i = t.parent[i]!) {
    const r = t.ranges[i]!;
    if (ts <= r.ts + r.dur) return r;
  }
  return undefined;
}

export type AnnotationLookup = (launch: HostRecord) => AnnotationRecord | undefined;

export function annotationLookup(annotations: AnnotationRecord[]): AnnotationLookup {
  const byThread = new Map<string, AnnotationRecord[]>();
  for (const a of annotations) {
    const key = `${a.pid}/${a.tid}`;
    const list = byThread.get(key);
    if (list) list.push(a);
    else byThread.set(key, [a]);
  }
  const threads = new Map([...byThread].map(([key, ranges]) => [key, threadRanges(ranges)]));
  const byProcess = new Map<string, ThreadRanges[]>();
  for (const [key, t] of threads) {
    const pid = key.slice(0, key.lastIndexOf('/'));
    byProcess.set(pid, [...(byProcess.get(pid) ?? []), t]); // a handful of threads
  }
  return (launch) => {
    const own = threads.get(`${launch.pid}/${launch.tid}`);
    const found = own ? innermost(own, launch.ts) : undefined;
    if (found) return found;
    const candidates = (byProcess.get(String(launch.pid)) ?? []).flatMap((t) => innermost(t, launch.ts) ?? []);
    return candidates.sort((a, b) => a.dur - b.dur)[0];
  };
}
