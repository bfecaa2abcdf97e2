import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

// The CLI runs from dist/; `npm test` compiles before vitest runs.
function autotune(...args: string[]) {
  const run = spawnSync(process.execPath, ['bin/autotune.js', ...args], { encoding: 'utf8' });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('autotune profiles', () => {
  it('lists the chips with their key figures', () => {
    const { code, stdout } = autotune('profiles');
    expect(code).toBe(0);
    for (const id of ['h100-sxm', 'h800-sxm', 'h20', 'deepseek-v3', 'default', 'deepep-v1'])
      expect(stdout).toContain(id);
    const h800 = stdout.split('\n').find((line) => line.startsWith('h800-sxm'))!;
    expect(h800).toMatch(/132\s+989\s+1979\s+80\s+3\.35\s+200 \(160\)/);
  });

  it('prints the same as JSON, with export-control figures', () => {
    const { code, stdout } = autotune('profiles', '--json');
    expect(code).toBe(0);
    const out = JSON.parse(stdout);
    const h20 = out.chips.find((c: { id: string }) => c.id === 'h20');
    expect(h20.sms).toBe(78);
    expect(h20.exportControl.tpp).toBe(2368);
    expect(out.workloads.map((w: { id: string }) => w.id)).toContain('deepseek-v3');
  });

  it('answers --help for the program and the subcommand', () => {
    expect(autotune('--help').stdout).toContain('profiles');
    expect(autotune('profiles', '--help').stdout).toContain('--json');
  });

  it('exits 2 on an unknown option', () => {
    expect(autotune('profiles', '--bogus').code).toBe(2);
  });
});
