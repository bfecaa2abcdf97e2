/**
 * The study journal: an append-only JSON-lines event log, a header line then one line per finished trial, each
 * written with one write(2) as soon as the trial finishes. A write reaches the operating system before the next
 * trial starts, so Ctrl-C, a crash or kill -9 of the process loses nothing (fsync at close covers power loss of a
 * finished study). A torn last line (killed mid-write) is ignored on read and cut off before appending.
 */
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, truncateSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Trial } from '../contract/results.js';
import type { OptimizerName, SearchSpec } from '../contract/spec.js';
import { checkSchemaVersion, type VersionStamp } from '../contract/versions.js';
import { fileError, UserError } from '../errors.js';

/** What journals written before versioning carried instead of kind and schemaVersion (read as 1.0). */
const LEGACY_FORMAT = 1;

/** Every line carries kind and schemaVersion, so a line read alone still says what it is. */
export interface JournalHeader extends VersionStamp<'study-journal'> {
  type: 'header';
  version: string;
  /** The spec as run (overrides applied). */
  spec: SearchSpec;
  optimizer: OptimizerName;
  seed: number;
  budget: number;
  batchSize: number;
  startedAt: string;
}

export interface JournalTrial extends VersionStamp<'study-journal'> {
  type: 'trial';
  trial: Trial;
  /** Seconds since this run started, and when the trial finished. */
  elapsedS: number;
  finishedAt: string;
}

export type JournalLine = JournalHeader | JournalTrial;

export interface JournalContents {
  header: JournalHeader;
  trials: JournalTrial[];
  /** Bytes up to the end of the last complete line. */
  validBytes: number;
  /** Whether an incomplete last line was dropped. */
  torn: boolean;
}

export class JournalWriter {
  private constructor(
    private readonly fd: number,
    private readonly path: string,
  ) {}

  /** A new journal starting with its header; never replaces a file there (created exclusively). */
  static create(path: string, header: JournalHeader): JournalWriter {
    let fd: number;
    try {
      mkdirSync(dirname(path), { recursive: true });
      fd = openSync(path, 'wx');
    } catch (err) {
      throw fileError(path, 'create the journal', err);
    }
    const writer = new JournalWriter(fd, path);
    writer.write(header);
    return writer;
  }

  /** Continues an existing journal after its last complete line (only a torn tail, never a whole line, is cut off). */
  static continue(path: string, validBytes: number): JournalWriter {
    try {
      truncateSync(path, validBytes);
      return new JournalWriter(openSync(path, 'a'), path);
    } catch (err) {
      throw fileError(path, 'append to the journal', err);
    }
  }

  write(line: JournalLine): void {
    try {
      writeSync(this.fd, `${JSON.stringify(line)}\n`);
    } catch (err) {
      throw fileError(this.path, 'append to the journal', err);
    }
  }

  close(): void {
    fsyncSync(this.fd);
    closeSync(this.fd);
  }
}

function isTrialLine(value: unknown): value is JournalTrial {
  const line = value as JournalTrial;
  return line?.type === 'trial' && typeof line.trial?.number === 'number' && typeof line.trial.config === 'object';
}

export function readJournal(path: string): JournalContents {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new UserError(
        `${path}: no journal of this study to resume; run without --resume to start it (same spec, optimizer and seed find the same journal)`,
      );
    }
    throw fileError(path, 'read the journal', err);
  }
  const end = text.lastIndexOf('\n') + 1; // anything after the last newline is a torn write
  const lines = text.slice(0, end).split('\n').slice(0, -1);
  const parsed = lines.map((line, i) => {
    try {
      return JSON.parse(line) as unknown;
    } catch {
      throw new UserError(
        `${path}: line ${i + 1} is not JSON; the journal is damaged: repair or delete that line and the ones after it, or start over with --fresh`,
      );
    }
  });
  parsed.forEach((line, i) =>
    checkSchemaVersion(`${path}: line ${i + 1}`, 'study-journal', (line as Partial<JournalLine> | null)?.schemaVersion),
  );
  const header = parsed[0] as (JournalHeader & { format?: number }) | undefined;
  const isHeader = header?.type === 'header' && (header.kind === 'study-journal' || header.format === LEGACY_FORMAT);
  if (!isHeader)
    throw new UserError(
      `${path}: line 1 is not a study-journal header; start over with --fresh (the file is kept as a backup)`,
    );
  const trials = parsed.slice(1).map((line, i) => {
    if (!isTrialLine(line))
      throw new UserError(
        `${path}: line ${i + 2} is not a trial record; the journal is damaged: repair or delete that line and the ones after it, or start over with --fresh`,
      );
    return line;
  });
  return { header, trials, validBytes: Buffer.byteLength(text.slice(0, end)), torn: end < text.length };
}
