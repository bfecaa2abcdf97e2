/** `autotune evaluate` end to end, from the compiled CLI (dist/, built by `npm test`'s tsc). */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'autotune.js');
const DEEPSEEK = '{"schedule":"dualpipe","pp":16,"ep":64,"tp":1,"microBatchSize":1,"commSMs":20,"nodeLimit":4}';

function run(args: string[], input?: string) {
  return spawnSync(process.execPath, [BIN, 'evaluate', ...args], { cwd: ROOT, encoding: 'utf8', input });
}

beforeAll(() => {
  if (!existsSync(join(ROOT, 'dist', 'src', 'cli', 'commands', 'evaluate.js'))) {
    spawnSync('npx', ['tsc', '-p', 'tsconfig.json'], { cwd: ROOT, stdio: 'ignore' });
  }
}, 120_000);

describe('autotune evaluate', () => {
  it.each(['dualpipe', '1f1b', 'zb-h1'])('--json prints every contract field (%s, h800-sxm)', (schedule) => {
    const r = run([
      '--workload',
      'deepseek-v3',
      '--chip',
      'h800-sxm',
      '--gpus',
      '2048',
      '--config',
      DEEPSEEK.replace('dualpipe', schedule),
      '--json',
    ]);
    expect(r.status, r.stderr).toBe(0);
    const m = JSON.parse(r.stdout);
    for (const key of [
      'feasible',
      'stepTimeS',
      'tokensPerSecPerGpu',
      'mfu',
      'bubbleFraction',
      'memoryGiB',
      'breakdown',
      'bottleneck',
    ])
      expect(m).toHaveProperty(key);
    for (const key of [
      'forwardS',
      'backwardInputS',
      'backwardWeightS',
      'overlappedS',
      'bubbleS',
      'optimizerS',
      'exposedCommS',
    ])
      expect(typeof m.breakdown[key]).toBe('number');
    expect(m.feasible).toBe(true);
  });

  it.each(['h100-sxm', 'h20'])('--json on %s', (chip) => {
    const r = run(['--workload', 'deepseek-v3', '--chip', chip, '--config', DEEPSEEK, '--json']);
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).tokensPerSecPerGpu).toBeGreaterThan(0);
  });

  it('without --json: a report with the breakdown table, memory against capacity and per-item times', () => {
    const r = run(['--workload', 'deepseek-v3', '--chip', 'h800-sxm', '--config', DEEPSEEK]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/tokens\/s per GPU/);
    expect(r.stdout).toMatch(/component\s+seconds\s+share/);
    expect(r.stdout).toMatch(/capacity \(HBM less 4 GiB reserve\)\s+76\.0/);
    expect(r.stdout).toMatch(/item\s+attn F/);
    expect(r.stdout).toMatch(/bottleneck: /);
  });

  it('invalid configs exit 2 with what is allowed', () => {
    const cases: [string, RegExp][] = [
      [
        DEEPSEEK.replace('"commSMs":20', '"commSMs":132'),
        /commSMs = 132: kernel deepep-v1 needs a multiple of 2 SMs from 2 to 131/,
      ],
      [DEEPSEEK.replace('"ep":64', '"ep":48'), /ep = 48: .*allowed/],
      [DEEPSEEK.replace('dualpipe', 'zb-x'), /schedule = "zb-x": one of/],
      [DEEPSEEK.replace('"pp":16', '"pp":3'), /pp = 3/],
      ['{"schedule":"1f1b"}', /config\.pp: missing/],
      ['not json', /not valid JSON/],
    ];
    for (const [config, message] of cases) {
      const r = run(['--workload', 'deepseek-v3', '--chip', 'h800-sxm', '--config', config, '--json']);
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(message);
    }
  });

  it('an unknown chip exits 2 naming the known chips', () => {
    const r = run(['--workload', 'deepseek-v3', '--chip', 'h900', '--config', DEEPSEEK]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/unknown chip "h900": known chips are .*h800-sxm/);
  });

  it('an infeasible config returns feasible: false with its reason (exit 0)', () => {
    const r = run([
      '--workload',
      'deepseek-v3',
      '--chip',
      'h800-sxm',
      '--config',
      '{"schedule":"1f1b","pp":2,"ep":64,"tp":1,"microBatchSize":1,"commSMs":20,"recompute":"none"}',
      '--json',
    ]);
    expect(r.status).toBe(0);
    const m = JSON.parse(r.stdout);
    expect(m.feasible).toBe(false);
    expect(m.infeasibleReason).toMatch(/does not fit in 76 GiB/);
  });

  it('--jsonl answers line by line, in order; a bad line gets {"error"} and the stream goes on', () => {
    const input = `${[
      DEEPSEEK,
      'oops',
      DEEPSEEK.replace('"ep":64', '"ep":48'),
      '',
      DEEPSEEK.replace('"commSMs":20', '"commSMs":24'),
    ].join('\n')}\n`;
    const r = run(['--workload', 'deepseek-v3', '--chip', 'h800-sxm', '--jsonl'], input);
    expect(r.status, r.stderr).toBe(0);
    const lines = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.length).toBe(5);
    expect(lines[0].tokensPerSecPerGpu).toBeGreaterThan(0);
    expect(lines[1].error).toMatch(/line 2: not valid JSON/);
    expect(lines[2].error).toMatch(/ep = 48/);
    expect(lines[3].error).toMatch(/line 4: empty/);
    expect(lines[4].tokensPerSecPerGpu).toBeLessThan(lines[0].tokensPerSecPerGpu); // 24 comm SMs: past DeepSeek's optimum
  });

  it('--jsonl answers compactly: the --json answer without details (every field DESIGN.md names); --full adds them', () => {
    const args = ['--workload', 'deepseek-v3', '--chip', 'h800-sxm'];
    const infeasible = '{"schedule":"1f1b","pp":2,"ep":64,"tp":1,"microBatchSize":1,"commSMs":20,"recompute":"none"}';
    for (const config of [DEEPSEEK, infeasible]) {
      const whole = JSON.parse(run([...args, '--config', config, '--json']).stdout);
      const compact = JSON.parse(run([...args, '--jsonl'], `${config}\n`).stdout);
      const full = JSON.parse(run([...args, '--jsonl', '--full'], `${config}\n`).stdout);
      const { details, ...rest } = whole;
      expect(compact).toEqual(rest);
      expect(full).toEqual(whole);
      expect(details.commSMs).toBe(20);
      for (const field of [
        'feasible',
        'stepTimeS',
        'tokensPerSecPerGpu',
        'mfu',
        'bubbleFraction',
        'memoryGiB',
        'breakdown',
        'bottleneck',
      ])
        expect(compact).toHaveProperty(field);
      for (const field of [
        'forwardS',
        'backwardInputS',
        'backwardWeightS',
        'overlappedS',
        'bubbleS',
        'optimizerS',
        'exposedCommS',
      ])
        expect(compact.breakdown).toHaveProperty(field);
      expect('infeasibleReason' in compact).toBe(!compact.feasible);
    }
  });

  it('--jsonl answers each line before the next arrives (a driver waits for each answer)', async () => {
    const child = spawn(
      process.execPath,
      [BIN, 'evaluate', '--workload', 'deepseek-v3', '--chip', 'h800-sxm', '--jsonl', '--full'],
      { cwd: ROOT },
    );
    const answers = createInterface({ input: child.stdout });
    const iterator = answers[Symbol.asyncIterator]();
    for (const sms of [16, 20, 24]) {
      child.stdin.write(`${DEEPSEEK.replace('"commSMs":20', `"commSMs":${sms}`)}\n`);
      const { value } = await iterator.next();
      expect(JSON.parse(value as string).details.commSMs).toBe(sms);
    }
    child.stdin.end();
    await new Promise((resolve) => child.on('close', resolve));
  }, 30_000);
});
