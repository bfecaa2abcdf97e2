import { join } from 'node:path';
import type { Command } from 'commander';
import { EXIT_ABORTED, invalid, StudyStopped, UserError } from '../../errors.js';
import { DEFAULT_CLUSTER, DEFAULT_KERNEL } from '../../model/index.js';
import { PACKAGE_ROOT } from '../../paths.js';
import { Catalog } from '../../profiles/catalog.js';
import { loadResult } from '../../report/html/load.js';
import { writeHtmlBeside } from '../../report/html/page.js';
import {
  checkSpecOnChip,
  effectiveSpec,
  evaluatorArgs,
  loadSpec,
  OPTIMIZERS,
  type OptimizerName,
  resumeStudy,
  runStudy,
  type SearchSpec,
  StudyController,
  type StudyEvent,
  type StudyOptions,
  type StudyResult,
  studyPaths,
} from '../../search/index.js';
import { closingLines } from '../../ui/summary.js';
import { parseChoice, wholeNumberOption } from '../options.js';

/** The embedded default study: DeepSeek-V3 on 2048 H800s, DeepSeek's own setting. */
export const DEFAULT_SPEC = join(PACKAGE_ROOT, 'searches', 'deepseek-v3-h800.json');
const WHERE = 'autotune search';

interface SearchOptions {
  optimizer?: string;
  budget?: number;
  seed?: number;
  out: string;
  json?: boolean;
  resume?: boolean;
  fresh?: boolean;
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
    .option('--budget <n>', "distinct configs to evaluate (default: the spec's)", wholeNumberOption('--budget', 1))
    .option('--seed <n>', "random seed (default: the spec's)", wholeNumberOption('--seed', 0))
    .option('--out <dir>', 'folder for the result and its journal', 'results')
    .option('--resume', 'continue the study from its journal in --out (same spec, optimizer and seed)')
    .option(
      '--fresh',
      'start the study over although its journal exists (the old journal and result are kept as timestamped backups)',
    )
    .option(
      '--threads <n>',
      'evaluation worker threads (0: evaluate in this thread; default: 0 for the cost model, which is faster in-thread)',
      wholeNumberOption('--threads', 0),
    )
    .option('--json', 'print only the result JSON')
    .option('--html', 'also write the HTML report beside the result (as autotune report does)')
    .addHelpText(
      'after',
      '\nExit codes: 0 finished, 2 bad input or no feasible config, 3 stopped before the end (q, Ctrl-C, SIGTERM;\n--resume continues), 130 a second Ctrl-C, 1 internal error.',
    )
    .action(async (specPath: string, opts: SearchOptions) => {
      if (opts.resume && opts.fresh)
        throw invalid(
          WHERE,
          '--fresh',
          true,
          'not together with --resume: continue the journal or start over, not both',
        );
      const spec = loadSpec(specPath);
      if (opts.optimizer !== undefined) parseChoice(WHERE, '--optimizer', opts.optimizer, OPTIMIZERS);
      // The live UI is progress, so it draws on stderr (stdout stays the result's, e.g. when redirected to a file).
      const mode: OutputMode = opts.json
        ? 'json'
        : process.stderr.isTTY && process.stdin.isTTY && !process.env.CI
          ? 'ui'
          : 'lines';
      const { result, resultPath } = await runSearch(spec, specPath, opts, mode);
      if (mode === 'json') process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      else if (mode === 'lines')
        process.stdout.write(`journal: ${studyPaths(opts.out, result.provenance.spec).journal}\n`);
      const html = opts.html && resultPath !== null ? writeHtmlBeside(loadResult(resultPath)) : null;
      if (html !== null && mode !== 'json') process.stdout.write(`report: ${html}\n`);
      if (result.endReason === 'stopped') {
        throw new StudyStopped(
          `after ${result.trials.length} of ${result.budget} trials; the result ${resultPath ?? '(not written)'} covers them; run again with --resume to continue`,
        );
      }
      if (result.best === null) {
        // Nothing feasible: the spec asks for the impossible, so it is bad input; the report says which constraint binds.
        throw new UserError(`no feasible config: ${result.constraintReport.summary}`);
      }
    });
}

