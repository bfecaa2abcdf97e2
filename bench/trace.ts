/**
 * Reading speed of `autotune trace`'s streaming reader: a synthetic trace (src/trace/synthetic.ts) of about 85 MB,
 * plain and gzip, read and summarised in this process. Prints MB/s of trace text, kernels/s and the heap in use after.
 * Run: `npx tsc -p tsconfig.json && node dist/bench/trace.js [--kernels 30000]`.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { readTrace } from '../src/trace/read.js';
import { summarizeTrace } from '../src/trace/summary.js';
import { writeSyntheticTrace } from '../src/trace/synthetic.js';

const OPS_PER_KERNEL = 6;
const { values } = parseArgs({ options: { kernels: { type: 'string', default: '30000' } } });
const kernels = Number(values.kernels);
const dir = mkdtempSync(join(tmpdir(), 'autotune-bench-trace-'));
try {
  const plain = join(dir, 'trace.json');
  const gz = join(dir, 'trace.json.gz');
  await writeSyntheticTrace(plain, { kernels, opsPerKernel: OPS_PER_KERNEL });
  await writeSyntheticTrace(gz, { kernels, opsPerKernel: OPS_PER_KERNEL, gzip: true });
  const textMB = statSync(plain).size / 1e6;
  console.log(
    `synthetic trace: ${kernels} kernels, ${kernels * (OPS_PER_KERNEL + 2)} events, ${textMB.toFixed(1)} MB of JSON (${(statSync(gz).size / 1e6).toFixed(1)} MB gzip)`,
  );
  for (const [label, path] of [
    ['plain', plain],
    ['gzip', gz],
  ] as const) {
    const t0 = performance.now();
    const summary = summarizeTrace(await readTrace(path));
    const seconds = (performance.now() - t0) / 1000;
    const heapMB = process.memoryUsage().heapUsed / 2 ** 20;
    console.log(
      `${label.padEnd(5)}  ${seconds.toFixed(2)} s  ${(textMB / seconds).toFixed(1)} MB/s  ${Math.round(summary.kernels.length / seconds)} kernels/s  heap after ${heapMB.toFixed(0)} MB`,
    );
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
