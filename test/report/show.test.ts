import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import { readResultFile } from '../../src/report/result-file.js';
import { showJson, showText } from '../../src/report/show.js';

const COMPARE = 'results/compare-deepseek-v3-h800-h100-sxm+h800-sxm+h20.json';
const SWEEP = 'results/sweep-deepseek-v3-h800-h800-sxm-nic-12.5-100-8.json';
const tmp = () => mkdtempSync(join(tmpdir(), 'autotune-show-'));
const run = (...args: string[]) => spawnSync(process.execPath, ['bin/autotune.js', ...args], { encoding: 'utf8' });

/** One small real study, shared by the tests below. */
let studyPath = '';
let studyResult: Record<string, any> = {};
beforeAll(() => {
  const dir = tmp();
  const search = run(
    'search',
    'searches/deepseek-v3-h800.json',
    '--optimizer',
    'random',
    '--budget',
    '8',
    '--seed',
    '1',
    '--out',
    dir,
    '--json',
  );
  expect(search.status, search.stderr).toBe(0);
  studyResult = JSON.parse(search.stdout);
  // The one result file the study wrote, whatever its naming (src/search/result.ts studyPaths).
  studyPath = join(dir, readdirSync(dir).find((f) => f.endsWith('.json'))!);
});

describe('readResultFile', () => {
  it('tells study, compare and sweep results apart, including a study written before files carried a kind', () => {
    expect(readResultFile(COMPARE).kind).toBe('compare');
    expect(readResultFile(SWEEP).kind).toBe('sweep');
    const path = join(tmp(), 'old-study.json');
    const { kind: _k, schemaVersion: _v, ...unversioned } = studyResult;
    writeFileSync(path, JSON.stringify(unversioned));
    const read = readResultFile(path);
    expect(read.kind).toBe('study');
    expect(read.data.best).toEqual(studyResult.best);
  });

  it('refuses what is not a result, and a newer schema major, naming the file and the field', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'a.json'), '{"kind":"chip"}');
    expect(() => readResultFile(join(dir, 'a.json'))).toThrow(
      /a\.json: kind = "chip": a result file has kind one of study, compare, sweep/,
    );
    writeFileSync(join(dir, 'b.json'), '{"kind":"sweep","schemaVersion":"3.1","points":[],"axis":{}}');
    expect(() => readResultFile(join(dir, 'b.json'))).toThrow(/b\.json: schemaVersion = "3\.1"/);
    const { chips: _, ...noChips } = JSON.parse(readFileSync(COMPARE, 'utf8'));
    writeFileSync(join(dir, 'c.json'), JSON.stringify({ ...noChips, schemaVersion: '1.9' }));
    expect(() => readResultFile(join(dir, 'c.json'))).toThrow(
      /not a valid compare result.*\n.*c\.json: chips = missing/,
    );
    expect(() => readResultFile(join(dir, 'none.json'))).toThrow(UserError);
  });
});

describe('autotune show', () => {
  it('summarises a study: best config, metrics, breakdown, top trials, provenance; --json the essentials', () => {
    const result = studyResult;
    const path = studyPath;
    const text = run('show', path);
    expect(text.status).toBe(0);
    expect(text.stdout).toContain(`best: trial ${result.best.number}: `);
    expect(text.stdout).toContain(`${result.best.metrics.tokensPerSecPerGpu.toFixed(0)} tokens/s per GPU`);
    expect(text.stdout).toContain('Step time of the critical rank (s)');
    expect(text.stdout).toContain(`Top ${result.top.length} trials`);
    expect(text.stdout).toContain(
      `workload:deepseek-v3 sha256 ${result.provenance.profileHashes['workload:deepseek-v3'].slice(0, 16)}`,
    );
    const json = JSON.parse(run('show', path, '--json').stdout);
    expect(json.kind).toBe('study');
    expect(json.best.config).toEqual(result.best.config);
    expect(json.best.breakdown).toEqual(result.best.metrics.breakdown);
    expect(json.trials.ok + json.trials.infeasible + json.trials.rejected).toBe(result.trials.length);
    expect(json.top.map((t: { number: number }) => t.number)).toEqual(
      result.top.map((t: { number: number }) => t.number),
    );
  });

  it('summarises compare and sweep results with their own tables', () => {
    const compare = readResultFile(COMPARE);
    expect(showText(compare)).toContain('Tuned (best of the search)');
    const essentials = showJson(compare) as { chips: { chip: string }[] };
    expect(essentials.chips.map((c) => c.chip)).toEqual(['h100-sxm', 'h800-sxm', 'h20']);
    expect(showText(readResultFile(SWEEP))).toContain('Where the optimum changes');
    expect(run('show', join(tmp(), 'missing.json')).status).toBe(2);
  });
});
