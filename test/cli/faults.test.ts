/**
 * The mistakes and accidents of real use, through the real CLI (compiled; `npm test` builds first): a rerun without
 * --resume, two studies at once, a smaller budget on resume, output that cannot be written, SIGTERM, kill -9, torn
 * and corrupted journal lines. Nothing finished may be lost, and every refusal is exit 2 with a message that says
 * what to do.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { smallSpec } from './small-spec.js';

const CLI = ['bin/autotune.js'];

// spawnSync kills a child whose output passes maxBuffer (1 MiB by default) with SIGTERM. A study's --json result
// holds ~15 KB per trial, and on a loaded machine the signalled study below runs 70+ trials before the signal.
function autotune(args: string[]) {
  const run = spawnSync(process.execPath, [...CLI, ...args], {
    encoding: 'utf8',
    maxBuffer: 256 * 2 ** 20,
    env: { ...process.env, CI: 'true' },
  });
  return { code: run.status, signal: run.signal, stdout: run.stdout, stderr: run.stderr };
}

const tempDir = () => mkdtempSync(join(tmpdir(), 'autotune-faults-'));

/** The study files in `dir` (backups, with a timestamp in the name, left out). */
function studyFiles(dir: string): { journal: string; result: string; lock: string } {
  const journals = readdirSync(dir).filter((f) => f.endsWith('.journal.jsonl') && !/\d{4}-\d\d-\d\dT/.test(f));
  expect(journals).toHaveLength(1);
  const stem = join(dir, journals[0]!.replace(/\.journal\.jsonl$/, ''));
  return { journal: `${stem}.journal.jsonl`, result: `${stem}.json`, lock: `${stem}.lock` };
}

/** Complete trial lines (a torn last line is not JSON and does not count). */
const trialLines = (journal: string): number =>
  existsSync(journal)
    ? readFileSync(journal, 'utf8')
        .split('\n')
        .filter((l) => {
          try {
            return (JSON.parse(l) as { type?: string }).type === 'trial';
          } catch {
            return false;
          }
        }).length
    : 0;

const withoutTimes = (result: Record<string, unknown>) => {
  const { provenance, ...rest } = result as { provenance: Record<string, unknown> };
  const { startedAt, finishedAt, elapsedS, ...kept } = provenance;
  return { ...rest, provenance: kept };
};

