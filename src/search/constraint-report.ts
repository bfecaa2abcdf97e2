/**
 * Why configs were infeasible, with counts: what each spec constraint excludes from the space, what the evaluator's
 * check refuses of the rest (configs that cannot run, never asked), and the reasons the evaluator gave for the
 * trials (rejections, infeasible metrics). When nothing feasible was found the summary names the binding cause, so
 * a study never returns a meaningless best.
 */

import type { Trial } from '../contract/results.js';
import { assertInvariant } from '../errors.js';
import type { ParamValue } from './dimension.js';
import { pointFromUnit } from './optimizers/sampling.js';
import { createRng, uniform } from './rng.js';
import type { SearchSpace } from './space.js';

/** Points sampled to estimate what each constraint excludes when the space is too large to enumerate. */
const SAMPLES = 10_000;
const REASON_KINDS = 10;

export interface ReasonCount {
  /** The reason with its numbers masked (#), so that configs failing the same way count together. */
  kind: string;
  /** The first full reason of this kind. */
  example: string;
  count: number;
}

export interface ConstraintReport {
  /** Points of the space before constraints (null when continuous). */
  spacePoints: number | null;
  /** Points satisfying every spec constraint (null when not enumerated). */
  validPoints: number | null;
  /** Points each spec constraint excludes on its own; of `checked` points (all of them, or a sample). */
  specConstraints: { expr: string; excluded: number; checked: number; sampled: boolean }[];
  /** Of the `checked` points that satisfy the spec constraints (all, or a sample), those the evaluator's check refuses. */
  evaluatorCheck: { refused: number; checked: number; sampled: boolean; reasons: ReasonCount[] } | null;
  /** Trials refused by the evaluator when evaluated, by reason (none when its check shaped the space). */
  rejected: ReasonCount[];
  /** Trials the model found infeasible, by reason. */
  infeasible: ReasonCount[];
  feasibleTrials: number;
  /** Why the valid points were sampled rather than enumerated (SearchSpace.samplingNote); absent when enumerated. */
  sampling?: string;
  summary: string;
}

function countReasons(reasons: readonly (string | undefined)[]): ReasonCount[] {
  const byKind = new Map<string, ReasonCount>();
  for (const given of reasons) {
    const reason = given ?? 'no reason given';
    const kind = reason.replace(/-?\d+(\.\d+)?/g, '#');
    const entry = byKind.get(kind) ?? { kind, example: reason, count: 0 };
    entry.count++;
    byKind.set(kind, entry);
  }
  return [...byKind.values()].sort((a, b) => b.count - a.count || a.kind.localeCompare(b.kind)).slice(0, REASON_KINDS);
}

/** What each spec constraint excludes on its own, and what the evaluator's check refuses of the points left. */
function spaceCounts(space: SearchSpace): Pick<ConstraintReport, 'specConstraints' | 'evaluatorCheck'> {
  if (space.constraints.length === 0 && !space.hasCheck) return { specConstraints: [], evaluatorCheck: null };
  const enumerable = space.isDiscrete && space.size <= SAMPLES * 20;
  const checked = enumerable ? space.size : SAMPLES;
  const excluded = space.constraints.map(() => 0);
  const refusals: string[] = [];
  let passing = 0;
  const rng = createRng(0);
  for (let i = 0; i < checked; i++) {
    const point = enumerable
      ? space.pointAt(i)
      : pointFromUnit(
          space,
          space.dims.map(() => uniform(rng)),
        );
    const params = space.decode(point);
    const lookup = (name: string): ParamValue => params[name] ?? space.constants[name]!;
    let passes = true;
    space.constraints.forEach((c, k) => {
      if (!c.test(lookup)) {
        excluded[k]!++;
        passes = false;
      }
    });
    if (!passes || !space.hasCheck) continue;
    passing++;
    if (space.satisfies(point)) continue; // a lookup once the space is enumerated: only refused points are re-checked
    const refusal = space.refusal(params);
    if (refusal !== null) refusals.push(refusal);
  }
  return {
    specConstraints: space.constraints.map((c, k) => ({
      expr: c.expr,
      excluded: excluded[k]!,
      checked,
      sampled: !enumerable,
    })),
    evaluatorCheck: space.hasCheck
      ? { refused: refusals.length, checked: passing, sampled: !enumerable, reasons: countReasons(refusals) }
      : null,
  };
}

export function buildConstraintReport(space: SearchSpace, trials: readonly Trial[]): ConstraintReport {
  const valid = space.validPoints();
  const reasonsOf = (status: Trial['status']): ReasonCount[] =>
    countReasons(trials.filter((t) => t.status === status).map((t) => t.reason));
  const report = {
    spacePoints: Number.isFinite(space.size) ? space.size : null,
    validPoints: valid ? valid.length : null,
    ...spaceCounts(space),
    rejected: reasonsOf('rejected'),
    infeasible: reasonsOf('infeasible'),
    feasibleTrials: trials.filter((t) => t.status === 'ok').length,
  };
  const sampling = space.samplingNote();
  return { ...report, ...(sampling ? { sampling } : {}), summary: summarise(report, trials.length) };
}

function summarise(r: Omit<ConstraintReport, 'summary'>, trials: number): string {
  const check = r.evaluatorCheck;
  if (r.validPoints === 0 && check && check.checked > 0) {
    const reasons = check.reasons
      .slice(0, 2)
      .map((c) => `${c.count}: ${c.example}`)
      .join('; ');
    return `no config of the space can run: the evaluator refuses all ${check.checked} that satisfy the spec constraints (${reasons}); widen the space`;
  }
  if (r.validPoints === 0) {
    const worst = [...r.specConstraints].sort((a, b) => b.excluded - a.excluded)[0];
    assertInvariant(worst !== undefined || r.spacePoints === 0, 'an empty valid space without constraints');
    return worst
      ? `no config satisfies the constraints: "${worst.expr}" alone excludes ${worst.excluded} of ${worst.checked} points; relax it or widen the space`
      : 'the space has no points';
  }
  const causes = [
    ...r.infeasible.map((c) => ({ ...c, what: 'infeasible' })),
    ...r.rejected.map((c) => ({ ...c, what: 'rejected' })),
  ].sort((a, b) => b.count - a.count);
  const top = causes
    .slice(0, 3)
    .map((c) => `${c.count} ${c.what}: ${c.example}`)
    .join('; ');
  if (r.feasibleTrials === 0) return trials === 0 ? 'no trial ran' : `none of ${trials} trials was feasible. ${top}`;
  return causes.length === 0
    ? `all ${trials} trials feasible`
    : `${r.feasibleTrials} of ${trials} trials feasible. ${top}`;
}
