/**
 * `autotune sweep`: one hardware figure of the chip or cluster moved over a range; at each point the spec's
 * search runs again (same optimizer, budget and seed), the naive baseline is evaluated, and the points where the
 * optimum changes regime or config are marked.
 *
 * A study's evaluator is built from profile ids or paths (so workers could build it too): each point's modified
 * profile goes to a temporary JSON file that the Catalog loads (and validates again) in place of an id.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type VersionStamp, versionStamp } from '../contract/versions.js';
import { DEFAULT_CLUSTER, DEFAULT_KERNEL } from '../model/index.js';
import { Catalog } from '../profiles/catalog.js';
import type { SearchSpec } from '../search/index.js';
import { BASELINE_RULE } from './baseline.js';
import { type OptimumChange, optimumChanges } from './changes.js';
import { applyVary, axisValueOf, parseVary, type SweepAxis, type SweepRange } from './sweep-axis.js';
import { type Target, type TargetOutcome, tuneTargets } from './targets.js';
import { type ReportHeader, reportHeader, type SearchOverrides } from './tune.js';

export interface SweepOptions extends SearchOverrides {
  readonly spec: SearchSpec;
  /** FIELD=FROM..TO[:STEPS] */
  readonly vary: string;
  /** Default: the spec's chip and GPU count. */
  readonly chip?: string;
  readonly gpus?: number;
  readonly catalog?: Catalog;
  readonly onProgress?: (line: string) => void;
}

export interface SweepPoint extends TargetOutcome {
  value: number;
  /** The profile figures this point set, by dotted path (the field and those linked to it). */
  set: Record<string, number>;
}

export interface SweepResult extends ReportHeader, VersionStamp<'sweep'> {
  chip: string;
  axis: SweepAxis & SweepRange & { /** The unmodified profile's value on the axis. */ base: number };
  baselineRule: string;
  points: SweepPoint[];
  /** Where neighbouring optima differ (regime, bottleneck, config fields). */
  changes: OptimumChange[];
}

export async function runSweep(options: SweepOptions): Promise<SweepResult> {
  const { spec } = options;
  const catalog = options.catalog ?? new Catalog();
  const chipId = options.chip ?? spec.chip;
  const base = { chip: catalog.get('chip', chipId), cluster: catalog.get('cluster', spec.cluster ?? DEFAULT_CLUSTER) };
  const vary = parseVary(options.vary, base);
  const workload = catalog.get('workload', spec.workload);
  const kernel = catalog.get('kernel', spec.kernel ?? DEFAULT_KERNEL);
  const gpus = options.gpus ?? spec.gpus;
  const label = vary.axis.alias ?? vary.axis.field;
  const varied = vary.values.map((value) => applyVary(base, vary, value));

  const dir = mkdtempSync(join(tmpdir(), 'autotune-sweep-'));
  try {
    const targets: Target[] = varied.map((profiles, i) => {
      const value = vary.values[i]!;
      const file = (kind: 'chip' | 'cluster'): string => {
        const path = join(dir, `${kind}-${i}.json`);
        writeFileSync(path, JSON.stringify(profiles[kind], null, 2));
        return path;
      };
      const swept = vary.axis.field.startsWith('chip.') ? 'chip' : 'cluster';
      const cluster = swept === 'cluster' ? file('cluster') : spec.cluster;
      return {
        label: `${label} = ${value}`,
        study: {
          chip: swept === 'chip' ? file('chip') : chipId,
          sms: profiles.chip.sms,
          gpus,
          ...(cluster !== undefined ? { cluster } : {}),
        },
        input: { workload, chip: profiles.chip, cluster: profiles.cluster, kernel, gpus },
      };
    });
    const outcomes = await tuneTargets(spec, targets, options, catalog, options.onProgress);
    const points: SweepPoint[] = outcomes.map((outcome, i) => ({
      value: vary.values[i]!,
      set: varied[i]!.set,
      ...outcome,
    }));
    return {
      ...versionStamp('sweep'),
      ...reportHeader(spec, options, { cluster: base.cluster.id, kernel: kernel.id, gpus }),
      chip: base.chip.id,
      axis: { ...vary.axis, ...vary.range, base: axisValueOf(base, vary.axis) },
      baselineRule: BASELINE_RULE,
      points,
      changes: optimumChanges(points),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** results/sweep-<spec>-<chip>-<field or alias>-<from>-<to>-<steps>.json */
export function sweepFileName(result: Pick<SweepResult, 'spec' | 'chip' | 'axis'>): string {
  const { axis } = result;
  return `sweep-${result.spec}-${result.chip}-${axis.alias ?? axis.field}-${axis.from}-${axis.to}-${axis.steps}.json`;
}
