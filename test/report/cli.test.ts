/** `autotune compare` and `autotune sweep` end to end, from the compiled CLI (dist/, built by `npm test`'s tsc). */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tinySpec } from './helpers.js';

const ROOT = join(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'autotune.js');
const dir = mkdtempSync(join(tmpdir(), 'autotune-report-cli-'));
const SPEC = join(dir, 'tiny.json');

function run(args: string[]) {
  return spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, CI: '' } });
}

beforeAll(() => {
  const { name, workload, chip, gpus, objective, space, fixed, budget, optimizer, seed } = tinySpec();
  writeFileSync(SPEC, JSON.stringify({ name, workload, chip, gpus, objective, space, fixed, budget, optimizer, seed }));
  if (!existsSync(join(ROOT, 'dist', 'src', 'cli', 'commands', 'sweep.js'))) {
    spawnSync('npx', ['tsc', '-p', 'tsconfig.json'], { cwd: ROOT, stdio: 'ignore' });
  }
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('autotune compare and sweep', () => {
  it('compare --json prints the comparison for three chips and writes it to --out', () => {
    const r = run(['compare', SPEC, '--chips', 'h100-sxm,h800-sxm,h20', '--json', '--out', dir]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toBe(''); // --json: nothing but the JSON
    const result = JSON.parse(r.stdout);
    expect(result.chips.map((c: { chip: string }) => c.chip)).toEqual(['h100-sxm', 'h800-sxm', 'h20']);
    for (const c of result.chips) expect(c.adaptationGain).toBeGreaterThan(0);
    expect(JSON.parse(readFileSync(join(dir, 'compare-tiny-h100-sxm+h800-sxm+h20.json'), 'utf8'))).toEqual(result);
  });

  it('sweep without a terminal prints plain tables and where the optimum changes', () => {
    const r = run(['sweep', SPEC, '--vary', 'nvlink=100..900:3', '--budget', '4', '--out', dir]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Optimum at each point\nnvlink \(GB\/s\)/);
    expect(r.stdout).toContain('Where the optimum changes');
    expect(r.stdout).toContain(`result: ${join(dir, 'sweep-tiny-h800-sxm-nvlink-100-900-3.json')}`);
    expect(r.stderr).toMatch(/nvlink = 100: searching \(grid, 4 trials, seed 0\)/);
  });

  it.each([
    [
      ['sweep', 'SPEC', '--vary', 'warp=1..2'],
      /--vary = "warp=1..2": unknown field "warp"; allowed: the aliases nvlink/,
    ],
    [['sweep', 'SPEC', '--vary', 'nvlink=900..100'], /FROM must be below TO/],
    [['sweep', 'SPEC'], /required option '--vary/],
    [['compare', 'SPEC', '--chips', 'h100-sxm,h999'], /unknown chip "h999": known chips are .*h20/],
    [['compare', 'SPEC', '--budget', '0'], /--budget = "0": a whole number >= 1/],
    [['compare', 'SPEC', '--optimizer', 'anneal'], /--optimizer = "anneal": one of bo, evo/],
    [['compare', join(dir, 'missing.json')], /missing.json: cannot read the search spec/],
  ])('bad input exits 2 naming the flag and what is allowed: %j', (args, message) => {
    const r = run(args.map((a) => (a === 'SPEC' ? SPEC : a)));
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(message);
  });
});
