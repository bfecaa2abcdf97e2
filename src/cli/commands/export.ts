/** `autotune export`: the best config of a study (or --trial N) as a framework's flags, TOML, or Python. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Command } from 'commander';
import { UserError } from '../../errors.js';
import {
  type ExportOutput,
  exportCompare,
  exportStudy,
  FRAMEWORKS,
  type FrameworkId,
} from '../../report/export/index.js';
import { readResultFile } from '../../report/result-file.js';
import { asOption, parseChoice, wholeNumberOption } from '../options.js';

const parseFramework = asOption(
  (where, flag, value): FrameworkId => parseChoice(where, flag, value, FRAMEWORKS),
  '--to',
);

export function registerExport(program: Command): void {
  program
    .command('export')
    .description(
      "a study's best config as what a framework reads: Megatron flags, a torchtitan TOML fragment, DeepEP or NeMo Python; where the framework has no equivalent, a comment says so and a warning goes to stderr",
    )
    .argument('<result>', 'a study result JSON (autotune search), or a compare result with --chip')
    .requiredOption('--to <framework>', `one of ${FRAMEWORKS.join(', ')}`, parseFramework)
    .option(
      '--trial <n>',
      'export this trial number instead of the best (it must be feasible)',
      wholeNumberOption('--trial', 1),
    )
    .option('--chip <id>', 'for a compare result: export the tuned config of this chip')
    .option('--out <file>', 'write to this file instead of stdout')
    .action((path: string, opts: { to: FrameworkId; trial?: number; chip?: string; out?: string }) => {
      const output = exportFile(path, opts);
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

function exportFile(path: string, opts: { to: FrameworkId; trial?: number; chip?: string }): ExportOutput {
  const file = readResultFile(path);
  switch (file.kind) {
    case 'study':
      if (opts.chip !== undefined)
        throw new UserError(
          `${path}: --chip = ${JSON.stringify(opts.chip)}: a study result has one chip; --chip is for compare results`,
        );
      return exportStudy(path, file.data, { to: opts.to, trial: opts.trial });
    case 'compare':
      if (opts.trial !== undefined)
        throw new UserError(
          `${path}: --trial = ${opts.trial}: a compare result keeps no trials; name the chip with --chip`,
        );
      return exportCompare(path, file.data, { to: opts.to, chip: opts.chip });
    case 'sweep':
      throw new UserError(
        `${path}: kind = "sweep": export reads a study or a compare result; a sweep point's profiles are modified copies, so run \`autotune search\` at the point you chose (\`autotune show ${path}\` lists them)`,
      );
  }
}
