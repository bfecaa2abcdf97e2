/**
 * Where one profiled step went: span, streams, time per kernel category and per annotation, compute-stream gaps,
 * the CTA counts GEMMs and communication kernels ran with (the SM split the run used), GEMM rates where shapes were
 * recorded, and the all-to-all kernels per annotation. Pure function of the records the reader kept.
 */

import { NON_GEMM_KINDS, type NonGemmKind } from '../contract/trace-figures.js';
import { type AnnotationLabel, annotationLookup, type Phase, parseAnnotation } from './attribute.js';
import { CATEGORIES, type Category, COMMUNICATION, classifyKernel, gemmLabel, type KernelClass } from './classify.js';
import type { KernelRecord, TraceData } from './read.js';
import { type GemmShape, gemmFlops, gemmShape, shapeLookup } from './shapes.js';
import { gapsBetween, type Interval, mergeIntervals, totalLength } from './timeline.js';

/** One kernel with what the analysis learnt about it. */
export interface TraceKernel {
  name: string;
  ts: number;
  dur: number;
  stream: number;
  ctas: number | undefined;
  cls: KernelClass;
  annotation: AnnotationLabel | undefined;
  /** Start of the range instance it was launched in (tells one attn(F) from the next). */
  rangeStart: number | undefined;
  shape: GemmShape | undefined;
}

export type StreamKind = 'compute' | 'communication';

export interface StreamSummary {
  id: number;
  kind: StreamKind;
  kernels: number;
  busyMs: number;
  busyFraction: number;
}

export interface Total {
  count: number;
  totalMs: number;
}

/** Inter-kernel gaps shorter than this are launch gaps; longer than GAP_WAIT_US, waits on another stream. */
export const GAP_SHORT_US = 20;
export const GAP_WAIT_US = 200;

export interface ComputeGaps {
  /** Span minus the union of the compute streams' kernels. */
  totalMs: number;
  /** Before the first compute kernel and after the last. */
  leadInMs: number;
  tailMs: number;
  short: Total;
  medium: Total;
  /** Gaps of GAP_WAIT_US or more: the compute streams waited (on communication, on the host). */
  waits: Total;
}

export interface AnnotationTotal {
  name: string;
  /** Ranges of this name in the trace (0 for "(none)": kernels launched outside every range). */
  ranges: number;
  kernels: number;
  totalMs: number;
  byCategory: Partial<Record<Category, number>>;
}

export interface AllToAllGroup {
  /** The kernel's own operation (a backward dispatch runs in the combine(B) range: it carries combine's gradient). */
  op: string;
  library: string;
  annotation: string | undefined;
  phase: Phase | undefined;
  count: number;
  totalMs: number;
  meanMs: number;
  ctas: number | undefined;
}

export interface GemmRate {
  name: string;
  dtype: string;
  shape: GemmShape;
  phase: Phase | undefined;
  count: number;
  meanMs: number;
  tflops: number;
  ctas: number | undefined;
}

export interface TraceSummary {
  file: string;
  device: { name: string | undefined; sms: number | undefined; worldSize: number | undefined };
  spanMs: number;
  streams: StreamSummary[];
  /** Kernel time summed per category over every stream (concurrent kernels both count). */
  categories: Record<Category, Total>;
  gemmKinds: Record<string, Total>;
  nonGemm: Record<NonGemmKind, Total>;
  /** The most common CTA count of the GEMMs and of the all-to-all kernels; null when none ran or grids are absent. */
  gemmCtas: number | null;
  allToAllCtas: number | null;
  /** Union of the compute streams' kernels. */
  computeBusyMs: number;
  gapsMs: number;
  gaps: ComputeGaps;
  annotations: AnnotationTotal[];
  allToAll: AllToAllGroup[];
  gemmRates: GemmRate[];
  /** GEMM kernels whose launching operator recorded no shapes (no rate for them). */
  gemmsWithoutShape: number;
  kernels: TraceKernel[];
}

const ms = (us: number) => us / 1000;

/** The most common value; ties go to the larger value. */
export function mostCommon(values: readonly number[]): number | null {
  const counts = new Map<number, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  let best: [number, number] | null = null;
  for (const [v, c] of counts) if (!best || c > best[1] || (c === best[1] && v > best[0])) best = [v, c];
  return best ? best[0] : null;
}

