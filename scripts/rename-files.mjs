#!/usr/bin/env node
// One file-naming convention: kebab-case (most files had it). Renames every tracked camelCase or PascalCase file
// under src/, test/, bench/ and scripts/ with `git mv`, then rewrites the paths that name them (imports, URLs built
// from file names, docs). Mechanical and idempotent: `node scripts/rename-files.mjs [--dry-run]`; the linter's
// useFilenamingConvention keeps it so.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

const dryRun = process.argv.includes('--dry-run');
const git = (...args) => execFileSync('git', args, { encoding: 'utf8' });
const tracked = git('ls-files').split('\n').filter(Boolean);

const kebab = (stem) =>
  stem
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/([A-Z])([A-Z][a-z])/g, '$1-$2')
    .toLowerCase();
const renames = tracked
  .filter((file) => /^(src|test|bench|scripts)\//.test(file) && /\.(ts|tsx|mjs|js)$/.test(file))
  .map((file) => {
    const name = basename(file);
    const dot = name.indexOf('.');
    const stem = name.slice(0, dot);
    return { file, stem, next: kebab(stem), rest: name.slice(dot) };
  })
  .filter((r) => r.next !== r.stem);

const taken = new Set(tracked);
for (const r of renames) {
  const target = join(dirname(r.file), r.next + r.rest);
  if (taken.has(target)) throw new Error(`rename-files: ${r.file} -> ${target}: a file of that name exists`);
  console.log(`${r.file} -> ${target}`);
  if (!dryRun) git('mv', r.file, target);
}
if (dryRun || renames.length === 0) process.exit(0);

// A renamed stem in a path: after a slash or a quote, before its extension (imports use .js for .ts sources).
const texts = git('ls-files')
  .split('\n')
  .filter((f) => /\.(ts|tsx|mjs|cjs|js|md|json)$/.test(f) && !f.endsWith('package-lock.json'));
for (const file of texts) {
  const before = readFileSync(file, 'utf8');
  let after = before;
  for (const r of renames) {
    after = after.replace(new RegExp(`(?<=[/'"\`])${r.stem}(?=\\.(?:js|ts|tsx|mjs)\\b)`, 'g'), r.next);
  }
  if (after !== before) writeFileSync(file, after);
}
