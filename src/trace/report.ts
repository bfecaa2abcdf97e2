/** The readable report and the `--json` object of `autotune trace`. */

import { NON_GEMM_KINDS } from '../contract/trace-figures.js';
import { formatNumber, formatPercent } from '../format/numbers.js';
import { formatTable } from '../format/table.js';
import { CATEGORIES } from './classify.js';
import type { LayerBreakdown } from './layers.js';
import type { AllToAllRate } from './measurements.js';
import { GAP_SHORT_US, GAP_WAIT_US, type TraceSummary } from './summary.js';

export interface TraceReport {
  summary: TraceSummary;
  layers: LayerBreakdown | undefined;
  /** Present when the run's shape (workload, config) was given: bytes per all-to-all are not in a trace. */
  rates: AllToAllRate[] | undefined;
}

const n = formatNumber;

export function traceJson(report: TraceReport): object {
  const { kernels: _kernels, ...summary } = report.summary;
  return {
    ...summary,
    layers: report.layers ?? null,
    allToAllRates:
      report.rates?.map((r) => ({
        op: r.op,
        annotation: r.group.annotation ?? null,
        kernel: r.kernel,
        ep: r.ep,
        nodes: r.nodes,
        meanMs: r.group.meanMs,
        ctas: r.group.ctas ?? null,
        gbps: r.gbps,
        tier: r.tier,
        remoteIbGbps: r.remoteIbGbps,
      })) ?? null,
  };
}

