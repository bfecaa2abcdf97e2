/** `autotune report`: one self-contained HTML page for study, compare and sweep results (one or several). */
import type { Command } from 'commander';
import { loadResult } from '../../report/html/load.js';
import { htmlPathBeside, writeHtmlReport } from '../../report/html/page.js';

/** With one result, the page goes beside it; with several, into report.html here. */
const DEFAULT_MULTI = 'report.html';

export function registerHtmlReport(program: Command): void {
  program
    .command('report')
    .description(
      'write one self-contained HTML report (Gantt chart, throughput against commSMs, convergence, breakdowns) for study, compare or sweep results',
    )
    .argument('<results...>', 'result JSON files written by autotune search, compare or sweep')
    .option('--out <file>', `the HTML file (default: beside a single result, ${DEFAULT_MULTI} for several)`)
    .action((files: string[], opts: { out?: string }) => {
      const results = files.map(loadResult);
      const out = opts.out ?? (files.length === 1 ? htmlPathBeside(files[0]!) : DEFAULT_MULTI);
      writeHtmlReport(out, results);
      process.stdout.write(`report: ${out}\n`);
    });
}
