/**
 * `autotune show`: any result file as a readable summary (plain text), or its essentials as compact JSON. Compare and
 * sweep results reuse their own report tables; a study gets the best config in full, its metrics and breakdown, the
 * top trials and the provenance.
 */

import { formatConfig } from '../format/config.js';
import { formatGiB, formatSeconds } from '../format/numbers.js';
import type { StudyResult, Trial } from '../search/index.js';
import { describeRangeEdge } from '../search/index.js';
import { compareHeadline, compareTables } from './compare-tables.js';
import { textReport } from './output.js';
import type { ResultFile } from './result-file.js';
import { changeLines, sweepHeadline, sweepTables } from './sweep-tables.js';
import { figure, left, percent, type ReportTable, right, tokens } from './tables.js';

export function showText(file: ResultFile): string {
  switch (file.kind) {
    case 'study':
      return studyText(file.data, file.path);
    case 'compare':
      return textReport(compareHeadline(file.data), compareTables(file.data), [`result: ${file.path}`]);
    case 'sweep':
      return textReport(sweepHeadline(file.data), sweepTables(file.data), [
        'Where the optimum changes',
        ...changeLines(file.data),
        '',
        `result: ${file.path}`,
      ]);
  }
}

function statusCounts(trials: readonly Trial[]): Record<Trial['status'], number> {
  const counts = { ok: 0, infeasible: 0, rejected: 0 };
  for (const t of trials) counts[t.status] += 1;
  return counts;
}

function studyText(r: StudyResult, path: string): string {
  const spec = r.provenance.spec;
  const counts = statusCounts(r.trials);
  const headline = [
    `study ${r.name}: ${spec.workload} on ${spec.gpus} x ${spec.chip}${spec.cluster ? `, cluster ${spec.cluster}` : ''}${spec.kernel ? `, kernel ${spec.kernel}` : ''}`,
    `${r.optimizer}, seed ${r.seed}, budget ${r.budget}: ${r.trials.length} trials (${counts.ok} feasible, ${counts.infeasible} infeasible, ${counts.rejected} rejected), ended by ${r.endReason}; objective ${r.objective.goal} ${r.objective.metric}`,
  ];
  const tables: ReportTable[] = [];
  const trailer: string[] = [];
  if (r.best === null) {
    headline.push(`no feasible config: ${r.constraintReport.summary}`);
  } else {
    const { config, metrics } = r.best;
    const m = metrics!;
    headline.push(
      '',
      `best: trial ${r.best.number}: ${formatConfig(config)}`,
      `  ${tokens(m.tokensPerSecPerGpu)} tokens/s per GPU, MFU ${percent(m.mfu)}${m.mfuFp8 !== undefined ? ` (fp8 ${percent(m.mfuFp8)})` : ''}, step ${formatSeconds(m.stepTimeS)}, bubble ${percent(m.bubbleFraction)}, ${formatGiB(m.memoryGiB)} GiB per GPU of ${formatGiB(m.memory.capacityGiB)}, bottleneck ${m.bottleneck}`,
    );
    tables.push(
      {
        title: 'Step time of the critical rank (s)',
        columns: [left('part', 'part'), right('s', 'seconds')],
        rows: Object.entries(m.breakdown).map(([part, s]) => ({ part: part.replace(/S$/, ''), s: figure(s) })),
      },
      {
        title: 'Memory per GPU (GiB)',
        columns: [left('part', 'part'), right('gib', 'GiB')],
        rows: Object.entries(m.memory).map(([part, gib]) => ({ part: part.replace(/GiB$/, ''), gib: figure(gib) })),
      },
      {
        title: `Top ${r.top.length} trials`,
        columns: [
          right('n', 'trial'),
          left('config', 'config'),
          right('tps', 'tok/s/GPU'),
          right('mfu', 'MFU'),
          right('step', 'step'),
          right('mem', 'GiB'),
        ],
        rows: r.top.map((t) => ({
          n: String(t.number),
          config: formatConfig(t.config),
          tps: tokens(t.metrics?.tokensPerSecPerGpu),
          mfu: percent(t.metrics?.mfu ?? null),
          step: t.metrics ? formatSeconds(t.metrics.stepTimeS) : '-',
          mem: t.metrics ? formatGiB(t.metrics.memoryGiB) : '-',
        })),
      },
    );
    if (r.rangeEdges.length > 0)
      trailer.push('At the edge of the searched range', ...r.rangeEdges.map((e) => `  ${describeRangeEdge(e)}`), '');
  }
  const p = r.provenance;
  trailer.push(
    `provenance: autotune ${p.version}, ${p.startedAt} to ${p.finishedAt} (${p.elapsedS.toFixed(1)} s)`,
    ...Object.entries(p.profileHashes).map(([profile, hash]) => `  ${profile} sha256 ${hash.slice(0, 16)}`),
    `result: ${path}`,
  );
  return textReport(headline, tables, trailer);
}

