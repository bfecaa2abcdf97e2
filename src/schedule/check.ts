/**
 * Validity of a schedule: every forward, input backward and weight backward of every (micro-batch, stage) appears
 * exactly once (BW counts as B + W, FB as an F plus a full backward), every op names a chunk its rank holds, and
 * every dependency can be met (no deadlock). Compilation records the structural problems; this adds a re-check of
 * the compiled order itself, so a compiler bug cannot hide a deadlock from the simulator.
 */
import { compile } from './compile.js';
import type { Schedule, Violation } from './schedule.js';
import type { Program } from './types.js';

/** All violations of `s` (empty = valid). */
export function checkSchedule(s: Schedule): Violation[] {
  const found = [...s.violations];
  for (let r = 0; r < s.pp; r++) {
    for (let k = s.rankOffsets[r]!; k < s.rankOffsets[r + 1]!; k++) {
      const i = s.rankOrder[k]!;
      const runsAfter = (dep: number): boolean => dep < i; // simulation visits ops in index order
      const prev = k > s.rankOffsets[r]! ? s.rankOrder[k - 1]! : -1;
      if (!runsAfter(prev) || !runsAfter(s.dep0[i]!) || !runsAfter(s.dep1[i]!)) {
        found.push({
          rank: r,
          position: k - s.rankOffsets[r]!,
          message: 'compiled order puts an op before its dependency',
        });
      }
    }
  }
  return found;
}

/** Violations of a hand-written program (compiles it first). */
export function checkProgram(program: Program): Violation[] {
  return checkSchedule(compile(program));
}

/** Throws an Error listing the first violations; for tests and invariants. */
export function assertValidSchedule(s: Schedule): void {
  const violations = checkSchedule(s);
  if (violations.length === 0) return;
  const shown = violations.slice(0, 5).map((v) => `rank ${v.rank} op ${v.position}: ${v.message}`);
  throw new Error(
    `schedule ${s.kind} (pp ${s.pp}, ${s.microBatches} micro-batches) is invalid: ${violations.length} violation(s): ${shown.join('; ')}`,
  );
}
