/**
 * A whole study in this process, as `autotune search` runs it: its wall time, and the longest the event loop was
 * blocked (what a live UI's keys wait at worst), from perf_hooks' event-loop delay histogram plus a 10 ms ticker.
 * `--impl DIR` runs another build's study runner (e.g. the code before a change), so before and after can alternate.
 * Usage (after `npm run build`):
 *   node dist/bench/study-blocks.js [--spec searches/deepseek-v3-h800.json] [--budget 1000] [--optimizer bo]
 *                                   [--threads 0] [--impl other/dist]
 */
import { resolve } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type { loadSpec as LoadSpec } from '../src/search/spec.js';
import type { runStudy as RunStudy } from '../src/search/study.js';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      spec: { type: 'string', default: 'searches/deepseek-v3-h800.json' },
      budget: { type: 'string', default: '1000' },
      optimizer: { type: 'string', default: 'bo' },
      threads: { type: 'string' },
      impl: { type: 'string' },
    },
  });
  const root = values.impl ? pathToFileURL(`${resolve(values.impl)}/`).href : new URL('../', import.meta.url).href;
  const { runStudy } = (await import(new URL('src/search/study.js', root).href)) as { runStudy: typeof RunStudy };
  const { loadSpec } = (await import(new URL('src/search/spec.js', root).href)) as { loadSpec: typeof LoadSpec };
  const spec = loadSpec(values.spec!);
  const histogram = monitorEventLoopDelay({ resolution: 5 });
  let longestGapMs = 0;
  let longestAfter = 'start';
  const over100: string[] = [];
  let lastEvent = 'start';
  let last = performance.now();
  const ticker = setInterval(() => {
    const now = performance.now();
    if (now - last - 10 > 100) over100.push(`${(now - last - 10).toFixed(0)} ms after ${lastEvent}`);
    if (now - last - 10 > longestGapMs) {
      longestGapMs = now - last - 10;
      longestAfter = lastEvent;
    }
    last = now;
  }, 10);
  histogram.enable();
  const start = performance.now();
  let firstTrialS: number | null = null;
  const result = await runStudy({
    spec,
    budget: Number(values.budget),
    optimizer: values.optimizer as never,
    ...(values.threads !== undefined ? { threads: Number(values.threads) } : {}),
    onEvent: (event) => {
      lastEvent = event.type === 'trial-complete' ? `trial ${event.trial}` : event.type;
      if (event.type === 'trial-complete' && firstTrialS === null) firstTrialS = (performance.now() - start) / 1000;
    },
  });
  const wallS = (performance.now() - start) / 1000;
  histogram.disable();
  clearInterval(ticker);
  const ms = (ns: number): string => (ns / 1e6).toFixed(0);
  console.log(
    `${spec.name} ${values.optimizer} budget ${values.budget} threads ${values.threads ?? 'default'} impl ${values.impl ?? 'this build'}: ` +
      `${result.trials.length} trials in ${wallS.toFixed(2)} s (first trial at ${(firstTrialS ?? 0).toFixed(2)} s), best ${result.best?.objective?.toFixed(1) ?? 'none'}; ` +
      `event loop blocked at most ${longestGapMs.toFixed(0)} ms, after ${longestAfter} (delay histogram max ${ms(histogram.max)} ms, p99 ${ms(histogram.percentile(99))} ms); blocks over 100 ms: ${over100.length === 0 ? 'none' : over100.join(', ')}`,
  );
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
