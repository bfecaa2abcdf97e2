import { join } from 'node:path';
import type { Command } from 'commander';
import { DEFAULT_CLUSTER, DEFAULT_KERNEL } from '../../model/index.js';
import { Catalog } from '../../profiles/catalog.js';
import { PACKAGE_ROOT } from '../../paths.js';
import {
  OPTIMIZERS, StudyController, evaluatorArgs, loadSpec, resumeStudy, runStudy, studyPaths,
  type OptimizerName, type SearchSpec, type StudyEvent, type StudyOptions, type StudyResult,
} from '../../search/index.js';
import { loadResult } from '../../report/html/load.js';
import { writeHtmlBeside } from '../../report/html/page.js';
import { parseChoice, wholeNumberOption } from '../options.js';

/** The embedded default study: DeepSeek-V3 on 2048 H800s, DeepSeek's own setting. */
export const DEFAULT_SPEC = join(PACKAGE_ROOT, 'searches', 'deepseek-v3-h800.json');

interface SearchOptions {
  optimizer?: string;
  budget?: number;
  seed?: number;
  out: string;
  json?: boolean;
  resume?: boolean;
  threads?: number;
  html?: boolean;
}

type OutputMode = 'json' | 'ui' | 'lines';

export function registerSearch(program: Command): void {
  program
    .command('search')
    .description('search a spec for the best config: live UI on a terminal, plain lines when piped, JSON with --json')
    .argument('[spec]', 'search spec (JSON); default: the embedded DeepSeek-V3 on H800 study', DEFAULT_SPEC)
    .option('--optimizer <name>', `optimizer, one of ${OPTIMIZERS.join(', ')} (default: the spec's)`)
    .option('--budget <n>', 'distinct configs to evaluate (default: the spec\'s)', wholeNumberOption('--budget', 1))
    .option('--seed <n>', 'random seed (default: the spec\'s)', wholeNumberOption('--seed', 0))
    .option('--out <dir>', 'folder for the result and its journal', 'results')
    .option('--resume', 'continue the study from its journal in --out (same spec, optimizer and seed)')
    .option('--threads <n>', 'evaluation worker threads (0: evaluate in this thread; default: one per batch point)', wholeNumberOption('--threads', 0))
    .option('--json', 'print only the result JSON')
    .option('--html', 'also write the HTML report beside the result (as autotune report does)')
    .action(async (specPath: string, opts: SearchOptions) => {
      const spec = loadSpec(specPath);
      if (opts.optimizer !== undefined) parseChoice('autotune search', '--optimizer', opts.optimizer, OPTIMIZERS);
      const mode: OutputMode = opts.json ? 'json' : process.stdout.isTTY && !process.env.CI ? 'ui' : 'lines';
      const result = await runSearch(spec, opts, mode);
      const paths = studyPaths(opts.out, result.name, result.optimizer, result.seed);
      // The summary (and the UI's last frame) already names the result file; the journal is what --resume reads.
      if (mode === 'json') process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      else if (mode === 'lines') process.stdout.write(`journal: ${paths.journal}\n`);
      const html = opts.html ? writeHtmlBeside(loadResult(paths.result)) : null;
      if (html !== null && mode !== 'json') process.stdout.write(`report: ${html}\n`);
      if (result.best === null) {
        // Nothing feasible: the spec asks for the impossible, so it is bad input; the report says which constraint binds.
        process.stderr.write(`error: no feasible config: ${result.constraintReport.summary}\n`);
        process.exitCode = 2;
      }
    });
}

async function runSearch(spec: SearchSpec, opts: SearchOptions, mode: OutputMode): Promise<StudyResult> {
  const catalog = new Catalog();
  const ids = evaluatorArgs(spec);
  const chip = catalog.load('chip', ids.chip);
  const profileHashes = {
    [`chip:${chip.id}`]: chip.sha256,
    [`workload:${ids.workload}`]: catalog.load('workload', ids.workload).sha256,
    [`cluster:${ids.cluster ?? DEFAULT_CLUSTER}`]: catalog.load('cluster', ids.cluster ?? DEFAULT_CLUSTER).sha256,
    [`kernel:${ids.kernel ?? DEFAULT_KERNEL}`]: catalog.load('kernel', ids.kernel ?? DEFAULT_KERNEL).sha256,
  };
  const control = new StudyController();
  const listeners: ((event: StudyEvent) => void)[] = [];
  const options: StudyOptions = {
    spec,
    optimizer: opts.optimizer as OptimizerName | undefined,
    budget: opts.budget,
    seed: opts.seed,
    threads: opts.threads ?? 'auto',
    outDir: opts.out,
    control,
    profileHashes,
    sms: chip.data.sms,
    onEvent: (event) => listeners.forEach((listen) => listen(event)),
  };
  const stopOnSignal = interruptHandler(control, mode);
  process.on('SIGINT', stopOnSignal);
  process.on('SIGTERM', stopOnSignal);
  try {
    switch (mode) {
      case 'json':
        return await study(options, opts.resume);
      case 'lines': {
        const { createLineLogger } = await import('../../ui/lines.js');
        listeners.push(createLineLogger({ write: (text) => process.stdout.write(text) }));
        return await study(options, opts.resume);
      }
      case 'ui': {
        // Ink loads only when a terminal will show it; React's development build would double each frame's cost.
        process.env.NODE_ENV ??= 'production';
        const { runStudyUi } = await import('../../ui/index.js');
        const ui = runStudyUi({ controls: control });
        listeners.push(ui.onEvent);
        try {
          const result = await study(options, opts.resume);
          await ui.done;
          return result;
        } finally {
          ui.close();
        }
      }
    }
  } finally {
    process.off('SIGINT', stopOnSignal);
    process.off('SIGTERM', stopOnSignal);
  }
}

function study(options: StudyOptions, resume: boolean | undefined): Promise<StudyResult> {
  return resume ? resumeStudy(options) : runStudy(options);
}

/** First Ctrl-C: stop gracefully (trials in flight finish, journal and result are written). Second: leave now;
 * the journal already holds every finished trial, so `--resume` continues from there. */
function interruptHandler(control: StudyController, mode: OutputMode): () => void {
  return () => {
    if (control.state === 'stopping') process.exit(130);
    control.stop();
    if (mode !== 'ui') process.stderr.write('stopping after the trials in flight (Ctrl-C again to quit at once; --resume continues)\n');
  };
}
