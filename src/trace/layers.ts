/**
 * Per-layer figures of a trace annotated in DualPipe's notation (`attn(F)`, `mlp(B)`, `dispatch(W)`, ...): the time
 * of one layer's forward, input backward and weight backward, the mean over the layers the trace holds.
 *
 * Compute categories are wall time over the compute streams: the busiest stream counts first and a second stream
 * (weight-gradient GEMMs run concurrently) only where the first is idle, so the categories and the gaps add up to the
 * span. All-to-all figures are kernel time on the communication stream, keyed by the range that launched them.
 */

import { NON_GEMM_KINDS, type NonGemmKind } from '../contract/trace-figures.js';
import { type Phase, parseAnnotation } from './attribute.js';
import type { TraceSummary } from './summary.js';
import { type Interval, wallShares } from './timeline.js';

export interface AllToAllLayer {
  /** The operation the kernel does: in the backward, combine(B) runs a dispatch kernel (combine's gradient). */
  kernelOp: string;
  kernelMs: number;
  /** DeepEP notify / layout kernels in the same range: mostly waits for peers. */
  notifyMs: number;
}

export interface LayerBreakdown {
  /** The most ranges any forward annotation has (attn(F) four times: four layers). */
  layers: number;
  gemmForwardMs: number;
  gemmInputBackwardMs: number;
  gemmWeightBackwardMs: number;
  /** GEMMs whose range names no phase. */
  gemmOtherMs: number;
  attention: { totalMs: number; forwardMs: number; backwardMs: number; backwardPrePostMs: number };
  nonGemm: { totalMs: number } & Record<NonGemmKind, number>;
  gapsMs: number;
  totalMs: number;
  /** Keyed by range, e.g. "dispatch(F)". */
  allToAll: Record<string, AllToAllLayer>;
}

const GEMM_PHASE_KEY: Record<Phase, 'gemmForwardMs' | 'gemmInputBackwardMs' | 'gemmWeightBackwardMs'> = {
  F: 'gemmForwardMs',
  B: 'gemmInputBackwardMs',
  W: 'gemmWeightBackwardMs',
};

/** Undefined when no range carries a phase: the trace is not annotated per layer. */
export function layerBreakdown(summary: TraceSummary): LayerBreakdown | undefined {
  const layers = Math.max(
    0,
    ...summary.annotations.filter((a) => parseAnnotation(a.name).phase === 'F').map((a) => a.ranges),
  );
  if (layers === 0) return undefined;

  const computeIds = summary.streams.filter((s) => s.kind === 'compute').map((s) => s.id); // busiest first
  const byStream = computeIds.map((id) => summary.kernels.filter((k) => k.stream === id));
  const shares = wallShares(byStream.map((list) => list.map((k) => [k.ts, k.ts + k.dur] as Interval)));
  const out: LayerBreakdown = {
    layers,
    gemmForwardMs: 0,
    gemmInputBackwardMs: 0,
    gemmWeightBackwardMs: 0,
    gemmOtherMs: 0,
    attention: { totalMs: 0, forwardMs: 0, backwardMs: 0, backwardPrePostMs: 0 },
    nonGemm: {
      totalMs: 0,
      ...(Object.fromEntries(NON_GEMM_KINDS.map((kind) => [kind, 0])) as Record<NonGemmKind, number>),
    },
    gapsMs: summary.gapsMs / layers,
    totalMs: summary.spanMs / layers,
    allToAll: {},
  };
  byStream.forEach((list, s) =>
    list.forEach((k, i) => {
      const wall = shares[s]![i]! / 1000 / layers;
      const phase = k.annotation?.phase;
      switch (k.cls.category) {
        case 'gemm':
          out[phase ? GEMM_PHASE_KEY[phase] : 'gemmOtherMs'] += wall;
          break;
        case 'attention':
          out.attention.totalMs += wall;
          if (/pre-?process|post-?process/i.test(k.name)) out.attention.backwardPrePostMs += wall;
          else if (phase === 'F') out.attention.forwardMs += wall;
          else out.attention.backwardMs += wall;
          break;
        case 'non-gemm':
          out.nonGemm.totalMs += wall;
          out.nonGemm[k.cls.kind] += wall;
          break;
        default:
          break; // communication kernels on a compute stream: rare, left out of the compute categories
      }
    }),
  );
  for (const k of summary.kernels) {
    const range = k.annotation?.part !== undefined ? k.annotation.name : undefined;
    if (range === undefined || (k.cls.category !== 'all-to-all' && k.cls.category !== 'all-to-all-wait')) continue;
    const entry = (out.allToAll[range] ??= { kernelOp: '', kernelMs: 0, notifyMs: 0 });
    if (k.cls.category === 'all-to-all') {
      entry.kernelMs += k.dur / 1000 / layers;
      entry.kernelOp = k.cls.op;
    } else entry.notifyMs += k.dur / 1000 / layers;
  }
  return out;
}
