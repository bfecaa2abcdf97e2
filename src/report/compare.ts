/**
 * `autotune compare`: the spec's search on each chip (same workload, cluster and GPU count), each against the
 * naive baseline on the same chip, with export-control figures and throughput per watt and per dollar. The first
 * chip is the reference the others are measured against.
 */

import { type VersionStamp, versionStamp } from '../contract/versions.js';
import { UserError } from '../errors.js';
import { DEFAULT_CLUSTER, DEFAULT_KERNEL } from '../model/index.js';
import { Catalog } from '../profiles/catalog.js';
import { type ExportControlFigures, exportControlFigures } from '../profiles/export-control.js';
import type { SearchSpec } from '../search/index.js';
import { BASELINE_RULE } from './baseline.js';
import { ratio } from './figures.js';
import { type Target, type TargetOutcome, tuneTargets } from './targets.js';
import { type ReportHeader, reportHeader, type SearchOverrides } from './tune.js';

export const DEFAULT_CHIPS = ['h100-sxm', 'h800-sxm', 'h20'] as const;

export interface CompareOptions extends SearchOverrides {
  readonly spec: SearchSpec;
  readonly chips: readonly string[];
  /** Default: the spec's. */
  readonly gpus?: number;
  readonly catalog?: Catalog;
  readonly onProgress?: (line: string) => void;
}

export interface ChipComparison extends TargetOutcome {
  chip: string;
  name: string;
  sms: number;
  tdpW: number;
  priceUsdPerHour: number | null;
  exportControl: ExportControlFigures;
  /** This chip's throughput over the reference chip's, tuned and baseline. */
  relativeToReference: { tuned: number | null; baseline: number | null };
}

export interface CompareResult extends ReportHeader, VersionStamp<'compare'> {
  /** The first chip: every relativeToReference divides by its figures. */
  reference: string;
  baselineRule: string;
  chips: ChipComparison[];
}

export async function runCompare(options: CompareOptions): Promise<CompareResult> {
  const { spec } = options;
  const catalog = options.catalog ?? new Catalog();
  const chips = checkChips(options.chips);
  const gpus = options.gpus ?? spec.gpus;
  const workload = catalog.get('workload', spec.workload);
  const cluster = catalog.get('cluster', spec.cluster ?? DEFAULT_CLUSTER);
  const kernel = catalog.get('kernel', spec.kernel ?? DEFAULT_KERNEL);
  const profiles = chips.map((id) => catalog.get('chip', id));
  const targets: Target[] = profiles.map((chip, i) => ({
    label: chips[i]!,
    study: { chip: chips[i]!, sms: chip.sms, gpus, ...(spec.cluster ? { cluster: spec.cluster } : {}) },
    input: { workload, chip, cluster, kernel, gpus },
  }));
  const outcomes = await tuneTargets(spec, targets, options, catalog, options.onProgress);
  const reference = outcomes[0]!;
  return {
    ...versionStamp('compare'),
    ...reportHeader(spec, options, { cluster: cluster.id, kernel: kernel.id, gpus }),
    reference: chips[0]!,
    baselineRule: BASELINE_RULE,
    chips: outcomes.map((outcome, i) => {
      const chip = profiles[i]!;
      return {
        chip: chip.id,
        name: chip.name,
        sms: chip.sms,
        tdpW: chip.tdpW,
        priceUsdPerHour: chip.priceUsdPerHour ?? null,
        exportControl: exportControlFigures(chip),
        ...outcome,
        relativeToReference: {
          tuned: ratio(outcome.tuned?.tokensPerSecPerGpu, reference.tuned?.tokensPerSecPerGpu),
          baseline: ratio(outcome.baseline?.tokensPerSecPerGpu, reference.baseline?.tokensPerSecPerGpu),
        },
      };
    }),
  };
}

function checkChips(chips: readonly string[]): string[] {
  const list = chips.map((c) => c.trim()).filter((c) => c !== '');
  if (list.length === 0)
    throw new UserError(
      `--chips = ${JSON.stringify(chips.join(','))}: name at least one chip, e.g. ${DEFAULT_CHIPS.join(',')}`,
    );
  const repeated = list.find((c, i) => list.indexOf(c) !== i);
  if (repeated)
    throw new UserError(`--chips = ${JSON.stringify(list.join(','))}: ${repeated} appears twice; name each chip once`);
  return list;
}

/** results/compare-<spec>-<chips joined by +>.json */
export function compareFileName(result: Pick<CompareResult, 'spec' | 'chips'>): string {
  return `compare-${result.spec}-${result.chips.map((c) => c.chip).join('+')}.json`;
}
