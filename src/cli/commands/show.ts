/** `autotune show`: a readable summary of any result file (study, compare, sweep); --json for the essentials. */
import type { Command } from 'commander';
import { readResultFile } from '../../report/result-file.js';
import { showJson, showText } from '../../report/show.js';

export function registerShow(program: Command): void {
  program
    .command('show')
    .description(
      'summarise a result file (study, compare or sweep): the best config in full, its metrics and breakdown, the top trials, provenance',
    )
    .argument('<result>', 'a result JSON written by search, compare or sweep')
    .option('--json', 'print the essentials as compact JSON')
    .action((path: string, opts: { json?: boolean }) => {
      const file = readResultFile(path);
      process.stdout.write(opts.json ? `${JSON.stringify(showJson(file))}\n` : `${showText(file)}\n`);
    });
}
