/** A study's section: its best config (schedule, commSMs curves, bars), how the search converged, provenance. */
import { type Config, SCHEDULES, type ScheduleKind } from '../../contract/config.js';
import { isBetter, type Metrics } from '../../contract/metrics.js';
import { UserError } from '../../errors.js';
import { formatObjective, metricCaption } from '../../format/metrics.js';
import { type CostModel, createEvaluator, DEFAULT_CLUSTER, DEFAULT_KERNEL } from '../../model/index.js';
import { Catalog } from '../../profiles/catalog.js';
import type { ProfileKind } from '../../profiles/schemas.js';
import { evaluatorArgs, type SearchSpec, type StudyResult, type Trial } from '../../search/index.js';
import { type FloorMark, lineChart, type Series } from './charts.js';
import { focusOf } from './focus.js';
import { facts, focusPart, hashesNow, provenancePart } from './sections.js';
import { el, esc } from './svg.js';

export interface Convergence {
  /** Every trial with an objective value. */
  feasible: { trial: number; value: number }[];
  /** The best value after each feasible trial (a step line). */
  bestSoFar: { trial: number; value: number }[];
  /** Trials without one: infeasible (evaluated, does not fit) or rejected (a hard constraint). */
  without: { trial: number; status: Trial['status']; reason: string }[];
}

export function convergence(trials: readonly Trial[], objective: StudyResult['objective']): Convergence {
  const out: Convergence = { feasible: [], bestSoFar: [], without: [] };
  let best: number | null = null;
  for (const t of trials) {
    if (t.objective === null) {
      out.without.push({ trial: t.number, status: t.status, reason: t.reason ?? t.status });
      continue;
    }
    out.feasible.push({ trial: t.number, value: t.objective });
    if (best === null || isBetter(t.objective, best, objective.goal)) best = t.objective;
    out.bestSoFar.push({ trial: t.number, value: best });
  }
  const last = trials[trials.length - 1];
  if (best !== null && last !== undefined && out.bestSoFar[out.bestSoFar.length - 1]!.trial !== last.number)
    out.bestSoFar.push({ trial: last.number, value: best });
  return out;
}

/** Convergence of one or more studies on one chart; each trial is one marker carrying data-trial. */
export function convergenceChart(studies: readonly { label: string; result: StudyResult }[], id: string): string {
  const metric = studies[0]!.result.objective.metric;
  const series: Series[] = [];
  const floor: FloorMark[] = [];
  studies.forEach(({ label, result }, i) => {
    const c = convergence(result.trials, result.objective);
    const cls = studies.length === 1 ? 's0' : `s${i % 6}`;
    series.push({
      label: `${label}: best so far`,
      cls: `${cls} best`,
      line: 'step',
      markers: false,
      points: c.bestSoFar.map((p) => ({ x: p.trial, y: p.value, title: '' })),
    });
    series.push({
      label: `${label}: trials`,
      cls,
      line: 'none',
      markers: true,
      points: c.feasible.map((p) => ({
        x: p.trial,
        y: p.value,
        cls: 'trial',
        title: `${label} trial ${p.trial}: ${formatObjective(p.value, metric)}`,
        data: { 'data-trial': p.trial, 'data-study': i },
      })),
    });
    // One study: crosses coloured by status; several: by study (the tooltip still says which status).
    for (const w of c.without)
      floor.push({
        x: w.trial,
        cls: studies.length === 1 ? w.status : cls,
        title: `${label} trial ${w.trial}: ${w.status}: ${w.reason}`,
        data: { 'data-trial': w.trial, 'data-study': i },
      });
  });
  const highlights =
    studies.length === 1 && studies[0]!.result.best !== null
      ? [
          {
            x: studies[0]!.result.best.number,
            y: studies[0]!.result.best.objective!,
            cls: 'best-trial',
            label: `best: trial ${studies[0]!.result.best.number}`,
            title: 'the best trial',
          },
        ]
      : [];
  return lineChart({
    id,
    label: 'convergence: objective against trial',
    xCaption: 'trial',
    yCaption: metricCaption(metric),
    series,
    floor,
    highlights,
    height: 300,
    xIntegers: true,
  });
}

const PROFILE_KINDS: readonly ProfileKind[] = ['chip', 'workload', 'cluster', 'kernel'];

