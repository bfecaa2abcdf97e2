/** The tables of `autotune sweep`, shared by the plain-text and the Ink output. */
import { formatFigure } from '../format/numbers.js';
import { describeChanges } from './changes.js';
import type { SweepResult } from './sweep.js';
import { configCells, left, percent, type ReportTable, right, times, tokens } from './tables.js';

/** "nvlink (GB/s)" or the dotted path, whose key names its unit. */
export function axisLabel(r: SweepResult): string {
  return r.axis.alias ? `${r.axis.alias} (${r.axis.unit})` : r.axis.field;
}

export function sweepHeadline(r: SweepResult): string[] {
  const { axis } = r;
  const linked = axis.linked.length > 0 ? `; ${axis.linked.join(', ')} in proportion` : '';
  return [
    `${axis.description}: ${axis.from}..${axis.to} in ${r.points.length} points; ${r.chip}'s own value ${formatFigure(axis.base)} (${axis.field}${linked})`,
    `${r.workload} on ${r.gpus} x ${r.chip} (spec ${r.spec}, cluster ${r.cluster}); ${r.optimizer} search at each point, budget ${r.budget}, seed ${r.seed}`,
    `baseline: ${r.baselineRule}`,
  ];
}

export function sweepTables(r: SweepResult): ReportTable[] {
  const changedAt = new Map(r.changes.map((c) => [c.index, c.changes.map((x) => x.what).join(', ')]));
  const own = r.points.findIndex((p) => p.value === r.axis.base);
  const configs = configCells(r.points.map((p) => p.tuned?.config ?? null));
  const points: ReportTable = {
    title: 'Optimum at each point',
    columns: [
      right('value', axisLabel(r)),
      right('tps', 'tok/s/GPU'),
      left('config', 'config'),
      right('comm', 'commSMs'),
      right('needed', 'needed'),
      left('bottleneck', 'bottleneck'),
      right('base', 'baseline'),
      left('baseBottleneck', 'baseline bottleneck'),
      right('gain', 'gain'),
      left('change', 'changed'),
    ],
    rows: r.points.map((p, i) => ({
      value: formatFigure(p.value),
      tps: tokens(p.tuned?.tokensPerSecPerGpu),
      config: p.tuned
        ? configs.cells[i]! +
          (p.origin?.kind === 'peer' ? ` (from ${formatFigure(r.points[p.origin.from]!.value)})` : '')
        : 'nothing feasible',
      comm: p.tuned ? `${p.tuned.config.commSMs}` : '-',
      needed: p.tuned
        ? `${p.commSMsNeeded} (${percent(p.commSMsNeededShare)})${p.tuned.overlapsCommunication ? '' : ' serial'}`
        : '-',
      bottleneck: p.tuned?.bottleneck ?? '-',
      base: tokens(p.baseline?.tokensPerSecPerGpu),
      baseBottleneck: p.baseline?.bottleneck ?? (p.baselineProblem ? 'does not fit' : '-'),
      gain: times(p.adaptationGain),
      change: changedAt.has(i) ? `<- ${changedAt.get(i)}` : '',
    })),
    ...(own >= 0 ? { highlight: own } : {}),
    notes: [
      ...(configs.shared ? [`every config: ${configs.shared}`] : []),
      'needed: the fewest commSMs within 0.1% of the best throughput; serial: the all-to-all runs alone, so its SMs cost no GEMM time',
    ],
  };
  return [points];
}

/** One line per change between neighbouring points: "400 -> 500: schedule dualpipe -> zb-v; ...". */
export function changeLines(r: SweepResult): string[] {
  if (r.changes.length === 0) return ['the optimum keeps its regime, bottleneck and config over the whole range'];
  return r.changes.map((c) => `${formatFigure(c.from)} -> ${formatFigure(c.to)}: ${describeChanges(c.changes)}`);
}
