import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { smallSpec } from './small-spec.js';

// The CLI runs from dist/; `npm test` compiles before vitest runs.
function autotune(args: string[], env: NodeJS.ProcessEnv = {}) {
  const run = spawnSync(process.execPath, ['bin/autotune.js', ...args], {
    encoding: 'utf8',
    env: { ...process.env, ...env },
  });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

const tempDir = () => mkdtempSync(join(tmpdir(), 'autotune-search-'));

/** The one file in `dir` named <name>-<chip>-<8 hex digits of the spec hash>-<optimizer>-seed<seed><ending>. */
function studyFile(dir: string, stem: RegExp, ending: string): string {
  const names = readdirSync(dir).filter(
    (f) => stem.test(f) && f.endsWith(ending) && /-[0-9a-f]{8}-/.test(f) && !/\d{4}-\d\d-\d\dT/.test(f),
  );
  expect(names).toHaveLength(1);
  return join(dir, names[0]!);
}

const withoutTimes = (result: Record<string, unknown>) => {
  const { provenance, ...rest } = result as { provenance: Record<string, unknown> };
  const { startedAt, finishedAt, elapsedS, ...kept } = provenance;
  return { ...rest, provenance: kept };
};

describe('autotune search', () => {
  it('prints the result JSON per the contract and writes it with its journal', () => {
    const dir = tempDir();
    const { code, stdout } = autotune(['search', smallSpec(dir), '--json', '--out', dir, '--threads', '0']);
    expect(code).toBe(0);
    const result = JSON.parse(stdout);
    expect(result.optimizer).toBe('evo');
    expect(result.seed).toBe(3);
    expect(result.budget).toBe(12);
    expect(result.trials).toHaveLength(12);
    for (const trial of result.trials) {
      expect(['zb-v', 'dualpipe']).toContain(trial.config.schedule); // real values, never indices
      expect(trial.config).toHaveProperty('commSMs');
    }
    const objectives = result.trials.map((t: { objective: number | null }) => t.objective ?? -Infinity);
    expect(result.best.objective).toBe(Math.max(...objectives));
    expect(result.best.metrics.tokensPerSecPerGpu).toBe(result.best.objective);
    expect(result.provenance.profileHashes['chip:h800-sxm']).toMatch(/^[0-9a-f]{64}$/);
    expect(
      JSON.parse(readFileSync(studyFile(dir, /^small-h800-sxm-[0-9a-f]{8}-evo-seed3\.json$/, '.json'), 'utf8')),
    ).toEqual(result);
    const journal = readFileSync(studyFile(dir, /^small-h800-sxm-[0-9a-f]{8}-evo-seed3\./, '.journal.jsonl'), 'utf8')
      .trim()
      .split('\n');
    expect(journal).toHaveLength(1 + 12); // header + one line per trial
  });

  it('gives the same result for the same spec and seed, threads or not', () => {
    const dir = tempDir();
    const spec = smallSpec(dir);
    const a = JSON.parse(autotune(['search', spec, '--json', '--out', join(dir, 'a'), '--threads', '0']).stdout);
    const b = JSON.parse(autotune(['search', spec, '--json', '--out', join(dir, 'b'), '--threads', '2']).stdout);
    expect(withoutTimes(b)).toEqual(withoutTimes(a));
  });

  it('prints plain lines without a TTY: progress on stderr, no escape codes, the summary on stdout', () => {
    const dir = tempDir();
    const { code, stdout, stderr } = autotune(['search', smallSpec(dir), '--out', dir, '--threads', '0'], {
      CI: 'true',
    });
    expect(code).toBe(0);
    expect(stderr).toMatch(/^study small: /m);
    expect(stderr).toMatch(/^trial \d+\/\d+ {2}best /m);
    expect(stdout).not.toMatch(/^study small: |^trial \d+\//m);
    expect(stdout + stderr).not.toMatch(/\u001b\[/);
    expect(stdout).toContain('tok/s');
    expect(stdout).toMatch(/results written to .*small-h800-sxm-[0-9a-f]{8}-evo-seed3\.json/);
    expect(stdout).toContain('journal: ');
  });

  it('exits 2 naming the field of a malformed spec', () => {
    const dir = tempDir();
    const { code, stderr } = autotune(['search', smallSpec(dir, { budget: -1 }), '--json', '--out', dir]);
    expect(code).toBe(2);
    expect(stderr).toContain('budget');
    expect(autotune(['search', smallSpec(dir), '--optimizer', 'sgd', '--out', dir]).code).toBe(2);
    expect(autotune(['search', join(dir, 'missing.json')]).code).toBe(2);
  });
  // kill -9 then --resume: test/cli/faults.test.ts.
});