/** Profiles whose file differs now from the one the study read (by sha256), as notes. */
function changedProfiles(hashes: Readonly<Record<string, string>>, catalog: Catalog): string[] {
  return Object.entries(hashes).flatMap(([key, was]) => {
    const [kind, id] = key.split(/:(.*)/s) as [string, string];
    if (!(PROFILE_KINDS as readonly string[]).includes(kind)) return [];
    let now: string;
    try {
      now = catalog.load(kind as ProfileKind, id).sha256;
    } catch (err) {
      if (!(err instanceof UserError)) throw err;
      return [`${key}: cannot be read now (${err.message}); the commSMs curves are not drawn from it`];
    }
    return now === was
      ? []
      : [
          `${key} has changed since the study (sha256 ${was.slice(0, 12)}… then, ${now.slice(0, 12)}… now): the Gantt and the bars show the study's figures, the commSMs curves today's model`,
        ];
  });
}

function searchedSchedules(spec: SearchSpec, best: Config): ScheduleKind[] {
  const param = spec.space.schedule;
  const listed =
    param?.type === 'choice'
      ? param.values.filter((v): v is ScheduleKind => (SCHEDULES as readonly unknown[]).includes(v))
      : [];
  return listed.length > 0 ? listed : [best.schedule];
}

export function studySection(result: StudyResult, file: string, id: string, catalog: Catalog = new Catalog()): string {
  const p = result.provenance;
  const spec = p.spec;
  const ok = result.trials.filter((t) => t.status === 'ok').length;
  const head = el('h2', {}, esc(`Study ${result.name}: ${spec.workload} on ${spec.gpus} x ${spec.chip}`));
  const summary = facts([
    ['file', file],
    ['optimizer', `${result.optimizer}, seed ${result.seed}, budget ${result.budget}`],
    [
      'trials',
      `${result.trials.length} (${ok} feasible, ${result.trials.length - ok} infeasible or rejected); ended: ${result.endReason}`,
    ],
    ['objective', `${result.objective.goal} ${result.objective.metric}`],
    [
      'best',
      result.best
        ? formatObjective(result.best.objective!, result.objective.metric)
        : `none feasible: ${result.constraintReport.summary}`,
    ],
  ]);
  let focus = '';
  if (result.best !== null) {
    const notes = changedProfiles(p.profileHashes, catalog);
    let evaluator: CostModel | { problem: string };
    try {
      evaluator = createEvaluator(evaluatorArgs(spec), {}, catalog);
    } catch (err) {
      if (!(err instanceof UserError)) throw err;
      evaluator = { problem: err.message };
    }
    const best = result.best;
    focus = focusPart(
      focusOf(
        `Best config (trial ${best.number})`,
        best.config,
        best.metrics as Metrics,
        evaluator,
        searchedSchedules(spec, best.config),
        notes,
      ),
      `${id}-best`,
    );
  }
  const conv = el(
    'div',
    { class: 'part' },
    el('h3', {}, esc('Convergence')),
    el(
      'p',
      {},
      esc(
        `Each feasible trial is a dot at its ${result.objective.metric}, the line the best so far; a cross on the floor is a trial with no value (infeasible: does not fit; rejected: a hard constraint). Hover for the reason.`,
      ),
    ),
    convergenceChart([{ label: result.name, result }], `${id}-convergence`),
  );
  const recorded = Object.keys(p.profileHashes).length > 0;
  const ids = evaluatorArgs(spec);
  const prov = provenancePart(
    [
      ['tool', `${p.tool} ${p.version}`],
      ['spec', spec.name],
      ['started', p.startedAt],
      ['finished', `${p.finishedAt} (${p.elapsedS.toFixed(1)} s)`],
    ],
    recorded
      ? p.profileHashes
      : hashesNow(catalog, [
          ['workload', ids.workload],
          ['chip', ids.chip],
          ['cluster', ids.cluster ?? DEFAULT_CLUSTER],
          ['kernel', ids.kernel ?? DEFAULT_KERNEL],
        ]),
    recorded
      ? 'sha256 of each profile the study read:'
      : 'The study recorded no profile hashes; sha256 of the profiles as this report read them:',
    spec,
  );
  return el('section', { class: 'result study', id }, head, summary, focus, conv, prov);
}
