/** What `compare` and `sweep` share: their search and output options, progress, and how a report is written and shown. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { UserError } from '../../errors.js';
import { checkOutputFolder } from '../../files.js';
import { loadResult } from '../../report/html/load.js';
import { writeHtmlBeside } from '../../report/html/page.js';
import { type OutputMode, outputMode, terminalColumns, writeReport } from '../../report/output.js';
import type { SearchOverrides } from '../../report/tune.js';
import { OPTIMIZERS, type OptimizerName } from '../../search/index.js';
import { asOption, parseChoice, wholeNumberOption } from '../options.js';

export interface ReportOptions extends SearchOverrides {
  gpus?: number;
  out: string;
  json?: boolean;
  html?: boolean;
}

const parseOptimizer = asOption(
  (where, flag, value): OptimizerName => parseChoice(where, flag, value, OPTIMIZERS),
  '--optimizer',
);

/** The search overrides, GPU count and output options of `compare` and `sweep`. */
export function withReportOptions(command: Command): Command {
  return command
    .option(
      '--budget <n>',
      "distinct configs each search evaluates (default: the spec's)",
      wholeNumberOption('--budget', 1),
    )
    .option('--seed <n>', "random seed of every search (default: the spec's)", wholeNumberOption('--seed', 0))
    .option('--optimizer <name>', `optimizer, one of ${OPTIMIZERS.join(', ')} (default: the spec's)`, parseOptimizer)
    .option('--gpus <n>', "GPUs in the job (default: the spec's)", wholeNumberOption('--gpus', 1))
    .option(
      '--jobs <n>',
      'searches run at once, in this thread and worker threads (1: one after another; default: one per core); the results do not depend on it',
      wholeNumberOption('--jobs', 1),
    )
    .option('--out <dir>', 'folder for the result JSON', 'results')
    .option('--json', 'print only the result JSON')
    .option('--html', 'also write the HTML report beside the result (as autotune report does)');
}

/** How one report shows itself. */
export interface ReportViews {
  fileName: string;
  /** The Ink rendering (Ink is loaded only for a terminal). */
  ink(columns: number): Promise<string>;
  /** Plain text, ending with the result file's path. */
  text(path: string): string;
  /** What no search found feasible, when none did (exit 2, as `search`: bad input, not an internal error); else null. */
  nothingFeasible: string | null;
}

/** Runs a report with progress on stderr when a person reads the output, then writes it and prints it. */
export async function runReport<R>(
  opts: ReportOptions,
  run: (onProgress?: (line: string) => void) => Promise<R>,
  views: (result: R) => ReportViews,
): Promise<void> {
  const mode = outputMode(opts.json);
  checkOutputFolder(opts.out); // before the searches, not after them
  const result = await run(progressFor(mode));
  const view = views(result);
  const target = join(opts.out, view.fileName);
  // A report where nothing is feasible never replaces one where something was.
  const kept = view.nothingFeasible !== null && existsSync(target) && !reportNothingFeasible(target, views);
  const path = kept ? target : writeReport(opts.out, view.fileName, result);
  const html = opts.html && !kept ? writeHtmlBeside(loadResult(path)) : null;
  process.stdout.write(await show(result, mode, path, view));
  if (html !== null && mode !== 'json') process.stdout.write(`report: ${html}\n`);
  if (view.nothingFeasible !== null) {
    const note = kept ? `; the earlier report ${path}, which has feasible configs, was kept` : '';
    throw new UserError(`${view.nothingFeasible}; the report says why per constraint${note}`);
  }
}

/** Whether the report already at `path` found nothing feasible either (an unreadable one counts as nothing). */
function reportNothingFeasible<R>(path: string, views: (result: R) => ReportViews): boolean {
  try {
    return views(JSON.parse(readFileSync(path, 'utf8')) as R).nothingFeasible !== null;
  } catch {
    return true;
  }
}

function progressFor(mode: OutputMode): ((line: string) => void) | undefined {
  return mode === 'json' ? undefined : (line) => process.stderr.write(`${line}\n`);
}

async function show(result: unknown, mode: OutputMode, path: string, view: ReportViews): Promise<string> {
  switch (mode) {
    case 'json':
      return `${JSON.stringify(result, null, 2)}\n`;
    case 'ink':
      return `${await view.ink(terminalColumns())}\nresult: ${path}\n`;
    case 'text':
      return `${view.text(path)}\n`;
  }
}
