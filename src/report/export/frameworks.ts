/**
 * The framework mappings (models/frameworks/<id>.json): for each concept of a config, the flag, key or call a
 * framework reads, with the source file it was read from and the release that has it, or why the framework has none.
 * Data, not code, because a framework's flags change: the file says which version each name was read from.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Framework, type FrameworkId, frameworkSchema } from '../../contract/frameworks.js';
import { UserError } from '../../errors.js';
import { MODELS_DIR } from '../../paths.js';

export function isUnsupported<T extends object>(entry: T): entry is Extract<T, { unsupported: string }> {
  return 'unsupported' in entry;
}

export function loadFramework(id: FrameworkId, dir: string = join(MODELS_DIR, 'frameworks')): Framework {
  const file = join(dir, `${id}.json`);
  const parsed = frameworkSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${file}: $.${i.path.join('.')}: ${i.message}`);
    throw new UserError(`invalid framework mapping\n  ${issues.join('\n  ')}`);
  }
  if (parsed.data.id !== id)
    throw new UserError(
      `${file}: id = ${JSON.stringify(parsed.data.id)}: must equal the file name (${JSON.stringify(id)})`,
    );
  return parsed.data;
}