export function traceText(report: TraceReport): string {
  const s = report.summary;
  const device = s.device.name
    ? `${s.device.name}${s.device.sms ? ` (${s.device.sms} SMs)` : ''}`
    : 'device not recorded';
  const out: string[] = [
    `Trace ${s.file}: ${device}${s.device.worldSize ? `, world size ${s.device.worldSize}` : ''}, ${s.kernels.length} kernels`,
    `Span ${n(s.spanMs)} ms (first kernel start to last kernel end); compute streams busy ${n(s.computeBusyMs)} ms (${formatPercent(s.computeBusyMs / s.spanMs)}), idle ${n(s.gapsMs)} ms`,
    `SM split: GEMMs ran ${s.gemmCtas ?? '-'} CTAs, all-to-all kernels ${s.allToAllCtas ?? '-'} CTAs (the most common launch of each)`,
    '',
    'Streams',
    formatTable(
      ['stream', 'kind', 'kernels', 'busy ms', 'busy'],
      s.streams.map((st) => [String(st.id), st.kind, st.kernels, st.busyMs, formatPercent(st.busyFraction)]),
    ),
    '',
    'Kernel time by category (all streams; concurrent kernels both count)',
    formatTable(
      ['category', 'kernels', 'ms', 'of span'],
      [
        ...CATEGORIES.map((c) => [
          c,
          s.categories[c].count,
          s.categories[c].totalMs,
          formatPercent(s.categories[c].totalMs / s.spanMs),
        ]),
        ...Object.entries(s.gemmKinds).map(([label, t]) => [
          `  gemm ${label}`,
          t.count,
          t.totalMs,
          formatPercent(t.totalMs / s.spanMs),
        ]),
        ...NON_GEMM_KINDS.filter((k) => s.nonGemm[k].count > 0).map((k) => [
          `  non-gemm ${k}`,
          s.nonGemm[k].count,
          s.nonGemm[k].totalMs,
          formatPercent(s.nonGemm[k].totalMs / s.spanMs),
        ]),
      ],
    ),
    '',
    `Compute-stream gaps ${n(s.gaps.totalMs)} ms: lead-in ${n(s.gaps.leadInMs)} ms, tail ${n(s.gaps.tailMs)} ms, ` +
      `${s.gaps.short.count} under ${GAP_SHORT_US} us (${n(s.gaps.short.totalMs)} ms), ${s.gaps.medium.count} of ${GAP_SHORT_US}-${GAP_WAIT_US} us (${n(s.gaps.medium.totalMs)} ms), ` +
      `${s.gaps.waits.count} waits of ${GAP_WAIT_US} us or more (${n(s.gaps.waits.totalMs)} ms)`,
    '',
    'Per annotation (kernel time, ms, by the range around the launching call)',
    formatTable(
      ['annotation', 'ranges', 'kernels', 'ms', ...CATEGORIES],
      s.annotations.map((a) => [
        a.name,
        a.ranges,
        a.kernels,
        a.totalMs,
        ...CATEGORIES.map((c) => a.byCategory[c] ?? 0),
      ]),
    ),
  ];
  if (s.allToAll.length > 0) {
    out.push('', "All-to-all kernels (a backward dispatch runs in combine(B): it carries combine's gradient)");
    const rateOf = (i: number) => report.rates?.find((r) => r.group === s.allToAll[i]);
    out.push(
      formatTable(
        [
          'op',
          'library',
          'range',
          'kernels',
          'mean ms',
          'CTAs',
          ...(report.rates ? ['GB/s (as DeepEP counts)', 'IB GB/s (remote nodes)'] : []),
        ],
        s.allToAll.map((g, i) => {
          const r = rateOf(i);
          return [
            g.op,
            g.library,
            g.annotation ?? '(none)',
            g.count,
            g.meanMs,
            g.ctas ?? '-',
            ...(report.rates ? [r ? `${n(r.gbps)} ${r.tier}` : '-', r ? r.remoteIbGbps : '-'] : []),
          ];
        }),
      ),
    );
    if (!report.rates) out.push('Rates need the bytes, which a trace does not hold: give --workload and --config.');
  }
  out.push('');
  if (s.gemmRates.length > 0) {
    out.push(
      'GEMM rates (shapes from the launching operator)',
      formatTable(
        ['kernel', 'dtype', 'groups x m x n x k', 'phase', 'kernels', 'mean ms', 'TFLOPS', 'CTAs'],
        s.gemmRates.map((r) => [
          r.name.slice(0, 60),
          r.dtype,
          `${r.shape.groups}x${n(r.shape.m)}x${r.shape.n}x${r.shape.k}`,
          r.phase ?? '-',
          r.count,
          r.meanMs,
          r.tflops,
          r.ctas ?? '-',
        ]),
      ),
    );
    if (s.gemmsWithoutShape > 0) out.push(`${s.gemmsWithoutShape} GEMM kernels had no recorded shape.`);
  } else {
    out.push(
      `GEMM rates: no shapes recorded for the ${s.categories.gemm.count} GEMM kernels (profile with record_shapes=True to get them).`,
    );
  }
  if (report.layers) out.push('', ...layerText(report.layers));
  return `${out.join('\n')}\n`;
}

function layerText(l: LayerBreakdown): string[] {
  const rows: (string | number)[][] = [
    ['GEMMs, forward', l.gemmForwardMs],
    ['GEMMs, input backward', l.gemmInputBackwardMs],
    ['GEMMs, weight backward', l.gemmWeightBackwardMs],
    ...(l.gemmOtherMs > 0 ? [['GEMMs, no phase', l.gemmOtherMs]] : []),
    ['attention core', l.attention.totalMs],
    ['  forward', l.attention.forwardMs],
    ['  backward', l.attention.backwardMs],
    ['  backward pre/post', l.attention.backwardPrePostMs],
    ['non-GEMM kernels', l.nonGemm.totalMs],
    ...NON_GEMM_KINDS.map((k) => [`  ${k}`, l.nonGemm[k]]),
    ['idle / launch gaps', l.gapsMs],
    ['total (span / layers)', l.totalMs],
  ];
  const a2a = Object.entries(l.allToAll).map(([range, e]) => [range, e.kernelOp, e.kernelMs, e.notifyMs]);
  return [
    `Per layer (mean of ${l.layers}), wall time over the compute streams, ms`,
    formatTable(['category', 'ms'], rows),
    '',
    'All-to-all per layer, communication stream, ms',
    formatTable(['range', 'kernel', 'kernel ms', 'notify ms'], a2a),
  ];
}
