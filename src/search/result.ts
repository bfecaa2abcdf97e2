/**
 * The result of a study: every trial with real values, the best and the top 10, the optimiser and seed, a
 * constraint report, and provenance. Everything but provenance.startedAt/finishedAt/elapsedS is a function of the
 * spec and seed, so the same spec and seed give the same file.
 */
import { readFileSync } from 'node:fs';
import type { EndReason, Trial } from '../contract/results.js';
import type { OptimizerName, SearchSpec } from '../contract/spec.js';
import type { VersionStamp } from '../contract/versions.js';
import { writeJsonAtomically } from '../files.js';
import type { ConstraintReport } from './constraint-report.js';
import type { Objective } from './objective.js';
import type { RangeEdge } from './range-edges.js';

export interface Provenance {
  tool: 'autotune';
  version: string;
  spec: SearchSpec;
  /** sha256 of each profile the evaluator read, as given by the caller. */
  profileHashes: Record<string, string>;
  startedAt: string;
  finishedAt: string;
  elapsedS: number;
}

export interface StudyResult extends VersionStamp<'study'> {
  name: string;
  optimizer: OptimizerName;
  seed: number;
  budget: number;
  batchSize: number;
  objective: Objective;
  endReason: EndReason;
  /** Null when no trial was feasible: see constraintReport for why. */
  best: Trial | null;
  /** Up to 10 feasible trials, best first. */
  top: Trial[];
  trials: Trial[];
  constraintReport: ConstraintReport;
  /** The best config's values at an end of their searched range (see rangeEdges); empty when none or no best. */
  rangeEdges: RangeEdge[];
  provenance: Provenance;
}

export const TOP_COUNT = 10;

/**
 * Writes the result atomically (a reader never sees half a file: a temporary file, flushed, then renamed over) and
 * never replaces a result that has a best config with one that has none: then the earlier file stays and this
 * returns false. File-system failures are UserErrors naming the path.
 */
export function writeResult(path: string, result: StudyResult): boolean {
  if (result.best === null && hasBest(path)) return false;
  writeJsonAtomically(path, result);
  return true;
}

function hasBest(path: string): boolean {
  try {
    return (JSON.parse(readFileSync(path, 'utf8')) as { best?: unknown }).best != null;
  } catch {
    return false; // absent or unreadable: nothing worth keeping
  }
}
