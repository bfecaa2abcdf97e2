/**
 * What the terminal UI costs a study. A synthetic study loop does `--eval-us` of CPU work per trial (100 µs: the cost
 * model's ~10,000 evaluations/s), emits trial-complete, and yields to the event loop every `--batch` trials as the
 * study runner does. It runs bare, with the reducer and throttled feed, with the plain-line logger, and with the Ink
 * app drawing to a fake 120x40 terminal; then the same with no model work (the raw cost per event). Timed in process
 * CPU time, consumers interleaved within each repeat, so other processes on a shared machine disturb every consumer
 * alike. Medians over `--repeats`. React runs its production build (as the CLI should: NODE_ENV=production) unless
 * NODE_ENV says otherwise.
 * Usage (after `npm run build`): node dist/bench/ui.js [--trials 50000] [--eval-us 100] [--batch 4] [--repeats 3]
 */
import { PassThrough, Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import type { StudyEvent } from '../src/search/events.js';
import { syntheticStudy } from './ui-events.js';

process.env.NODE_ENV ??= 'production';
// Imported after NODE_ENV is set: React picks its build when first loaded.
const { createLineLogger, createStudyFeed, runStudyUi } = await import('../src/ui/index.js');

type Listener = (event: StudyEvent) => void;
/** Attaches to a study: its listener, and when it has let go of the study (after study-end; the Ink app's last frame). */
type Consumer = () => { listener: Listener; finished: Promise<unknown> };

const { values: args } = parseArgs({
  options: {
    trials: { type: 'string', default: '50000' },
    'eval-us': { type: 'string', default: '100' },
    batch: { type: 'string', default: '4' },
    repeats: { type: 'string', default: '3' },
  },
});
const trials = Number(args.trials);
const evalUs = Number(args['eval-us']);
const batch = Number(args.batch);
const repeats = Number(args.repeats);

/** What the last Ink run's renderer reported: redraws and the CPU ms they took. */
const inkRun = { redraws: 0, drawCpuMs: 0 };

function fakeTerminal(columns: number, rows: number): { stdout: NodeJS.WriteStream; stdin: NodeJS.ReadStream } {
  const stdout = Object.assign(new Writable({ write: (_chunk, _enc, done) => done() }), { columns, rows, isTTY: true });
  const stdin = Object.assign(new PassThrough(), {
    isTTY: true,
    setRawMode: () => stdin,
    ref: () => stdin,
    unref: () => stdin,
  });
  return { stdout: stdout as unknown as NodeJS.WriteStream, stdin: stdin as unknown as NodeJS.ReadStream };
}

/** Arithmetic that stands in for one model evaluation; returns a value so it cannot be optimised away. */
function work(iterations: number): number {
  let x = 1;
  for (let i = 0; i < iterations; i++) x = Math.sqrt(x + i) * 1.0000001;
  return x;
}

/** Iterations of `work` per µs of CPU, the best of several tries (contention only ever slows a try down). */
function calibrate(): number {
  const iterations = 200_000;
  let best = Infinity;
  for (let k = 0; k < 7; k++) {
    const start = process.cpuUsage();
    work(iterations);
    const used = process.cpuUsage(start);
    best = Math.min(best, used.user + used.system);
  }
  return iterations / best;
}

const cpuMs = (since: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
};

let sink = 0;

/** Replays `events` to `listener`, spending `workIterations` per trial and yielding every `batch` trials. */
async function replay(events: readonly StudyEvent[], workIterations: number, listener: Listener | null): Promise<void> {
  let sinceYield = 0;
  for (const event of events) {
    if (event.type === 'trial-complete' && workIterations > 0) sink += work(workIterations); // the model's evaluation
    listener?.(event);
    if (event.type === 'trial-complete' && ++sinceYield >= batch) {
      sinceYield = 0;
      await new Promise((resolve) => setImmediate(resolve)); // the runner awaits its evaluator pool per batch
    }
  }
}

const INK = 'ink app 120x40';
const consumers: Readonly<Record<string, Consumer | null>> = {
  none: null,
  'reducer + feed': () => {
    const feed = createStudyFeed();
    return { listener: feed.push, finished: feed.finished.then(() => feed.dispose()) };
  },
  'line logger': () => ({
    listener: createLineLogger({ write: () => {}, progressEveryS: 5 }),
    finished: Promise.resolve(),
  }),
  [INK]: () => {
    const terminal = fakeTerminal(120, 40);
    const controls = { stop: () => {}, pause: () => {}, resume: () => {} };
    const ui = runStudyUi({ controls, stdout: terminal.stdout, stdin: terminal.stdin });
    const finished = ui.done.then(() => {
      inkRun.redraws = ui.stats().publications;
      inkRun.drawCpuMs = ui.stats().drawCpuMs;
    });
    return { listener: ui.onEvent, finished };
  },
};

/** CPU ms of one study with `consumer` attached, until the consumer has let go (the Ink app's final frame). */
async function timeOnce(
  consumer: Consumer | null,
  events: readonly StudyEvent[],
  workIterations: number,
): Promise<number> {
  const start = process.cpuUsage();
  const attached = consumer?.() ?? null;
  await replay(events, workIterations, attached?.listener ?? null);
  await attached?.finished;
  return cpuMs(start);
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
}

/** Median CPU ms per consumer; also the Ink app's redraws and their reported CPU ms ('ink redraws', 'ink draw ms'). */
async function measure(events: readonly StudyEvent[], workIterations: number): Promise<Map<string, number>> {
  const names = Object.keys(consumers);
  const runs = new Map(names.map((name) => [name, [] as number[]]));
  const frames: number[] = [];
  const drawMs: number[] = [];
  const warmUp = syntheticStudy({ trials: 2000, seed: 2, withPipeline: true });
  for (const name of names) await timeOnce(consumers[name]!, warmUp, workIterations); // JIT
  for (let r = 0; r < repeats; r++) {
    for (let k = 0; k < names.length; k++) {
      const name = names[(k + r) % names.length]!; // rotate the order so drift in machine load spreads evenly
      runs.get(name)!.push(await timeOnce(consumers[name]!, events, workIterations));
      if (name === INK) {
        frames.push(inkRun.redraws);
        drawMs.push(inkRun.drawCpuMs);
      }
    }
  }
  return new Map([
    ...[...runs].map(([name, ms]) => [name, median(ms)] as const),
    ['ink redraws', median(frames)],
    ['ink draw ms', median(drawMs)],
  ]);
}

const pct = (fraction: number) => `${(100 * fraction).toFixed(1)}%`;

async function main(): Promise<void> {
  const perUs = calibrate();
  const events = syntheticStudy({ trials, rate: 1e6 / evalUs, withPipeline: true });
  console.log(
    `${trials} trials, ${evalUs} µs of model work per trial, yield every ${batch}; CPU time, median of ${repeats}; React ${process.env.NODE_ENV}`,
  );
  const raw = await measure(events, 0);
  const loaded = await measure(events, Math.round(evalUs * perUs));
  // Mounting Ink, the first and final frames and unmounting: paid once per study, whatever its length.
  const fixed = await measure(syntheticStudy({ trials: 20, withPipeline: true }), 0);
  const fixedInkMs = fixed.get(INK)! - fixed.get('none')!;
  const rawBase = raw.get('none')!;
  const loadedBase = loaded.get('none')!;
  console.log(
    `\n${'consumer'.padEnd(16)}${'raw trials/s'.padStart(13)}${'µs/event'.padStart(10)}${'trials/s at model speed'.padStart(25)}${'overhead'.padStart(10)}`,
  );
  for (const name of Object.keys(consumers)) {
    const perEventUs = ((raw.get(name)! - rawBase) * 1000) / trials;
    console.log(
      [
        name.padEnd(16),
        ((trials / raw.get(name)!) * 1000).toFixed(0).padStart(13),
        (name === 'none' ? '' : perEventUs.toFixed(2)).padStart(10),
        ((trials / loaded.get(name)!) * 1000).toFixed(0).padStart(25),
        (name === 'none' ? '' : pct((loaded.get(name)! - loadedBase) / loadedBase)).padStart(10),
      ].join(''),
    );
  }
  const inkExtraMs = loaded.get(INK)! - loadedBase;
  console.log(
    `\nink app at model speed: ${loaded.get('ink redraws')} redraws; the renderer measured ${loaded.get('ink draw ms')!.toFixed(0)} ms of CPU`,
  );
  console.log(
    `  in them, ${pct(loaded.get('ink draw ms')! / loadedBase)} of the search's ${(loadedBase / 1000).toFixed(1)} s (the feed spaces redraws to keep this near 2%);`,
  );
  console.log(
    `  with and without the app the study's CPU differs by ${inkExtraMs.toFixed(0)} ms (${pct(inkExtraMs / loadedBase)}), of which ${fixedInkMs.toFixed(0)} ms once per study`,
  );
  console.log(
    '  (mount, first and final frames, unmount) and the rest GC and noise: compare the reducer and logger rows, which do the same per-event work.',
  );
  console.log('overhead: CPU time of the same study with the consumer against without; µs/event: with no model work.');
  if (sink === 42) console.log(''); // keeps the work loop observable
}

await main();
