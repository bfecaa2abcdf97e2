/** `autotune export`: the best config of a study (or --trial N) as a framework's flags, TOML, or Python. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Command } from 'commander';
import { UserError } from '../../errors.js';
import { exportStudy, FRAMEWORKS, type FrameworkId } from '../../report/export/index.js';
import { readResultFile } from '../../report/result-file.js';
import { asOption, parseChoice, wholeNumberOption } from '../options.js';

const parseFramework = asOption((where, flag, value): FrameworkId => parseChoice(where, flag, value, FRAMEWORKS), '--to');

export function registerExport(program: Command): void {
  program
    .command('export')
    .description("a study's best config as what a framework reads: Megatron flags, a torchtitan TOML fragment, DeepEP or NeMo Python; where the framework has no equivalent, a comment says so and a warning goes to stderr")
    .argument('<result>', 'a study result JSON (results/<name>-<optimizer>-seed<seed>.json)')
    .requiredOption('--to <framework>', `one of ${FRAMEWORKS.join(', ')}`, parseFramework)
    .option('--trial <n>', 'export this trial number instead of the best (it must be feasible)', wholeNumberOption('--trial', 1))
    .option('--out <file>', 'write to this file instead of stdout')
    .action((path: string, opts: { to: FrameworkId; trial?: number; out?: string }) => {
      const file = readResultFile(path);
      if (file.kind !== 'study') {
        throw new UserError(`${path}: kind = "${file.kind}": export reads a study result; run \`autotune search\` for the chip or point you chose (\`autotune show ${path}\` lists them)`);
      }
      const output = exportStudy(path, file.data, { to: opts.to, trial: opts.trial });
      for (const warning of output.warnings) process.stderr.write(`warning: ${warning}\n`);
      if (opts.out === undefined) {
        process.stdout.write(output.text);
        return;
      }
      mkdirSync(dirname(opts.out), { recursive: true });
      writeFileSync(opts.out, output.text);
      process.stderr.write(`wrote ${opts.out}\n`);
    });
}
