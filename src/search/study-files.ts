/**
 * Where a study keeps its files, and the rules that keep them safe: names that carry what identifies the study
 * (spec name, chip, a short hash of the spec as run), an exclusive lock per study, a journal that is never truncated
 * or replaced (a rerun is refused unless it says --resume or --fresh; --fresh moves the old files aside), and a
 * check that the folder is writable before any work is spent.
 */
import { createHash } from 'node:crypto';
import { closeSync, existsSync, openSync, readFileSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { basename, join } from 'node:path';
import type { SearchSpec } from '../contract/spec.js';
import { fileError, UserError } from '../errors.js';
import { checkOutputFolder } from '../files.js';
import { canonicalJson } from './space.js';

export interface StudyPaths {
  result: string;
  journal: string;
  lock: string;
}

/** Hex digits of the spec hash in file names: 8 (32 bits) keep names short; a clash needs ~65k specs of one name. */
const HASH_DIGITS = 8;

/**
 * A short hash of the spec as run, budget left out: a resume with another budget is the same study (the journal
 * check ignores the budget too), any other change is another study with its own files.
 */
export function specHash(spec: SearchSpec): string {
  const { budget: _budget, ...identity } = spec;
  return createHash('sha256').update(canonicalJson(identity)).digest('hex').slice(0, HASH_DIGITS);
}

/** The chip as a file-name part: its id, or a profile path's base name without .json. */
function chipPart(chip: string): string {
  return (
    basename(chip)
      .replace(/\.json$/i, '')
      .replace(/[^A-Za-z0-9._-]/g, '_')
      .slice(0, 40) || 'chip'
  );
}

/** <outDir>/<name>-<chip>-<hash>-<optimizer>-seed<seed>.json, its .journal.jsonl and .lock next to it. */
export function studyPaths(outDir: string, spec: SearchSpec): StudyPaths {
  const stem = join(outDir, `${spec.name}-${chipPart(spec.chip)}-${specHash(spec)}-${spec.optimizer}-seed${spec.seed}`);
  return { result: `${stem}.json`, journal: `${stem}.journal.jsonl`, lock: `${stem}.lock` };
}

/** The output folder is writable and the study's own paths are files (or absent). */
export function checkWritable(outDir: string, paths: StudyPaths): void {
  checkOutputFolder(outDir);
  for (const path of [paths.result, paths.journal]) {
    if (existsSync(path) && !statSync(path).isFile()) throw fileError(path, 'write the study file', { code: 'EISDIR' });
  }
}

/** The study's lock: created exclusively, holding the owner's pid; removed on release and when the process exits. */
export class StudyLock {
  private released = false;
  private readonly onExit = (): void => this.release();

  private constructor(readonly path: string) {
    process.once('exit', this.onExit); // a second Ctrl-C leaves through process.exit: the lock goes with it
  }

  /** Takes the lock, taking over one whose process no longer runs (said through `notice`); a live owner is a UserError. */
  static acquire(path: string, journal: string, notice: (text: string) => void): StudyLock {
    for (let attempt = 0; ; attempt++) {
      try {
        const fd = openSync(path, 'wx');
        try {
          writeSync(
            fd,
            `${JSON.stringify({ pid: process.pid, host: hostname(), startedAt: new Date().toISOString() })}\n`,
          );
        } finally {
          closeSync(fd);
        }
        return new StudyLock(path);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) {
          if ((err as NodeJS.ErrnoException).code === 'EEXIST') throw busy(path, journal, readOwner(path));
          throw fileError(path, 'create the study lock', err);
        }
      }
      const owner = readOwner(path);
      if (owner !== null && owner.alive) throw busy(path, journal, owner);
      notice(
        `${path}: taking over the lock of ${owner ? `process ${owner.pid}, which no longer runs` : 'a process that left it unreadable'}`,
      );
      try {
        unlinkSync(path);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw fileError(path, 'remove the stale study lock', err);
      }
    }
  }

  release(): void {
    if (this.released) return;
    this.released = true;
    process.off('exit', this.onExit);
    try {
      unlinkSync(this.path);
    } catch {
      // Already gone (removed by hand): nothing to release.
    }
  }
}

interface LockOwner {
  pid: number;
  host: string;
  startedAt: string;
  alive: boolean;
}

function readOwner(path: string): LockOwner | null {
  try {
    const owner = JSON.parse(readFileSync(path, 'utf8')) as Partial<LockOwner>;
    if (typeof owner.pid !== 'number' || !Number.isInteger(owner.pid) || owner.pid <= 0) return null;
    const host = typeof owner.host === 'string' ? owner.host : hostname();
    // Another host's pid cannot be checked from here: count it as alive rather than break its lock.
    return {
      pid: owner.pid,
      host,
      startedAt: String(owner.startedAt ?? '?'),
      alive: host !== hostname() || isAlive(owner.pid),
    };
  } catch {
    return null;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'; // exists, owned by someone else
  }
}

function busy(path: string, journal: string, owner: LockOwner | null): UserError {
  const who = owner ? `process ${owner.pid} on ${owner.host} (since ${owner.startedAt})` : 'another process';
  return new UserError(
    `${journal}: this study is already running as ${who}; wait for it to end or stop it (the lock is ${path}; delete it only if no such process runs)`,
  );
}

/** Trial lines of a journal, without parsing them (for messages). */
function journalTrials(path: string): number {
  try {
    return Math.max(
      0,
      readFileSync(path, 'utf8')
        .split('\n')
        .filter((line) => line.trim() !== '').length - 1,
    );
  } catch {
    return 0;
  }
}

/**
 * Before a new (not resumed) study: an existing journal is refused unless `fresh`, which moves it and the result
 * aside as timestamped backups (said through `notice`). Nothing is ever truncated.
 */
export function prepareFreshStudy(
  paths: StudyPaths,
  fresh: boolean,
  notice: (text: string) => void,
  now = new Date(),
): void {
  if (!existsSync(paths.journal)) return;
  if (!fresh) {
    throw new UserError(
      `${paths.journal}: a journal of this study exists (${journalTrials(paths.journal)} trials); ` +
        'run again with --resume to continue it, or with --fresh to start over (the old journal and result are kept as timestamped backups)',
    );
  }
  const stamp = now.toISOString().replace(/[:.]/g, '-');
  for (const path of [paths.journal, paths.result]) {
    if (!existsSync(path)) continue;
    const backup = path.replace(/(\.journal\.jsonl|\.json)$/, `.${stamp}$1`);
    try {
      renameSync(path, backup);
    } catch (err) {
      throw fileError(path, 'move the earlier file aside for --fresh', err);
    }
    notice(`--fresh: kept the earlier ${path.endsWith('.jsonl') ? 'journal' : 'result'} as ${backup}`);
  }
}
