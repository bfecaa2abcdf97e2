/**
 * The end-of-study summary as plain text (no escape codes): the best config, its metrics with units, where its step
 * time and memory go, its bottleneck, and the top configs. For pipes, CI logs and the line logger.
 */

import { fieldLabel, formatConfig } from '../format/config.js';
import { formatObjective, metricScale, metricUnit } from '../format/metrics.js';
import { formatFigure, formatGiB, formatPercent, formatSeconds } from '../format/numbers.js';
import { formatTable } from '../format/table.js';
import { describeRangeEdge } from '../search/range-edges.js';
import type { StudyResult } from '../search/result.js';
import { configValue, differingFields, fieldText } from './configs.js';
import {
  BOTTLENECK_TEXT,
  BREAKDOWN_LABELS,
  BREAKDOWN_TERMS,
  END_TEXT,
  MEMORY_LABELS,
  MEMORY_TERMS,
  SERIAL_SM_NOTE,
} from './labels.js';
import { asServeMetrics, serveMetricsLines } from './serve-lines.js';
import type { StudyView, TrialView } from './state.js';

const LABEL = 16;
const row = (label: string, value: string) => `  ${label.padEnd(LABEL)}${value}`;

export function formatSummary(view: StudyView): string[] {
  const info = view.info;
  const metric = info?.metric ?? '';
  const head =
    `${view.endReason ? END_TEXT[view.endReason] : 'ended'} after ${view.trialsDone}${info ? `/${info.budget}` : ''} trials` +
    ` (${view.infeasible} infeasible or rejected)`;
  const written = view.resultPath ? [`results written to ${view.resultPath}`] : [];
  if (!view.best) return [head, 'no feasible config found', ...written];
  const edges = view.rangeEdges.map((e) => `note: ${describeRangeEdge(e)}`);
  return [
    head,
    ...bestLines(view.best, metric, info?.sms ?? null),
    ...edges,
    ...topLines(view.top, metric),
    ...written,
  ];
}

function bestLines({ trial, config, metrics, objective }: TrialView, metric: string, sms: number | null): string[] {
  const serving = asServeMetrics(metrics);
  if (serving)
    return [
      `best config (trial ${trial}): ${formatConfig(config)}`,
      row('objective', formatObjective(objective, metric)),
      ...serveMetricsLines(serving),
    ];
  const m = metrics;
  const lines = [
    `best config (trial ${trial}): ${formatConfig(config)}`,
    row('objective', formatObjective(objective, metric)),
    row('throughput', `${formatFigure(m.tokensPerSecPerGpu)} tok/s/GPU`),
    row(
      'MFU',
      formatPercent(m.mfu) +
        (m.mfuFp8 !== undefined ? ` (FP8 peak: ${formatPercent(m.mfuFp8)})` : '') +
        (m.details.gemmEfficiencyGuess ? ` (${m.details.gemmFormat.toUpperCase()} GEMM efficiency is a GUESS)` : ''),
    ),
    row('step time', formatSeconds(m.stepTimeS)),
    row('bubble', formatPercent(m.bubbleFraction)),
    row('memory', `${formatGiB(m.memory.totalGiB)} of ${formatGiB(m.memory.capacityGiB)} GiB peak per GPU`),
    row(
      'SMs',
      (sms === null
        ? `${config.commSMs} comm`
        : `${Math.max(0, sms - config.commSMs)} compute | ${config.commSMs} comm of ${sms}`) +
        (m.details.overlap === undefined ? SERIAL_SM_NOTE : ''),
    ),
    row('bottleneck', BOTTLENECK_TEXT[m.bottleneck]),
    'time per step (critical rank):',
  ];
  const total = BREAKDOWN_TERMS.reduce((sum, term) => sum + Math.max(0, m.breakdown[term]), 0);
  for (const term of BREAKDOWN_TERMS) {
    const seconds = m.breakdown[term];
    const share = total > 0 ? `${Math.round((100 * Math.max(0, seconds)) / total)}%` : '';
    lines.push(row(BREAKDOWN_LABELS[term].long, `${formatSeconds(seconds).padStart(10)}  ${share.padStart(4)}`));
  }
  lines.push('memory per GPU (GiB):');
  for (const term of MEMORY_TERMS) lines.push(row(MEMORY_LABELS[term], formatGiB(m.memory[term]).padStart(10)));
  return lines;
}

function topLines(top: readonly TrialView[], metric: string): string[] {
  if (top.length < 2) return [];
  const fields = differingFields(top.map((t) => t.config));
  const header = ['#', ...fields.map(fieldLabel), metricUnit(metric), 'trial'];
  const rows = top.map((t, i) => [
    i + 1,
    ...fields.map((f) =>
      typeof configValue(t.config, f) === 'number' ? (configValue(t.config, f) as number) : fieldText(t.config, f),
    ),
    t.objective * metricScale(metric),
    t.trial,
  ]);
  return [
    `top ${top.length}:`,
    ...formatTable(header, rows)
      .split('\n')
      .map((l) => `  ${l}`),
  ];
}

/**
 * What stays on the terminal after the live UI closes (the last frame may be cut off or cleared): how it ended,
 * the best config in full (as JSON, ready for `autotune evaluate --config`), its objective, and the files.
 */
export function closingLines(result: StudyResult, resultPath: string | null, journalPath: string | null): string[] {
  const head = `${END_TEXT[result.endReason]} after ${result.trials.length}/${result.budget} trials`;
  const best = result.best
    ? [
        `best config (trial ${result.best.number}): ${JSON.stringify(result.best.config)}`,
        `objective: ${formatObjective(result.best.objective!, result.objective.metric)}`,
      ]
    : ['no feasible config found'];
  return [
    head,
    ...best,
    ...(resultPath ? [`result: ${resultPath}`] : []),
    ...(journalPath ? [`journal: ${journalPath}`] : []),
  ];
}
