import { spawn } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import { readJournal } from '../../src/search/journal.js';
import { resumeStudy, runStudy } from '../../src/search/study.js';
import { studyPaths } from '../../src/search/study-files.js';
import { comparable, SYNTHETIC, syntheticSpec } from './helpers/study.js';
import { transpileTree } from './helpers/transpile.js';

const tmp = (): string => mkdtempSync(join(tmpdir(), 'autotune-journal-'));
const filesOf = (dir: string, optimizer = 'bo', seed = 0) => studyPaths(dir, syntheticSpec({ optimizer, seed }));
const journalOf = (dir: string, optimizer = 'bo', seed = 0): string => filesOf(dir, optimizer, seed).journal;

/** Keeps the header and the first `trials` trial lines, then appends half a line (a write cut short). */
function cutJournal(path: string, trials: number): void {
  const lines = readFileSync(path, 'utf8').split('\n');
  writeFileSync(path, `${lines.slice(0, trials + 1).join('\n')}\n`);
  appendFileSync(path, lines[trials + 1]!.slice(0, 40));
}

describe('journal', () => {
  it('ignores a torn last line', () => {
    const dir = tmp();
    const path = join(dir, 'j.jsonl');
    writeFileSync(
      path,
      `${JSON.stringify({ type: 'header', format: 1 })}\n{"type":"trial","trial":{"number":1,"config":{}}}\n{"type":"tri`,
    );
    const journal = readJournal(path);
    expect(journal.trials).toHaveLength(1);
    expect(journal.torn).toBe(true);
    expect(journal.validBytes).toBe(readFileSync(path, 'utf8').lastIndexOf('\n') + 1);
  });

  it('refuses a damaged line in the middle, naming it', () => {
    const path = join(tmp(), 'j.jsonl');
    writeFileSync(path, `${JSON.stringify({ type: 'header', format: 1 })}\n{oops\n{"type":"trial"}\n`);
    expect(() => readJournal(path)).toThrow(/j\.jsonl: line 2 is not JSON/);
  });

  it('reads a journal of this schema major (and one from before versioning, above) but refuses a newer major', () => {
    const path = join(tmp(), 'j.jsonl');
    const header = { kind: 'study-journal', schemaVersion: '1.3', type: 'header' };
    writeFileSync(
      path,
      `${JSON.stringify(header)}\n${JSON.stringify({ ...header, type: 'trial', trial: { number: 1, config: {} } })}\n`,
    );
    expect(readJournal(path).trials).toHaveLength(1);
    writeFileSync(path, `${JSON.stringify({ ...header, schemaVersion: '2.0' })}\n`);
    expect(() => readJournal(path)).toThrow(UserError);
    expect(() => readJournal(path)).toThrow(
      /line 1: schemaVersion = "2\.0": this study-journal file was written by a newer autotune; this version reads study-journal files up to 1\.x/,
    );
  });
});

