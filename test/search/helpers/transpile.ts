/**
 * Runs TypeScript from this repository outside vitest (a child process, a worker thread): transpiles an entry file
 * and everything it imports relatively into node_modules/.cache, mirroring the repository layout so that package
 * imports and the package-root lookup resolve as from dist/. Type-only transpilation (no checking): fast.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

/** Transpiles `entries` (repository-relative .ts paths) and their relative imports; returns the output root. */
export function transpileTree(name: string, entries: readonly string[]): string {
  const out = join(ROOT, 'node_modules', '.cache', 'autotune-search-tests', name);
  const queue = entries.map((e) => resolve(ROOT, e));
  const done = new Set<string>();
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (done.has(file)) continue;
    done.add(file);
    const source = readFileSync(file, 'utf8');
    for (const [, spec] of source.matchAll(/(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)\.js'/g)) {
      const target = resolve(dirname(file), `${spec}.ts`);
      if (existsSync(target)) queue.push(target);
      else if (existsSync(resolve(dirname(file), `${spec}.tsx`))) queue.push(resolve(dirname(file), `${spec}.tsx`));
    }
    const js = ts.transpileModule(source, {
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, jsx: ts.JsxEmit.ReactJSX },
      fileName: file,
    }).outputText;
    const dest = join(out, relative(ROOT, file)).replace(/\.tsx?$/, '.js');
    mkdirSync(dirname(dest), { recursive: true });
    writeFileSync(dest, js);
  }
  return out;
}
