/**
 * A sweep's section: tuned and baseline throughput along the swept figure, each optimum coloured by its regime,
 * the change points marked and listed; then the optimum at the point nearest the profile's own value.
 */
import { UserError } from '../../errors.js';
import { createModel } from '../../model/index.js';
import type { Catalog } from '../../profiles/catalog.js';
import { describeChanges } from '../changes.js';
import type { SweepResult } from '../sweep.js';
import { applyVary, parseVary } from '../sweep-axis.js';
import { axisLabel, sweepHeadline, sweepTables } from '../sweep-tables.js';
import { lineChart, type Rule, type Series } from './charts.js';
import { focusOf } from './focus.js';
import { focusPart, hashesNow, htmlTable, provenancePart } from './sections.js';
import { el, esc, legend, num } from './svg.js';

const REGIMES = ['communication', 'compute', 'pipeline', 'step-boundary', 'memory-capacity'] as const;

/** The index of the point nearest the profile's own value (the real chip), the first on ties. */
export function ownPoint(r: SweepResult): number {
  let best = 0;
  r.points.forEach((p, i) => {
    if (Math.abs(p.value - r.axis.base) < Math.abs(r.points[best]!.value - r.axis.base)) best = i;
  });
  return best;
}

function sweepChart(r: SweepResult, id: string): string {
  const label = axisLabel(r);
  const series: Series[] = [
    {
      label: 'tuned',
      cls: 'tuned',
      line: 'straight',
      markers: true,
      points: r.points.flatMap((p) =>
        p.tuned === null
          ? []
          : [
              {
                x: p.value,
                y: p.tuned.tokensPerSecPerGpu,
                cls: `regime-${p.tuned.regime}`,
                title: `${label} ${num(p.value)}: tuned ${p.tuned.tokensPerSecPerGpu.toFixed(0)} tok/s/GPU, ${p.tuned.regime}-bound (${p.tuned.bottleneck}), ${p.tuned.config.schedule}`,
              },
            ],
      ),
    },
    {
      label: 'baseline',
      cls: 'baseline',
      line: 'straight',
      markers: true,
      points: r.points.flatMap((p) =>
        p.baseline === null
          ? []
          : [
              {
                x: p.value,
                y: p.baseline.tokensPerSecPerGpu,
                title: `${label} ${num(p.value)}: baseline ${p.baseline.tokensPerSecPerGpu.toFixed(0)} tok/s/GPU (${p.baseline.bottleneck})`,
              },
            ],
      ),
    },
  ];
  const rules: Rule[] = r.changes.map((c, k) => ({
    x: (c.from + c.to) / 2,
    cls: 'change',
    label: String(k + 1),
    title: `${num(c.from)} to ${num(c.to)}: ${describeChanges(c.changes)}`,
  }));
  rules.push({
    x: r.axis.base,
    cls: 'own',
    row: 1,
    label: `${r.chip}: ${num(r.axis.base)}`,
    title: `the ${r.chip} profile's own value`,
  });
  return lineChart({
    id,
    label: `throughput along ${label}`,
    xCaption: label,
    yCaption: 'tokens/s per GPU',
    yFromZero: true,
    series,
    rules,
  });
}

export function sweepSection(r: SweepResult, file: string, id: string, catalog: Catalog): string {
  const at = ownPoint(r);
  const point = r.points[at]!;
  let focus: string;
  const fid = `${id}-own`;
  if (point.tuned === null)
    focus = el('div', { class: 'focus', id: fid }, el('h3', {}, esc(`at ${num(point.value)}: nothing feasible`)));
  else {
    try {
      const base = { chip: catalog.get('chip', r.chip), cluster: catalog.get('cluster', r.cluster) };
      const { axis } = r;
      const profiles = applyVary(
        base,
        parseVary(`${axis.alias ?? axis.field}=${axis.from}..${axis.to}:${axis.steps}`, base),
        point.value,
      );
      const evaluator = createModel({
        workload: catalog.get('workload', r.workload),
        chip: profiles.chip,
        cluster: profiles.cluster,
        kernel: catalog.get('kernel', r.kernel),
        gpus: r.gpus,
      });
      const metrics = evaluator.evaluate(point.tuned.config);
      const note = `Evaluated now by the cost model with today's profiles at ${axisLabel(r)} = ${num(point.value)} (a sweep keeps no per-op details).`;
      focus = focusPart(
        focusOf(
          `Optimum at ${axisLabel(r)} = ${num(point.value)}, nearest the ${r.chip}'s own ${num(r.axis.base)}`,
          point.tuned.config,
          metrics,
          evaluator,
          undefined,
          [note],
        ),
        fid,
      );
    } catch (err) {
      if (!(err instanceof UserError)) throw err;
      focus = el(
        'div',
        { class: 'focus', id: fid },
        el('p', { class: 'problem' }, esc(`optimum at ${num(point.value)} not drawn: ${err.message}`)),
      );
    }
  }
  const changes =
    r.changes.length === 0
      ? el('p', {}, esc('The optimum keeps its regime, bottleneck and config over the whole range.'))
      : el(
          'ol',
          { class: 'changes' },
          ...r.changes.map((c) => el('li', {}, esc(`${num(c.from)} to ${num(c.to)}: ${describeChanges(c.changes)}`))),
        );
  const present = REGIMES.filter((g) => r.points.some((p) => p.tuned?.regime === g));
  return el(
    'section',
    { class: 'result sweep', id },
    el('h2', {}, esc(`Sweep ${r.spec}: ${axisLabel(r)} on ${r.chip}`)),
    el('p', {}, esc(`file ${file}`)),
    ...sweepHeadline(r).map((line) => el('p', {}, esc(line))),
    el(
      'div',
      { class: 'part' },
      el('h3', {}, esc('Throughput and regime along the swept figure')),
      legend([
        { cls: 'line tuned', label: "tuned (dot colour: the optimum's regime)" },
        { cls: 'line baseline', label: 'baseline' },
        ...present.map((g) => ({ cls: `dot regime-${g}`, label: `${g}-bound` })),
        { cls: 'line change', label: 'numbered: where the optimum changes (listed below)' },
      ]),
      sweepChart(r, `${id}-chart`),
      changes,
    ),
    ...sweepTables(r).map((t) => htmlTable(t)),
    focus,
    provenancePart(
      [
        ['tool', `autotune ${r.version}`],
        ['spec', r.spec],
        ['search', `${r.optimizer}, budget ${r.budget}, seed ${r.seed} at each point`],
      ],
      hashesNow(catalog, [
        ['workload', r.workload],
        ['chip', r.chip],
        ['cluster', r.cluster],
        ['kernel', r.kernel],
      ]),
      'sha256 of the profiles as this report read them (a sweep does not record the hashes it ran with):',
    ),
  );
}