async function until(condition: () => boolean, child: ChildProcess, what: string): Promise<void> {
  while (!condition()) {
    if (child.exitCode !== null) throw new Error(`the study ended before ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

function exitOf(
  child: ChildProcess,
): Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk) => (stdout += chunk));
  child.stderr?.on('data', (chunk) => (stderr += chunk));
  return new Promise((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })));
}

describe('a rerun never loses the journal', () => {
  it('refuses to start over an existing journal, naming it and --resume / --fresh, and leaves it as it was', () => {
    const dir = tempDir();
    const spec = smallSpec(dir);
    expect(autotune(['search', spec, '--json', '--out', dir, '--threads', '0']).code).toBe(0);
    const files = studyFiles(dir);
    const before = readFileSync(files.journal, 'utf8');
    const again = autotune(['search', spec, '--json', '--out', dir, '--threads', '0']);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain(files.journal);
    expect(again.stderr).toContain('(12 trials)');
    expect(again.stderr).toContain('--resume');
    expect(again.stderr).toContain('--fresh');
    expect(readFileSync(files.journal, 'utf8')).toBe(before);
  });

  it('--fresh starts over and keeps the old journal and result as timestamped backups', () => {
    const dir = tempDir();
    const spec = smallSpec(dir);
    autotune(['search', spec, '--json', '--out', dir, '--threads', '0']);
    const files = studyFiles(dir);
    const [journal, result] = [readFileSync(files.journal, 'utf8'), readFileSync(files.result, 'utf8')];
    const fresh = autotune(['search', spec, '--json', '--out', dir, '--threads', '0', '--fresh']);
    expect(fresh.code).toBe(0);
    const backups = readdirSync(dir).filter((f) => /\.\d{4}-\d\d-\d\dT[\d-]+Z\.(journal\.jsonl|json)$/.test(f));
    expect(backups).toHaveLength(2);
    const backupJournal = backups.find((f) => f.endsWith('.journal.jsonl'))!;
    expect(readFileSync(join(dir, backupJournal), 'utf8')).toBe(journal);
    expect(readFileSync(join(dir, backups.find((f) => !f.endsWith('.jsonl'))!), 'utf8')).toBe(result);
    expect(fresh.stderr).toContain(backupJournal);
    expect(trialLines(files.journal)).toBe(12);
    expect(autotune(['search', spec, '--out', dir, '--resume', '--fresh']).code).toBe(2);
  });

  it('gives studies of one name on another chip their own files', () => {
    const dir = tempDir();
    expect(autotune(['search', smallSpec(dir), '--json', '--out', dir, '--threads', '0']).code).toBe(0);
    expect(
      autotune(['search', smallSpec(dir, { chip: 'h100-sxm' }), '--json', '--out', dir, '--threads', '0']).code,
    ).toBe(0);
    const names = readdirSync(dir)
      .filter((f) => f.endsWith('.journal.jsonl'))
      .sort();
    expect(names).toHaveLength(2);
    expect(names[0]).toMatch(/^small-h100-sxm-[0-9a-f]{8}-evo-seed3\.journal\.jsonl$/);
    expect(names[1]).toMatch(/^small-h800-sxm-[0-9a-f]{8}-evo-seed3\.journal\.jsonl$/);
  });

  it('--resume with a smaller budget keeps every recorded trial and says so', () => {
    const dir = tempDir();
    const spec = smallSpec(dir);
    const full = JSON.parse(autotune(['search', spec, '--json', '--out', dir, '--threads', '0']).stdout);
    const resumed = autotune(['search', spec, '--json', '--out', dir, '--threads', '0', '--resume', '--budget', '5']);
    expect(resumed.code).toBe(0);
    expect(resumed.stderr).toMatch(/holds 12 trials, more than the budget of 5: keeping all 12/);
    const result = JSON.parse(resumed.stdout);
    expect(result.trials).toHaveLength(12);
    expect(result.budget).toBe(12);
    expect(result.trials).toEqual(full.trials);
    expect(JSON.parse(readFileSync(studyFiles(dir).result, 'utf8')).trials).toHaveLength(12);
    expect(trialLines(studyFiles(dir).journal)).toBe(12);
  });
});

describe('two studies at once, SIGTERM and kill -9', () => {
  it("refuses a second concurrent study naming the first one's pid; SIGTERM stops the first within a batch, exit 3, and --resume finishes it", async () => {
    const dir = tempDir();
    const spec = smallSpec(dir, {
      name: 'busy',
      optimizer: 'bo',
      budget: 200,
      space: {
        commSMs: { type: 'int', min: 2, max: 64, step: 2 },
        schedule: { type: 'choice', values: ['zb-v', 'dualpipe', '1f1b'] },
        ep: { type: 'choice', values: [16, 32, 64] },
        microBatchSize: { type: 'choice', values: [1, 2] },
      },
      fixed: { pp: 16, tp: 1, nodeLimit: 4 },
    });
    // Two worker threads: the stop must also reach a pool (no job of the batch starts after it).
    const first = spawn(process.execPath, [...CLI, 'search', spec, '--json', '--out', dir, '--threads', '2'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const firstExit = exitOf(first);
    const journal = () =>
      readdirSync(dir)
        .filter((f) => f.endsWith('.journal.jsonl'))
        .map((f) => join(dir, f))[0] ?? '';
    await until(() => trialLines(journal()) >= 4, first, 'the second study started');

    const second = autotune(['search', spec, '--json', '--out', dir, '--threads', '0', '--fresh']);
    expect(second.code).toBe(2);
    expect(second.stderr).toContain(`already running as process ${first.pid}`);
    expect(second.stderr).toContain('.lock');
    expect(readdirSync(dir).filter((f) => /T[\d-]+Z\./.test(f))).toEqual([]); // --fresh moved nothing aside

    const atSignal = trialLines(journal());
    first.kill('SIGTERM');
    const stopped = await firstExit;
    expect(stopped.code).toBe(3);
    expect(stopped.stderr).toMatch(/stopped: after \d+ of 200 trials/);
    const result = JSON.parse(stopped.stdout);
    expect(result.endReason).toBe('stopped');
    // Stops after the evaluations running (2 threads) and the batches (4 each) that finished before the signal was
    // handled: one, or two when the event loop was busy with an ask on a loaded machine (not the old 28 more trials).
    expect(result.trials.length - atSignal).toBeLessThanOrEqual(10);
    expect(result.trials.length).toBeLessThan(200);
    expect(trialLines(journal())).toBe(result.trials.length);
    expect(existsSync(studyFiles(dir).lock)).toBe(false);

    // The resume replays what was journaled (identical trials first) and goes on; kill -9 below checks the whole result.
    const budget = String(result.trials.length + 2);
    const resumed = autotune([
      'search',
      spec,
      '--json',
      '--out',
      dir,
      '--threads',
      '0',
      '--resume',
      '--budget',
      budget,
    ]);
    expect({ code: resumed.code, signal: resumed.signal }).toEqual({ code: 0, signal: null });
    const continued = JSON.parse(resumed.stdout);
    expect(continued.trials).toHaveLength(result.trials.length + 2);
    expect(continued.trials.slice(0, result.trials.length)).toEqual(result.trials);
  });

  it('takes over the lock of a process that no longer runs, with a note', () => {
    const dir = tempDir();
    const spec = smallSpec(dir);
    autotune(['search', spec, '--json', '--out', dir, '--threads', '0', '--budget', '4']);
    const files = studyFiles(dir);
    const gone = spawnSync(process.execPath, ['-e', '']).pid!; // exited: its pid names no running process
    writeFileSync(files.lock, JSON.stringify({ pid: gone, host: hostname(), startedAt: '2026-01-01T00:00:00Z' }));
    const resumed = autotune(['search', spec, '--json', '--out', dir, '--threads', '0', '--resume']);
    expect(resumed.code).toBe(0);
    expect(resumed.stderr).toContain(`taking over the lock of process ${gone}, which no longer runs`);
    expect(JSON.parse(resumed.stdout).trials).toHaveLength(12);
    expect(existsSync(files.lock)).toBe(false);
  });

  it('after kill -9, --resume takes over the lock and ends where an uninterrupted run ends', async () => {
    const dir = tempDir();
    const spec = smallSpec(dir, { name: 'killed', optimizer: 'bo', budget: 40 });
    const child = spawn(process.execPath, [...CLI, 'search', spec, '--json', '--out', dir, '--threads', '0'], {
      stdio: 'ignore',
    });
    const exited = exitOf(child);
    const journal = () =>
      readdirSync(dir)
        .filter((f) => f.endsWith('.journal.jsonl'))
        .map((f) => join(dir, f))[0] ?? '';
    await until(() => trialLines(journal()) >= 6, child, 'it was killed');
    child.kill('SIGKILL');
    expect((await exited).signal).toBe('SIGKILL');
    const files = studyFiles(dir);
    expect(existsSync(files.lock)).toBe(true); // kill -9 leaves it: nothing runs to remove it
    const resumed = autotune(['search', spec, '--json', '--out', dir, '--threads', '0', '--resume']);
    expect(resumed.code).toBe(0);
    expect(resumed.stderr).toContain(`taking over the lock of process ${child.pid}`);
    const whole = autotune(['search', spec, '--json', '--out', join(dir, 'whole'), '--threads', '0']);
    expect(withoutTimes(JSON.parse(resumed.stdout))).toEqual(withoutTimes(JSON.parse(whole.stdout)));
  });
});

describe('torn and corrupted journals', () => {
  it('resumes past a torn last line, and refuses a corrupted middle line naming it and the way on', () => {
    const dir = tempDir();
    const spec = smallSpec(dir);
    const whole = JSON.parse(
      autotune(['search', spec, '--json', '--out', join(dir, 'whole'), '--threads', '0']).stdout,
    );
    autotune(['search', spec, '--json', '--out', dir, '--threads', '0', '--budget', '6']);
    const { journal } = studyFiles(dir);
    appendFileSync(journal, '{"type":"trial","trial":{"numb'); // a write cut short
    const resumed = autotune(['search', spec, '--json', '--out', dir, '--threads', '0', '--resume']);
    expect(resumed.code).toBe(0);
    expect(withoutTimes(JSON.parse(resumed.stdout))).toEqual(withoutTimes(whole));

    const lines = readFileSync(journal, 'utf8').split('\n');
    lines[3] = lines[3]!.slice(0, 30); // a damaged line with whole lines after it: not a torn tail
    writeFileSync(journal, lines.join('\n'));
    const damaged = autotune(['search', spec, '--json', '--out', dir, '--threads', '0', '--resume', '--budget', '20']);
    expect(damaged.code).toBe(2);
    expect(damaged.stderr).toContain(`${journal}: line 4 is not JSON`);
    expect(damaged.stderr).toContain('--fresh');
  });

  it('--resume without a journal says to run without it', () => {
    const dir = tempDir();
    const run = autotune(['search', smallSpec(dir), '--json', '--out', dir, '--resume']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/no journal of this study to resume; run without --resume/);
  });
});

describe('output that cannot be written: exit 2 naming the path, before the work', () => {
  it('--out naming a file, a folder under a file, a name too long, a result path that is a folder', () => {
    const dir = tempDir();
    const spec = smallSpec(dir);
    const file = join(dir, 'plain-file');
    writeFileSync(file, 'x');
    const onFile = autotune(['search', spec, '--json', '--out', file]);
    expect(onFile.code).toBe(2);
    expect(onFile.stderr).toContain(`${file}: cannot create the output folder (--out) (EEXIST)`);
    const underFile = autotune(['search', spec, '--json', '--out', join(file, 'sub')]);
    expect(underFile.code).toBe(2);
    expect(underFile.stderr).toContain('(ENOTDIR)');
    const long = autotune(['search', spec, '--json', '--out', join(dir, 'x'.repeat(300))]);
    expect(long.code).toBe(2);
    expect(long.stderr).toContain('(ENAMETOOLONG)');
    expect(long.stderr).toContain('shorter');

    // The result's own path taken by a folder: refused up front, not after the whole study.
    const out = join(dir, 'out');
    autotune(['search', spec, '--json', '--out', out, '--threads', '0', '--budget', '2']);
    const { result, journal } = studyFiles(out);
    spawnSync('rm', ['-f', result, journal]);
    mkdirSync(result);
    const blocked = autotune(['search', spec, '--json', '--out', out, '--threads', '0']);
    expect(blocked.code).toBe(2);
    expect(blocked.stderr).toContain(`${result}: cannot write the study file (EISDIR)`);
    expect(existsSync(journal)).toBe(false);
  });

  it.skipIf(process.getuid?.() === 0)(
    'an output folder without write permission (as root every folder is writable)',
    () => {
      const dir = tempDir();
      const locked = join(dir, 'locked');
      mkdirSync(locked, { mode: 0o555 });
      const run = autotune(['search', smallSpec(dir), '--json', '--out', locked]);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(`${locked}: cannot write into the output folder (--out) (EACCES)`);
    },
  );

  it('calibrate --out into a missing folder is refused before the fit', () => {
    const dir = tempDir();
    const target = join(dir, 'missing', 'my-h800.json');
    const run = autotune([
      'calibrate',
      'models/measurements/deepgemm-h800-2025-04.json',
      '--chip',
      'h800-sxm',
      '--out',
      target,
    ]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      `${target}: cannot write --out there: its folder ${join(dir, 'missing')} does not exist`,
    );
    expect(run.stdout).toBe(''); // no fit was reported: it never ran
  });
});

describe('nothing feasible', () => {
  const impossible = {
    fixed: { pp: 16, tp: 1, microBatchSize: 64, nodeLimit: 4 },
    space: {
      commSMs: { type: 'int', min: 8, max: 16, step: 4 },
      ep: { type: 'choice', values: [32, 64] },
      schedule: { type: 'choice', values: ['dualpipe'] },
    },
  };

  it('exits 2 from search, with the report on stdout and the reason on stderr', () => {
    const dir = tempDir();
    const run = autotune(['search', smallSpec(dir, impossible), '--json', '--out', dir, '--threads', '0']);
    expect(run.code).toBe(2);
    expect(JSON.parse(run.stdout).best).toBeNull();
    expect(run.stderr).toMatch(/^error: no feasible config: /);
  });

  it('exits 2 from compare (bin/autotune.js keeps the code)', () => {
    const dir = tempDir();
    const run = autotune([
      'compare',
      smallSpec(dir, impossible),
      '--chips',
      'h800-sxm',
      '--budget',
      '2',
      '--out',
      dir,
      '--json',
    ]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('no chip has a feasible config');
  });

  it('never lets a compare where nothing is feasible replace an earlier one of the same name', () => {
    const dir = tempDir();
    const good = autotune(['compare', smallSpec(dir), '--chips', 'h800-sxm', '--budget', '2', '--out', dir, '--json']);
    expect(good.code).toBe(0);
    const [report] = readdirSync(dir).filter((f) => f.startsWith('compare-'));
    const before = readFileSync(join(dir, report!), 'utf8');
    const empty = autotune([
      'compare',
      smallSpec(dir, impossible),
      '--chips',
      'h800-sxm',
      '--budget',
      '2',
      '--out',
      dir,
      '--json',
    ]);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain(`the earlier report ${join(dir, report!)}, which has feasible configs, was kept`);
    expect(readFileSync(join(dir, report!), 'utf8')).toBe(before);
  });
});

describe('the copy-engine kernel', () => {
  it('is searchable with commSMs 0', () => {
    const dir = tempDir();
    const spec = smallSpec(dir, {
      kernel: 'copy-engine',
      space: { schedule: { type: 'choice', values: ['zb-v', 'dualpipe'] }, ep: { type: 'choice', values: [32, 64] } },
      fixed: { pp: 16, tp: 1, microBatchSize: 1, nodeLimit: 4, commSMs: 0 },
      budget: 4,
      optimizer: 'grid',
    });
    const run = autotune(['search', spec, '--json', '--out', dir, '--threads', '0']);
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout);
    expect(result.best.config.commSMs).toBe(0);
    expect(result.best.objective).toBeGreaterThan(0);
  });

  it("a spec range above the chip's SMs is refused, naming the field and the SM count", () => {
    const dir = tempDir();
    const run = autotune([
      'search',
      smallSpec(dir, {
        space: {
          commSMs: { type: 'int', min: 8, max: 200, step: 2 },
          schedule: { type: 'choice', values: ['dualpipe'] },
          ep: { type: 'choice', values: [64] },
        },
      }),
      '--out',
      dir,
    ]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("space.commSMs.max = 200: below the h800-sxm's 132 SMs (at most 131");
  });
});
