/**
 * `autotune evaluate --jsonl` end to end: one process (started by this script, its start-up included) reads N configs
 * piped on stdin and answers each; prints configs per second of wall time, median of several runs. Two streams:
 * `repeated` cycles the 192 configs of bench/model.ts (DualPipe, 1F1B, ZB-H1 at PP 16 over 64 comm-SM values: every
 * evaluation after the first pass is memoised), `distinct` sends every valid config of the shipped H800 space once
 * (13,952, shuffled: every evaluation is new). Default answer (compact) and --full.
 *
 *   npm run build && node dist/bench/evaluate-jsonl.js [--configs 100000] [--runs 3] [--root DIR]
 *
 * --root runs another build's bin/autotune.js (e.g. a checkout of the code before a change) on the same streams.
 */
import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createModel } from '../src/model/evaluate.js';
import { Catalog } from '../src/profiles/catalog.js';
import { buildSpace, loadSpec } from '../src/search/spec.js';

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1]! : fallback;
}

const here = fileURLToPath(new URL('../..', import.meta.url));
const root = resolve(option('--root', here));
const count = Number(option('--configs', '100000'));
const runs = Number(option('--runs', '3'));
const MODEL = ['--workload', 'deepseek-v3', '--chip', 'h800-sxm', '--gpus', '2048'];

function repeatedStream(n: number): string {
  const lines: string[] = [];
  for (const schedule of ['dualpipe', '1f1b', 'zb-h1']) {
    for (let sms = 2; sms <= 128; sms += 2)
      lines.push(JSON.stringify({ schedule, pp: 16, ep: 64, tp: 1, microBatchSize: 1, commSMs: sms, nodeLimit: 4 }));
  }
  return `${Array.from({ length: n }, (_, i) => lines[i % lines.length]).join('\n')}\n`;
}

function distinctStream(): { text: string; n: number } {
  const catalog = new Catalog();
  const evaluator = createModel({
    workload: catalog.get('workload', 'deepseek-v3'),
    chip: catalog.get('chip', 'h800-sxm'),
    cluster: catalog.get('cluster', 'default'),
    kernel: catalog.get('kernel', 'deepep-v1'),
    gpus: 2048,
  });
  const spec = loadSpec(join(here, 'searches/deepseek-v3-h800.json'));
  const space = buildSpace(spec, (params) => evaluator.check(params as never));
  const configs = space.validPoints()!.map((point) => JSON.stringify(space.decode(point)));
  let x = 17; // a fixed shuffle (LCG), so every run and every build gets the same order
  for (let i = configs.length - 1; i > 0; i--) {
    x = (x * 1103515245 + 12345) % 2147483648;
    const j = x % (i + 1);
    [configs[i], configs[j]] = [configs[j]!, configs[i]!];
  }
  return { text: `${configs.join('\n')}\n`, n: configs.length };
}

/** Wall seconds from spawning the process to its last answer, and the answers' bytes. */
function timeStream(
  input: string,
  expected: number,
  extra: readonly string[],
): Promise<{ seconds: number; bytes: number }> {
  return new Promise((done, fail) => {
    const start = performance.now();
    const child = spawn(process.execPath, [join(root, 'bin/autotune.js'), 'evaluate', ...MODEL, '--jsonl', ...extra], {
      stdio: ['pipe', 'pipe', 'ignore'],
    });
    let bytes = 0,
      newlines = 0;
    child.stdout.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      for (let i = chunk.indexOf(10); i >= 0; i = chunk.indexOf(10, i + 1)) newlines++;
    });
    child.on('error', fail);
    child.on('close', (code) => {
      if (code !== 0 || newlines !== expected)
        fail(new Error(`autotune exited ${code} after ${newlines} of ${expected} answers`));
      else done({ seconds: (performance.now() - start) / 1000, bytes });
    });
    child.stdin.on('error', () => {}); // a process that refuses its options closes stdin early: reported by 'close'
    child.stdin.end(input);
  });
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const streams = [
  { name: 'repeated', text: repeatedStream(count), n: count },
  { name: 'distinct', ...distinctStream() },
];
process.stdout.write(
  `autotune evaluate --jsonl (${root}), DeepSeek-V3 on 2048 H800s; median of ${runs} runs, process start-up included\n`,
);
for (const stream of streams) {
  for (const extra of [[], ['--full']] as const) {
    const results = [];
    try {
      for (let run = 0; run < runs; run++) results.push(await timeStream(stream.text, stream.n, extra));
    } catch (err) {
      process.stdout.write(
        `${stream.name} ${extra.join(' ')}: ${(err as Error).message} (a build without the option)\n`,
      );
      continue;
    }
    const seconds = median(results.map((r) => r.seconds));
    const answer = Math.round(results[0]!.bytes / stream.n);
    const label = `${stream.name} ${extra.length ? '--full' : 'compact'}`.padEnd(16);
    process.stdout.write(
      `${label} ${stream.n.toLocaleString('en-US').padStart(7)} configs  ${seconds.toFixed(2).padStart(6)} s  ${Math.round(
        stream.n / seconds,
      )
        .toLocaleString('en-US')
        .padStart(7)} configs/s  ${answer} B per answer\n`,
    );
  }
}
