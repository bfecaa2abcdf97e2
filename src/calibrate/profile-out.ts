import { parseProfile } from '../profiles/catalog.js';
import type { Chip, Kernel } from '../profiles/schemas.js';
import { boundPosition } from './bounds.js';
import type { CalibratedParam, CalibrationResult } from './calibration.js';
import { withField } from './parameters.js';

/**
 * A calibrated chip or kernel profile: the starting profile with the fitted parameters replaced, each with a source
 * saying how it was fitted, so the file passes the same validation as a shipped profile and every command accepts
 * its path in place of an id. The id is kept: results name the chip, and their provenance (path, sha256) tells the
 * calibrated file from the shipped one.
 */

export interface Provenance {
  /** Measurement files, as given. */
  files: string[];
  /** ISO date (YYYY-MM-DD). */
  date: string;
}

/** Four significant digits: calibration is not more precise than that, and the file stays readable. */
function rounded(value: number): number {
  return Number(value.toPrecision(4));
}

function fittedSource(result: CalibrationResult, provenance: Provenance): string {
  const { before, after } = result.fitted;
  return `fitted by autotune calibrate to ${provenance.files.join(', ')} on ${provenance.date}, ${after.count} measurements, MAPE ${before.mapePercent.toFixed(1)}% -> ${after.mapePercent.toFixed(1)}%`;
}

function applyFitted<P extends { name: string; sources: Record<string, string> }>(
  profile: P,
  params: CalibratedParam[],
  source: string,
): P {
  let next = profile;
  const sources = { ...profile.sources };
  for (const { param, before, after } of params) {
    next = withField(next, param.path, rounded(after));
    sources[param.path] =
      `${source} (was ${before}: ${profile.sources[param.path] ?? sourceOfAncestor(profile.sources, param.path)})`;
  }
  const name = profile.name.endsWith(' (calibrated)') ? profile.name : `${profile.name} (calibrated)`;
  return { ...next, name, sources };
}

/** The source covering a dotted path through an ancestor key ("nvlink" covers "nvlink.links"). */
function sourceOfAncestor(sources: Record<string, string>, path: string): string {
  const parts = path.split('.');
  for (let n = parts.length - 1; n > 0; n--) {
    const found = sources[parts.slice(0, n).join('.')];
    if (found) return found;
  }
  return 'no source';
}

/** A fit that moved a parameter by less than this share of its range left it where it was. */
const MOVED = 1e-3;

/** Only parameters the measurements moved are rewritten; the others keep their value and source. */
function moved(result: CalibrationResult, ownerKind: 'chip' | 'kernel', kernelId?: string): CalibratedParam[] {
  return result.params.filter(
    (p) =>
      (p.param.owner.kind === 'chip'
        ? ownerKind === 'chip'
        : ownerKind === 'kernel' && p.param.owner.id === kernelId) &&
      Math.abs(p.position - boundPosition(p.param, p.before)) > MOVED,
  );
}

export function calibratedChip(chip: Chip, result: CalibrationResult, provenance: Provenance): Chip {
  const profile = applyFitted(chip, moved(result, 'chip'), fittedSource(result, provenance));
  return parseProfile('chip', profile, 'calibrated chip profile');
}

export function calibratedKernel(kernel: Kernel, result: CalibrationResult, provenance: Provenance): Kernel {
  const profile = applyFitted(kernel, moved(result, 'kernel', kernel.id), fittedSource(result, provenance));
  return parseProfile('kernel', profile, 'calibrated kernel profile');
}