/** The essentials, for scripts: no per-trial list, no model details. */
export function showJson(file: ResultFile): unknown {
  const stamp = { kind: file.kind, schemaVersion: file.data.schemaVersion ?? '1.0', path: file.path };
  switch (file.kind) {
    case 'study': {
      const r = file.data;
      const brief = (t: Trial) => ({
        number: t.number,
        config: t.config,
        objective: t.objective,
        ...headlineMetrics(t),
      });
      return {
        ...stamp,
        name: r.name,
        optimizer: r.optimizer,
        seed: r.seed,
        budget: r.budget,
        endReason: r.endReason,
        objective: r.objective,
        trials: statusCounts(r.trials),
        best:
          r.best === null
            ? null
            : { ...brief(r.best), breakdown: r.best.metrics!.breakdown, memory: r.best.metrics!.memory },
        top: r.top.map(brief),
        noFeasible: r.best === null ? r.constraintReport.summary : undefined,
        provenance: {
          version: r.provenance.version,
          spec: r.provenance.spec.name,
          workload: r.provenance.spec.workload,
          chip: r.provenance.spec.chip,
          gpus: r.provenance.spec.gpus,
          profileHashes: r.provenance.profileHashes,
          startedAt: r.provenance.startedAt,
          finishedAt: r.provenance.finishedAt,
        },
      };
    }
    case 'compare':
      return {
        ...stamp,
        spec: file.data.spec,
        workload: file.data.workload,
        gpus: file.data.gpus,
        reference: file.data.reference,
        chips: file.data.chips.map((c) => ({
          chip: c.chip,
          tuned: c.tuned && {
            config: c.tuned.config,
            tokensPerSecPerGpu: c.tuned.tokensPerSecPerGpu,
            mfu: c.tuned.mfu,
          },
          baseline: c.baseline && { config: c.baseline.config, tokensPerSecPerGpu: c.baseline.tokensPerSecPerGpu },
          adaptationGain: c.adaptationGain,
        })),
      };
    case 'sweep':
      return {
        ...stamp,
        spec: file.data.spec,
        chip: file.data.chip,
        axis: {
          field: file.data.axis.field,
          alias: file.data.axis.alias ?? null,
          unit: file.data.axis.unit,
          base: file.data.axis.base,
        },
        points: file.data.points.map((p) => ({
          value: p.value,
          tuned: p.tuned && {
            config: p.tuned.config,
            tokensPerSecPerGpu: p.tuned.tokensPerSecPerGpu,
            regime: p.tuned.regime,
          },
          baselineTokensPerSecPerGpu: p.baseline?.tokensPerSecPerGpu ?? null,
          adaptationGain: p.adaptationGain,
        })),
        changes: file.data.changes,
      };
  }
}

function headlineMetrics(t: Trial) {
  const m = t.metrics;
  return m === null
    ? {}
    : {
        tokensPerSecPerGpu: m.tokensPerSecPerGpu,
        mfu: m.mfu,
        stepTimeS: m.stepTimeS,
        bubbleFraction: m.bubbleFraction,
        memoryGiB: m.memoryGiB,
        bottleneck: m.bottleneck,
      };
}