async function runSearch(
  spec: SearchSpec,
  specPath: string,
  opts: SearchOptions,
  mode: OutputMode,
): Promise<{ result: StudyResult; resultPath: string | null }> {
  const catalog = new Catalog();
  const ids = evaluatorArgs(spec);
  const chip = catalog.load('chip', ids.chip);
  checkSpecOnChip(spec, specPath, { id: chip.data.id, sms: chip.data.sms });
  const profileHashes = {
    [`chip:${chip.id}`]: chip.sha256,
    [`workload:${ids.workload}`]: catalog.load('workload', ids.workload).sha256,
    [`cluster:${ids.cluster ?? DEFAULT_CLUSTER}`]: catalog.load('cluster', ids.cluster ?? DEFAULT_CLUSTER).sha256,
    [`kernel:${ids.kernel ?? DEFAULT_KERNEL}`]: catalog.load('kernel', ids.kernel ?? DEFAULT_KERNEL).sha256,
  };
  const control = new StudyController();
  const listeners: ((event: StudyEvent) => void)[] = [];
  // Under the live UI a note would be drawn over: they wait until it closes.
  const held: string[] = [];
  const say = (text: string): void => void process.stderr.write(`note: ${text}\n`);
  let resultPath: string | null = null;
  const options: StudyOptions = {
    spec,
    optimizer: opts.optimizer as OptimizerName | undefined,
    budget: opts.budget,
    seed: opts.seed,
    threads: opts.threads ?? 'auto',
    outDir: opts.out,
    fresh: opts.fresh,
    control,
    profileHashes,
    sms: chip.data.sms,
    onEvent: (event) => {
      if (event.type === 'study-end') resultPath = event.resultPath;
      listeners.forEach((listen) => listen(event));
    },
    onNotice: mode === 'ui' ? (text) => held.push(text) : say,
  };
  const stopOnSignal = interruptHandler(control, mode);
  process.on('SIGINT', stopOnSignal);
  process.on('SIGTERM', stopOnSignal);
  try {
    switch (mode) {
      case 'json':
        return { result: await study(options, opts.resume), resultPath };
      case 'lines': {
        const { createLineLogger } = await import('../../ui/lines.js');
        // Progress to stderr, the summary (the result) to stdout, so `autotune search > summary.txt` keeps the answer.
        listeners.push(
          createLineLogger({
            write: (text) => process.stderr.write(text),
            writeSummary: (text) => process.stdout.write(text),
          }),
        );
        return { result: await study(options, opts.resume), resultPath };
      }
      case 'ui': {
        // Ink loads only when a terminal will show it; React's development build would double each frame's cost.
        process.env.NODE_ENV ??= 'production';
        const { runStudyUi } = await import('../../ui/index.js');
        const ui = runStudyUi({ controls: control, stdout: process.stderr });
        listeners.push(ui.onEvent);
        let result: StudyResult;
        try {
          result = await study(options, opts.resume);
          await ui.done;
        } finally {
          ui.close();
          held.forEach(say);
        }
        // The last frame may be cut off by a small terminal or cleared by it: the essentials stay as plain lines.
        const journal = studyPaths(opts.out, effectiveSpec(options)).journal;
        process.stdout.write(`${closingLines(result, resultPath, journal).join('\n')}\n`);
        return { result, resultPath };
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

/** First Ctrl-C or SIGTERM: stop gracefully (trials in flight finish, journal and result are written). A second
 * signal: leave now (exit 130); the journal already holds every finished trial, so `--resume` continues from there. */
function interruptHandler(control: StudyController, mode: OutputMode): () => void {
  return () => {
    if (control.state === 'stopping') process.exit(EXIT_ABORTED);
    control.stop();
    if (mode !== 'ui')
      process.stderr.write('stopping after the trials in flight (Ctrl-C again to quit at once; --resume continues)\n');
  };
}
