/** `autotune report` and the `--html` flag of search and compare, end to end from the compiled CLI. */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tinySpec } from './helpers.js';

const ROOT = join(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'autotune.js');
const dir = mkdtempSync(join(tmpdir(), 'autotune-html-cli-'));
const SPEC = join(dir, 'tiny.json');

function run(args: string[]) {
  return spawnSync(process.execPath, [BIN, ...args], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, CI: 'true' },
  });
}

/** The path a command printed after "report: ". */
const reportPath = (stdout: string): string => stdout.match(/^report: (.*)$/m)![1]!;
const opRects = (html: string): number => [...html.matchAll(/<rect class="op /g)].length;
/** The files of a folder with this extension (the result's name is the search's business, not this test's). */
const withExtension = (folder: string, ext: string): string[] =>
  readdirSync(folder)
    .filter((f) => f.endsWith(ext) && !f.includes('journal'))
    .map((f) => join(folder, f));

beforeAll(() => {
  const { name, workload, chip, gpus, objective, space, fixed, budget, optimizer, seed } = tinySpec();
  writeFileSync(SPEC, JSON.stringify({ name, workload, chip, gpus, objective, space, fixed, budget, optimizer, seed }));
  if (!existsSync(join(ROOT, 'dist', 'src', 'cli', 'commands', 'html-report.js')))
    spawnSync('npx', ['tsc', '-p', 'tsconfig.json'], { cwd: ROOT, stdio: 'ignore' });
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('autotune report and --html', () => {
  let resultFile = '';

  it('search --html writes the report beside the result JSON', () => {
    const out = join(dir, 'search');
    const r = run(['search', SPEC, '--out', out, '--html']);
    expect(r.status, r.stderr).toBe(0);
    const html = reportPath(r.stdout);
    [resultFile] = withExtension(out, '.json') as [string];
    expect(withExtension(out, '.html')).toEqual([html]);
    expect(html).toBe(resultFile.replace(/\.json$/, '.html'));
    const text = readFileSync(html, 'utf8');
    expect(text.startsWith('<!doctype html>')).toBe(true);
    expect([...text.matchAll(/data-trial="/g)]).toHaveLength(
      JSON.parse(readFileSync(resultFile, 'utf8')).trials.length,
    );
  });

  it('search --html --json keeps stdout to the JSON and still writes the page', () => {
    const out = join(dir, 'json');
    const r = run(['search', SPEC, '--out', out, '--html', '--json']);
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).trials).toHaveLength(6);
    const [json] = withExtension(out, '.json') as [string];
    expect(withExtension(out, '.html')).toEqual([json.replace(/\.json$/, '.html')]);
  });

  it('report writes one page for one result (beside it, or --out) or several (report.html)', () => {
    const beside = run(['report', resultFile]);
    expect(beside.status, beside.stderr).toBe(0);
    expect(beside.stdout).toBe(`report: ${resultFile.replace(/\.json$/, '.html')}\n`);
    const one = run(['report', resultFile, '--out', join(dir, 'one.html')]);
    expect(one.status, one.stderr).toBe(0);
    expect(one.stdout).toBe(`report: ${join(dir, 'one.html')}\n`);
    const several = run(['report', resultFile, resultFile]);
    expect(several.status, several.stderr).toBe(0);
    expect(several.stdout).toBe('report: report.html\n');
    const a = readFileSync(join(dir, 'one.html'), 'utf8');
    const b = readFileSync(join(dir, 'report.html'), 'utf8');
    expect(opRects(b)).toBe(2 * opRects(a));
    expect(b).toContain('2 studies side by side');
  });

  it("compare --html writes the comparison's page beside its JSON", () => {
    const r = run(['compare', SPEC, '--chips', 'h800-sxm,h20', '--budget', '3', '--out', dir, '--html']);
    expect(r.status, r.stderr).toBe(0);
    const html = readFileSync(reportPath(r.stdout), 'utf8');
    expect(reportPath(r.stdout)).toMatch(/compare-tiny-h800-sxm\+h20\.html$/);
    expect([...html.matchAll(/<g class="bar tuned">/g)]).toHaveLength(2);
  });

  it.each([
    [['report', 'missing.json'], /missing\.json: cannot read the result file/],
    [['report', 'SPEC'], /tiny\.json: kind = missing: a result file has kind one of study, compare, sweep/],
    [['report'], /missing required argument 'results'/],
  ])('bad input exits 2 naming the file: %j', (args, message) => {
    const r = run(args.map((a) => (a === 'SPEC' ? SPEC : a)));
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(message);
  });
});