function resolveKernels(data: TraceData): TraceKernel[] {
  const annotationOf = annotationLookup(data.annotations);
  const shapedOpOf = shapeLookup(data.shapedOps);
  const classes = data.names.map(classifyKernel);
  // One label object per range name, shared by its kernels.
  const labels = new Map<string, AnnotationLabel>();
  const labelOf = (name: string) => {
    let label = labels.get(name);
    if (!label) labels.set(name, (label = parseAnnotation(name)));
    return label;
  };
  return data.kernels
    .sort((a, b) => a.ts - b.ts)
    .map((k: KernelRecord) => {
      const launch = k.correlation === undefined ? undefined : data.launches.get(k.correlation);
      const range = launch ? annotationOf(launch) : undefined;
      const cls = classes[k.name]!;
      const op = cls.category === 'gemm' && launch ? shapedOpOf(launch) : undefined;
      return {
        name: data.names[k.name]!,
        ts: k.ts,
        dur: k.dur,
        stream: k.stream,
        ctas: k.ctas,
        cls,
        annotation: range ? labelOf(range.name) : undefined,
        rangeStart: range?.ts,
        shape: op ? gemmShape(op.name, op.dims) : undefined,
      };
    });
}

function totalsBy<K extends string>(
  keys: readonly K[],
  kernels: TraceKernel[],
  keyOf: (k: TraceKernel) => K | undefined,
): Record<K, Total> {
  const out = Object.fromEntries(keys.map((key) => [key, { count: 0, totalMs: 0 }])) as Record<K, Total>;
  for (const k of kernels) {
    const key = keyOf(k);
    if (key === undefined) continue;
    out[key].count++;
    out[key].totalMs += ms(k.dur);
  }
  return out;
}

export function streamKinds(kernels: TraceKernel[]): Map<number, StreamKind> {
  const comm = new Map<number, number>();
  const all = new Map<number, number>();
  for (const k of kernels) {
    all.set(k.stream, (all.get(k.stream) ?? 0) + k.dur);
    if (COMMUNICATION.includes(k.cls.category)) comm.set(k.stream, (comm.get(k.stream) ?? 0) + k.dur);
  }
  // A stream that spends most of its kernel time talking to peers is a communication stream.
  return new Map([...all].map(([id, total]) => [id, (comm.get(id) ?? 0) > total / 2 ? 'communication' : 'compute']));
}

function computeGaps(computeMerged: Interval[], spanStart: number, spanEnd: number): ComputeGaps {
  const gaps = gapsBetween(computeMerged);
  const bucket = (keep: (g: number) => boolean): Total => {
    const chosen = gaps.filter(keep);
    return { count: chosen.length, totalMs: ms(chosen.reduce((a, b) => a + b, 0)) };
  };
  const first = computeMerged[0]?.[0] ?? spanEnd;
  const last = computeMerged[computeMerged.length - 1]?.[1] ?? spanEnd;
  return {
    totalMs: ms(spanEnd - spanStart - totalLength(computeMerged)),
    leadInMs: ms(first - spanStart),
    tailMs: ms(spanEnd - last),
    short: bucket((g) => g > 0 && g < GAP_SHORT_US),
    medium: bucket((g) => g >= GAP_SHORT_US && g < GAP_WAIT_US),
    waits: bucket((g) => g >= GAP_WAIT_US),
  };
}

function annotationTotals(kernels: TraceKernel[], data: TraceData): AnnotationTotal[] {
  const ranges = new Map<string, number>();
  for (const a of data.annotations) ranges.set(a.name, (ranges.get(a.name) ?? 0) + 1);
  const byName = new Map<string, AnnotationTotal>();
  for (const k of kernels) {
    const name = k.annotation?.name ?? '(none)';
    const entry = byName.get(name) ?? { name, ranges: ranges.get(name) ?? 0, kernels: 0, totalMs: 0, byCategory: {} };
    entry.kernels++;
    entry.totalMs += ms(k.dur);
    entry.byCategory[k.cls.category] = (entry.byCategory[k.cls.category] ?? 0) + ms(k.dur);
    byName.set(name, entry);
  }
  return [...byName.values()].sort((a, b) => b.totalMs - a.totalMs);
}