describe('resumeStudy', () => {
  it('continues a cut journal to the result of an uninterrupted run', async () => {
    const whole = await runStudy({ spec: syntheticSpec(), evaluator: SYNTHETIC, threads: 0 });
    const dir = tmp();
    await runStudy({ spec: syntheticSpec(), evaluator: SYNTHETIC, threads: 0, outDir: dir });
    cutJournal(journalOf(dir), 7);
    const resumed = await resumeStudy({ spec: syntheticSpec(), evaluator: SYNTHETIC, threads: 0, outDir: dir });
    expect(comparable(resumed)).toEqual(comparable(whole));
    const journal = readJournal(journalOf(dir));
    expect(journal.torn).toBe(false);
    expect(journal.trials.map((t) => t.trial.number).sort((a, b) => a - b)).toEqual(whole.trials.map((t) => t.number));
    expect(JSON.parse(readFileSync(filesOf(dir).result, 'utf8'))).toEqual(JSON.parse(JSON.stringify(resumed)));
  });

  it('extends a finished study to a larger budget as if it had asked for it at first', async () => {
    const dir = tmp();
    await runStudy({ spec: syntheticSpec({ optimizer: 'evo' }), evaluator: SYNTHETIC, threads: 0, outDir: dir });
    const extended = await resumeStudy({
      spec: syntheticSpec({ optimizer: 'evo' }),
      budget: 32,
      evaluator: SYNTHETIC,
      threads: 0,
      outDir: dir,
    });
    const direct = await runStudy({
      spec: syntheticSpec({ optimizer: 'evo', budget: 32 }),
      evaluator: SYNTHETIC,
      threads: 0,
    });
    expect(comparable(extended)).toEqual(comparable(direct));
  });

  it('keeps every trial of a journal cut inside a batch when resumed with a smaller budget, asking what it asked then', async () => {
    const whole = await runStudy({ spec: syntheticSpec(), evaluator: SYNTHETIC, threads: 0 });
    const dir = tmp();
    await runStudy({ spec: syntheticSpec(), evaluator: SYNTHETIC, threads: 0, outDir: dir });
    cutJournal(journalOf(dir), 7); // batches of 4: trials 5-8 were in flight, 5-7 finished
    const notes: string[] = [];
    const resumed = await resumeStudy({
      spec: syntheticSpec(),
      budget: 3,
      evaluator: SYNTHETIC,
      threads: 0,
      outDir: dir,
      onNotice: (t) => notes.push(t),
    });
    expect(resumed.trials).toEqual(whole.trials.slice(0, 7));
    expect(resumed.budget).toBe(7);
    expect(notes).toEqual([
      `${journalOf(dir)}: the journal holds 7 trials, more than the budget of 3: keeping all 7 (the result's budget is 7)`,
    ]);
    expect(readJournal(journalOf(dir)).trials).toHaveLength(7);
  });

  it('refuses a journal of another study, naming what differs', async () => {
    const dir = tmp();
    await runStudy({ spec: syntheticSpec({ optimizer: 'random' }), evaluator: SYNTHETIC, threads: 0, outDir: dir });
    const other = resumeStudy({
      spec: syntheticSpec({ optimizer: 'random', objective: { metric: 'mfu', goal: 'maximize' } }),
      evaluator: SYNTHETIC,
      threads: 0,
      journalPath: journalOf(dir, 'random'),
    });
    await expect(other).rejects.toThrow(/written for another study \(objective differ\)/);
  });

  it('refuses a journal whose trials the optimizer does not ask again', async () => {
    const dir = tmp();
    await runStudy({ spec: syntheticSpec({ optimizer: 'random' }), evaluator: SYNTHETIC, threads: 0, outDir: dir });
    const path = journalOf(dir, 'random');
    const lines = readFileSync(path, 'utf8').trim().split('\n');
    const third = JSON.parse(lines[3]!);
    third.trial.config.commSMs = third.trial.config.commSMs === 2 ? 4 : 2;
    writeFileSync(path, [...lines.slice(0, 3), JSON.stringify(third), ''].join('\n'));
    const resumed = resumeStudy({
      spec: syntheticSpec({ optimizer: 'random' }),
      evaluator: SYNTHETIC,
      threads: 0,
      outDir: dir,
    });
    await expect(resumed).rejects.toBeInstanceOf(UserError);
    await expect(resumed).rejects.toThrow(/trial 3 was .* but the optimizer now asks/);
  });
});

describe('a study killed mid-way (kill -9 of a child process)', () => {
  let tree: string;
  beforeAll(() => {
    tree = transpileTree('journal-kill', [
      'test/search/fixtures/study-child.ts',
      'test/search/fixtures/slow-evaluator.ts',
    ]);
  });

  it('resumes from its journal to the result of an uninterrupted run', async () => {
    const dir = tmp();
    const spec = syntheticSpec({ budget: 28 });
    const specFile = join(dir, 'spec.json');
    writeFileSync(specFile, JSON.stringify(spec));
    const child = spawn(
      process.execPath,
      [
        join(tree, 'test/search/fixtures/study-child.js'),
        specFile,
        dir,
        join(tree, 'test/search/fixtures/slow-evaluator.js'),
        'createSlowEvaluator',
        '0',
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const exited = new Promise<NodeJS.Signals | number | null>((resolve) =>
      child.on('exit', (code, signal) => resolve(signal ?? code)),
    );
    const journal = journalOf(dir);
    const trialLines = (): number => (existsSync(journal) ? readFileSync(journal, 'utf8').split('\n').length - 2 : 0);
    while (trialLines() < 9) {
      if (child.exitCode !== null) throw new Error(`the child ended before it was killed: ${stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    const left = readJournal(journal).trials.length;
    expect(left).toBeGreaterThanOrEqual(9);
    expect(left).toBeLessThan(28);
    expect(existsSync(filesOf(dir).result)).toBe(false);

    const resumed = await resumeStudy({ spec, evaluator: SYNTHETIC, threads: 0, outDir: dir });
    const whole = await runStudy({ spec, evaluator: SYNTHETIC, threads: 0 });
    expect(comparable(resumed)).toEqual(comparable(whole));
  });
});
