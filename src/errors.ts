/**
 * Two kinds of error (after Calculon): a UserError is bad input that the user can fix (exit code 2);
 * anything else is a bug (exit code 1). An infeasible-but-valid config is neither: the model returns it as data.
 */
export class UserError extends Error {
  override readonly name = 'UserError';
  constructor(message: string) {
    super(message);
  }
}

/**
 * Not an error: a study stopped before its end (q, Ctrl-C, SIGTERM) after writing its result and journal. The CLI
 * prints the message and exits with EXIT_STOPPED, so a script can tell a stopped study from a finished one.
 */
export class StudyStopped extends Error {
  override readonly name = 'StudyStopped';
  constructor(message: string) {
    super(message);
  }
}

/** The CLI's exit codes (README "Exit codes"). */
export const EXIT_OK = 0;
export const EXIT_INTERNAL = 1;
export const EXIT_BAD_INPUT = 2;
export const EXIT_STOPPED = 3;
/** A second Ctrl-C: left at once, 128 + SIGINT as shells report it. */
export const EXIT_ABORTED = 130;

/** A value as the user gave it, for messages: JSON where JSON can say it (Infinity and NaN cannot; they stay words). */
export function shown(value: unknown): string {
  if (value === undefined) return '(missing)';
  if (typeof value === 'number' && !Number.isFinite(value)) return `${value} (not a finite number)`;
  return JSON.stringify(value) ?? String(value);
}

/** The value at a JSON path (undefined where the path leaves the document), for messages that quote it. */
export function valueAt(json: unknown, path: readonly PropertyKey[]): unknown {
  let node = json;
  for (const part of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<PropertyKey, unknown>)[part];
  }
  return node;
}

/** Formats "<where>: <field> = <value>: <what is allowed>" so every input error reads the same way. */
export function invalid(where: string, field: string, value: unknown, allowed: string): UserError {
  return new UserError(`${where}: ${field} = ${shown(value)}: ${allowed}`);
}

/** A file-system failure as a user error naming the path, what was being done, and what to do about it. */
export function fileError(path: string, doing: string, err: unknown): UserError {
  const code = (err as NodeJS.ErrnoException)?.code;
  const advice: Record<string, string> = {
    EACCES: 'no permission: choose another folder (--out) or fix its permissions',
    EPERM: 'not permitted: choose another folder (--out) or fix its permissions',
    EROFS: 'the file system is read-only: choose another folder (--out)',
    EEXIST: 'a file of that name is in the way: choose another path or move the file',
    ENOTDIR: 'a part of the path is a file, not a folder: choose another path',
    EISDIR: 'that path is a folder, not a file: choose another path or move the folder',
    ENOENT: 'no such file or folder: create the folder first or fix the path',
    ENAMETOOLONG: 'the name is too long for the file system: use a shorter name or folder',
    ENOSPC: 'the disk is full: free space or choose another folder (--out)',
    EMFILE: 'too many open files: close other programs and retry',
  };
  const why = code ? (advice[code] ?? (err as Error).message) : String(err);
  return new UserError(`${path}: cannot ${doing} (${code ?? 'error'}): ${why}`);
}

export function assertInvariant(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(`internal invariant broken: ${message}`);
}