function allToAllGroups(kernels: TraceKernel[]): AllToAllGroup[] {
  const groups = new Map<string, { first: TraceKernel; list: TraceKernel[] }>();
  for (const k of kernels) {
    if (k.cls.category !== 'all-to-all') continue;
    const key = `${k.cls.op}|${k.cls.library}|${k.annotation?.name ?? ''}`;
    const g = groups.get(key) ?? { first: k, list: [] };
    g.list.push(k);
    groups.set(key, g);
  }
  return [...groups.values()].map(({ first, list }) => {
    const cls = first.cls as Extract<KernelClass, { category: 'all-to-all' }>;
    const totalMs = ms(list.reduce((a, k) => a + k.dur, 0));
    return {
      op: cls.op,
      library: cls.library,
      annotation: first.annotation?.name,
      phase: first.annotation?.phase,
      count: list.length,
      totalMs,
      meanMs: totalMs / list.length,
      ctas: mostCommon(list.flatMap((k) => k.ctas ?? [])) ?? undefined,
    };
  });
}

function gemmRates(kernels: TraceKernel[]): GemmRate[] {
  const groups = new Map<string, TraceKernel[]>();
  for (const k of kernels) {
    if (k.cls.category !== 'gemm' || !k.shape || k.dur <= 0) continue;
    const s = k.shape;
    const key = `${k.name}|${s.groups}x${s.m}x${s.n}x${s.k}|${k.annotation?.phase ?? ''}`;
    const list = groups.get(key);
    if (list) list.push(k);
    else groups.set(key, [k]);
  }
  return [...groups.values()].map((list) => {
    const k = list[0]!;
    const us = list.reduce((a, x) => a + x.dur, 0);
    return {
      name: k.name,
      dtype: (k.cls as Extract<KernelClass, { category: 'gemm' }>).dtype,
      shape: k.shape!,
      phase: k.annotation?.phase,
      count: list.length,
      meanMs: ms(us / list.length),
      tflops: (gemmFlops(k.shape!) * list.length) / (us * 1e-6) / 1e12,
      ctas: mostCommon(list.flatMap((x) => x.ctas ?? [])) ?? undefined,
    };
  });
}

export function summarizeTrace(data: TraceData): TraceSummary {
  const kernels = resolveKernels(data);
  // Sorted by start; a loop rather than Math.max(...) since a trace holds more kernels than a call takes arguments.
  const spanStart = kernels[0]!.ts;
  const spanEnd = kernels.reduce((end, k) => Math.max(end, k.ts + k.dur), spanStart);
  const spanUs = spanEnd - spanStart;
  const kinds = streamKinds(kernels);
  const streams = [...kinds].map(([id, kind]): StreamSummary => {
    const own = kernels.filter((k) => k.stream === id);
    const busy = totalLength(mergeIntervals(own.map((k) => [k.ts, k.ts + k.dur] as const)));
    return { id, kind, kernels: own.length, busyMs: ms(busy), busyFraction: spanUs > 0 ? busy / spanUs : 0 };
  });
  streams.sort((a, b) => b.busyMs - a.busyMs);
  const computeMerged = mergeIntervals(
    kernels.filter((k) => kinds.get(k.stream) === 'compute').map((k) => [k.ts, k.ts + k.dur] as const),
  );
  const gaps = computeGaps(computeMerged, spanStart, spanEnd);
  const gemms = kernels.filter((k) => k.cls.category === 'gemm');
  const gemmKinds: Record<string, Total> = {};
  for (const k of gemms) {
    const label = gemmLabel(k.cls as Extract<KernelClass, { category: 'gemm' }>);
    const t = (gemmKinds[label] ??= { count: 0, totalMs: 0 });
    t.count++;
    t.totalMs += ms(k.dur);
  }
  return {
    file: data.file,
    device: { name: data.deviceName, sms: data.deviceSms, worldSize: data.worldSize },
    spanMs: ms(spanUs),
    streams,
    categories: totalsBy(CATEGORIES, kernels, (k) => k.cls.category),
    gemmKinds,
    nonGemm: totalsBy(NON_GEMM_KINDS, kernels, (k) => (k.cls.category === 'non-gemm' ? k.cls.kind : undefined)),
    gemmCtas: mostCommon(gemms.flatMap((k) => k.ctas ?? [])),
    allToAllCtas: mostCommon(
      kernels.flatMap((k) => (k.cls.category === 'all-to-all' && k.ctas !== undefined ? [k.ctas] : [])),
    ),
    computeBusyMs: ms(totalLength(computeMerged)),
    gapsMs: gaps.totalMs,
    gaps,
    annotations: annotationTotals(kernels, data),
    allToAll: allToAllGroups(kernels),
    gemmRates: gemmRates(kernels),
    gemmsWithoutShape: gemms.filter((k) => !k.shape).length,
    kernels,
  };
}
