import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { applyColorPreference } from '../../src/cli/color.js';

const ESC = /\u001b\[/;

/** Renders the shipped compare result with Ink in a child process (chalk reads the environment when it loads). */
function renderCompare(env: Record<string, string>, args: string[] = []): string {
  const script = `
    const { applyColorPreference } = await import('./dist/src/cli/color.js');
    applyColorPreference(process.argv);
    const { readResultFile } = await import('./dist/src/report/result-file.js');
    const { renderCompare } = await import('./dist/src/ui/compare/render.js');
    process.stdout.write(renderCompare(readResultFile('results/compare-deepseek-v3-h800-h100-sxm+h800-sxm+h20.json').data, 120));`;
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script, '--', ...args], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '', ...env },
  });
  expect(run.status, run.stderr).toBe(0);
  return run.stdout;
}

describe('colours', () => {
  it('NO_COLOR (non-empty) or --no-color turns them off; the flag leaves the arguments', () => {
    const env: NodeJS.ProcessEnv = { NO_COLOR: '1' };
    expect(applyColorPreference(['node', 'autotune', 'show', 'x.json'], env)).toEqual([
      'node',
      'autotune',
      'show',
      'x.json',
    ]);
    expect(env.FORCE_COLOR).toBe('0');
    const flagged: NodeJS.ProcessEnv = {};
    expect(applyColorPreference(['node', 'autotune', 'compare', '--no-color', 's.json'], flagged)).toEqual([
      'node',
      'autotune',
      'compare',
      's.json',
    ]);
    expect(flagged.FORCE_COLOR).toBe('0');
    const neither: NodeJS.ProcessEnv = { NO_COLOR: '' };
    applyColorPreference(['node', 'autotune'], neither);
    expect(neither.FORCE_COLOR).toBeUndefined();
  });

  it('the Ink rendering of a report has colours when forced, none with NO_COLOR or --no-color', () => {
    expect(renderCompare({ FORCE_COLOR: '1' })).toMatch(ESC);
    const plain = renderCompare({ FORCE_COLOR: '1', NO_COLOR: '1' });
    expect(plain).not.toMatch(ESC);
    expect(plain).toContain('h800-sxm');
    expect(renderCompare({ FORCE_COLOR: '1' }, ['--no-color'])).not.toMatch(ESC);
  });

  it('the CLI accepts --no-color anywhere', () => {
    const run = spawnSync(
      process.execPath,
      ['bin/autotune.js', 'show', '--no-color', 'results/compare-deepseek-v3-h800-h100-sxm+h800-sxm+h20.json'],
      { encoding: 'utf8' },
    );
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain('Tuned (best of the search)');
  });
});
