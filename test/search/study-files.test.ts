import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import { writeResult } from '../../src/search/result.js';
import { runStudy } from '../../src/search/study.js';
import { prepareFreshStudy, StudyLock, specHash, studyPaths } from '../../src/search/study-files.js';
import { closingLines } from '../../src/ui/summary.js';
import { SYNTHETIC, syntheticSpec } from './helpers/study.js';

const tmp = (): string => mkdtempSync(join(tmpdir(), 'autotune-files-'));

describe('study file names', () => {
  it('carry name, chip, an 8-digit hash of the spec without its budget, optimizer and seed', () => {
    const spec = syntheticSpec({ optimizer: 'evo', seed: 3 });
    const paths = studyPaths('out', spec);
    expect(basename(paths.result)).toBe(`synthetic-h800-sxm-${specHash(spec)}-evo-seed3.json`);
    expect(paths.journal).toBe(paths.result.replace(/\.json$/, '.journal.jsonl'));
    expect(paths.lock).toBe(paths.result.replace(/\.json$/, '.lock'));
    expect(specHash(spec)).toMatch(/^[0-9a-f]{8}$/);
    expect(specHash({ ...spec, budget: 999 })).toBe(specHash(spec)); // a resume with another budget finds its journal
    expect(specHash({ ...spec, chip: 'h20' })).not.toBe(specHash(spec));
    expect(specHash({ ...spec, gpus: 1024 })).not.toBe(specHash(spec));
    expect(basename(studyPaths('out', { ...spec, chip: 'profiles/My Chip.json' }).result)).toMatch(
      /^synthetic-My_Chip-[0-9a-f]{8}-evo-seed3\.json$/,
    );
  });
});

describe('StudyLock', () => {
  it('is exclusive while its owner runs, and released on release()', () => {
    const path = join(tmp(), 's.lock');
    const lock = StudyLock.acquire(path, 'j', () => {});
    expect(JSON.parse(readFileSync(path, 'utf8'))).toMatchObject({ pid: process.pid, host: hostname() });
    expect(() => StudyLock.acquire(path, 'the-journal', () => {})).toThrow(
      new RegExp(`the-journal: this study is already running as process ${process.pid}`),
    );
    lock.release();
    expect(existsSync(path)).toBe(false);
    StudyLock.acquire(path, 'j', () => {}).release();
  });

  it('takes over a lock whose process is gone or which cannot be read, saying so', () => {
    const path = join(tmp(), 's.lock');
    const gone = spawnSync(process.execPath, ['-e', '']).pid!;
    writeFileSync(path, JSON.stringify({ pid: gone, host: hostname() }));
    const notes: string[] = [];
    StudyLock.acquire(path, 'j', (text) => notes.push(text)).release();
    writeFileSync(path, '');
    StudyLock.acquire(path, 'j', (text) => notes.push(text)).release();
    expect(notes).toEqual([
      `${path}: taking over the lock of process ${gone}, which no longer runs`,
      `${path}: taking over the lock of a process that left it unreadable`,
    ]);
  });

  it('leaves the lock of another host alone (its pid cannot be checked from here)', () => {
    const path = join(tmp(), 's.lock');
    writeFileSync(path, JSON.stringify({ pid: 1, host: 'elsewhere', startedAt: 'then' }));
    expect(() => StudyLock.acquire(path, 'j', () => {})).toThrow(/process 1 on elsewhere \(since then\)/);
  });
});

describe('prepareFreshStudy', () => {
  it('refuses an existing journal unless fresh, then moves journal and result aside under one timestamp', () => {
    const dir = tmp();
    const paths = studyPaths(dir, syntheticSpec());
    prepareFreshStudy(paths, false, () => {}); // no journal: nothing to do
    writeFileSync(paths.journal, '{"type":"header"}\n{"type":"trial"}\n{"type":"trial"}\n');
    writeFileSync(paths.result, '{}');
    expect(() => prepareFreshStudy(paths, false, () => {})).toThrow(UserError);
    expect(() => prepareFreshStudy(paths, false, () => {})).toThrow(
      /\(2 trials\); run again with --resume .* or with --fresh/,
    );
    const notes: string[] = [];
    prepareFreshStudy(paths, true, (text) => notes.push(text), new Date('2026-12-03T12:00:00.000Z'));
    expect(existsSync(paths.journal)).toBe(false);
    expect(
      readFileSync(paths.journal.replace('.journal.jsonl', '.2026-12-03T12-00-00-000Z.journal.jsonl'), 'utf8'),
    ).toContain('header');
    expect(readFileSync(paths.result.replace(/\.json$/, '.2026-12-03T12-00-00-000Z.json'), 'utf8')).toBe('{}');
    expect(notes).toHaveLength(2);
  });
});

describe('writeResult', () => {
  it('never replaces a result that has a best with one that has none', async () => {
    const dir = tmp();
    const path = join(dir, 'r.json');
    const good = await runStudy({ spec: syntheticSpec({ budget: 8 }), evaluator: SYNTHETIC, threads: 0 });
    expect(good.best).not.toBeNull();
    expect(writeResult(path, good)).toBe(true);
    const empty = { ...good, best: null, top: [] };
    expect(writeResult(path, empty)).toBe(false);
    expect(JSON.parse(readFileSync(path, 'utf8')).best).toEqual(JSON.parse(JSON.stringify(good.best)));
    expect(writeResult(join(dir, 'other.json'), empty)).toBe(true); // nothing to keep there
    expect(() => writeResult(join(dir, 'r.json', 'under-a-file.json'), good)).toThrow(
      /under-a-file\.json: cannot write the file \(EEXIST\): a file of that name is in the way/,
    );
  });
});

describe('closingLines', () => {
  it('keeps how it ended, the best config as JSON, its objective and both paths', async () => {
    const result = await runStudy({ spec: syntheticSpec({ budget: 8 }), evaluator: SYNTHETIC, threads: 0 });
    const lines = closingLines(result, 'out/r.json', 'out/r.journal.jsonl');
    expect(lines[0]).toBe('finished: budget spent after 8/8 trials');
    expect(lines[1]).toBe(`best config (trial ${result.best!.number}): ${JSON.stringify(result.best!.config)}`);
    expect(lines[2]).toMatch(/^objective: [\d.]+k? tok\/s\/GPU$/);
    expect(lines.slice(3)).toEqual(['result: out/r.json', 'journal: out/r.journal.jsonl']);
    expect(closingLines({ ...result, best: null }, null, null)).toEqual([
      'finished: budget spent after 8/8 trials',
      'no feasible config found',
    ]);
  });
});
