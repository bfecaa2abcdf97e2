/** A serving trial's metrics as text lines (a spec with "mode": "serve"): latency, throughput, memory, breakdown. */

import { formatGiB, formatSeconds } from '../format/numbers.js';
import type { ServeMetrics } from '../serve/evaluate.js';

const BREAKDOWN: readonly [keyof ServeMetrics['breakdown'], string][] = [
  ['gemmComputeS', 'GEMMs, compute-bound'],
  ['weightsHbmS', 'GEMMs, weight reads'],
  ['attentionComputeS', 'attention, compute-bound'],
  ['kvCacheHbmS', 'attention, KV reads'],
  ['nonGemmS', 'element-wise'],
  ['launchGapsS', 'launch gaps'],
  ['tpCollectivesS', 'TP collectives'],
  ['exposedCommS', 'exposed all-to-all'],
];

/** The serving metrics of a trial, or null when they are training metrics. */
export function asServeMetrics(metrics: unknown): ServeMetrics | null {
  return metrics !== null && typeof metrics === 'object' && 'phase' in metrics && 'latencyS' in metrics
    ? (metrics as ServeMetrics)
    : null;
}

export function serveMetricsLines(m: ServeMetrics, pad = 26): string[] {
  const row = (label: string, value: string) => `  ${label.padEnd(pad)}${value}`;
  const latency = m.phase === 'prefill' ? 'TTFT' : 'TPOT';
  const lines = [
    row('throughput', `${m.tokensPerSecPerGpu.toFixed(1)} ${m.phase === 'prefill' ? 'prompt' : 'output'} tok/s/GPU`),
    row(latency, formatSeconds(m.latencyS)),
    row(
      'memory',
      `${formatGiB(m.memory.totalGiB)} of ${formatGiB(m.memory.capacityGiB)} GiB per GPU (largest batch that fits: ${m.maxBatchPerGpu})`,
    ),
    row('bottleneck', m.bottleneck + (m.infeasibleReason ? ` (${m.infeasibleReason})` : '')),
    `${latency} by component:`,
  ];
  for (const [key, label] of BREAKDOWN) {
    const s = m.breakdown[key];
    lines.push(
      row(
        label,
        `${formatSeconds(s).padStart(10)}  ${`${Math.round((100 * Math.max(0, s)) / m.latencyS)}%`.padStart(4)}`,
      ),
    );
  }
  return lines;
}
