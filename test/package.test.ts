/**
 * The published package works on its own: `npm pack` (of the dist/ that `npm test` just compiled), installed into an
 * empty folder, starts the CLI and answers an evaluate exactly as the repository does, and imports as a library.
 * Dependencies come from npm's cache where it has them (offline), else from the registry.
 */
import { type SpawnSyncReturns, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PACKAGE_VERSION } from '../src/paths.js';

const CONFIG = '{"schedule":"dualpipe","pp":16,"ep":64,"tp":1,"microBatchSize":1,"commSMs":20,"nodeLimit":4}';
const EVALUATE = ['evaluate', '--workload', 'deepseek-v3', '--chip', 'h800-sxm', '--config', CONFIG, '--json'];

function sh(command: string, args: string[], cwd: string): SpawnSyncReturns<string> {
  return spawnSync(command, args, { cwd, encoding: 'utf8', env: { ...process.env, npm_config_loglevel: 'error' } });
}

describe('the packed tarball', () => {
  it('installs into an empty folder, runs autotune --version and evaluate, and imports', { timeout: 120_000 }, () => {
    const dir = mkdtempSync(join(tmpdir(), 'autotune-pack-'));
    const pack = sh('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], process.cwd());
    expect(pack.status, pack.stderr).toBe(0);
    const [info] = JSON.parse(pack.stdout) as { filename: string; files: { path: string }[] }[];
    const files = info!.files.map((f) => f.path);
    expect(files).toContain('dist/src/cli/main.js');
    expect(files).toContain('dist/src/index.d.ts');
    expect(files).toContain('models/frameworks/megatron.json');
    expect(files).toContain('schemas/study-result.schema.json');
    expect(files.filter((f) => f.startsWith('dist/bench/') || f.startsWith('test/') || f.startsWith('src/'))).toEqual(
      [],
    );

    const app = join(dir, 'app');
    sh('mkdir', [app], dir);
    writeFileSync(join(app, 'package.json'), '{"name":"app","private":true,"type":"module"}\n');
    const tarball = join(dir, info!.filename);
    let install = sh('npm', ['install', '--offline', '--no-audit', '--no-fund', tarball], app);
    if (install.status !== 0)
      install = sh('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', tarball], app);
    expect(install.status, install.stderr).toBe(0);

    const version = sh('npx', ['--no-install', 'autotune', '--version'], app);
    expect(version.status, version.stderr).toBe(0);
    expect(version.stdout.trim()).toBe(PACKAGE_VERSION);
    const installed = sh('npx', ['--no-install', 'autotune', ...EVALUATE], app);
    expect(installed.status, installed.stderr).toBe(0);
    const here = sh(process.execPath, ['bin/autotune.js', ...EVALUATE], process.cwd());
    expect(JSON.parse(installed.stdout)).toEqual(JSON.parse(here.stdout));

    const library = sh(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        "import * as a from 'autotune'; console.log(typeof a.createEvaluator, a.FRAMEWORKS.join(','))",
      ],
      app,
    );
    expect(library.status, library.stderr).toBe(0);
    expect(library.stdout.trim()).toBe('function megatron,torchtitan,deepep,nemo');
  });
});
