/** `autotune validate`: the cost model against published training runs (models/validation/*.json). */
import type { Command } from 'commander';
import { Catalog } from '../../profiles/catalog.js';
import { validationJson, validationText } from '../../validation/render.js';
import { loadValidationFiles } from '../../validation/runs.js';
import { validate } from '../../validation/validate.js';

interface ValidateOptions {
  json?: boolean;
}

export function registerValidate(program: Command): void {
  program
    .command('validate')
    .description(
      'evaluate every published run under models/validation/ and print model against published, with the error per run and per source',
    )
    .option(
      '--json',
      'print {cases: [{id, source, metric, published, model, error, ...}], summary: {meanAbsError, maxAbsError, bySource}}',
    )
    .action((opts: ValidateOptions) => {
      const report = validate(loadValidationFiles(), new Catalog());
      process.stdout.write(opts.json ? `${JSON.stringify(validationJson(report), null, 2)}\n` : validationText(report));
    });
}
