/**
 * Output files, checked before work is spent and written so that a reader never sees half of one. Every
 * file-system failure is a UserError naming the path and what to do (see fileError).
 */
import {
  accessSync,
  closeSync,
  constants,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { dirname } from 'node:path';
import { fileError } from './errors.js';

/** Creates the output folder if needed and checks that files can be created in it (before any work is spent). */
export function checkOutputFolder(outDir: string): void {
  try {
    mkdirSync(outDir, { recursive: true });
  } catch (err) {
    throw fileError(outDir, 'create the output folder (--out)', err);
  }
  if (!statSync(outDir).isDirectory())
    throw fileError(outDir, 'use it as the output folder (--out)', { code: 'ENOTDIR' });
  try {
    accessSync(outDir, constants.W_OK);
  } catch (err) {
    throw fileError(outDir, 'write into the output folder (--out)', err);
  }
}

/** Checks up front that `path` can be written as a file: its folder exists and is writable, and it is no folder. */
export function checkOutputFile(path: string, flag: string): void {
  const dir = dirname(path);
  if (!existsSync(dir))
    throw fileError(path, `write ${flag} there: its folder ${dir} does not exist`, { code: 'ENOENT' });
  if (!statSync(dir).isDirectory()) throw fileError(path, `write ${flag} there`, { code: 'ENOTDIR' });
  try {
    accessSync(dir, constants.W_OK);
  } catch (err) {
    throw fileError(path, `write ${flag} into ${dir}`, err);
  }
  if (existsSync(path) && !statSync(path).isFile()) throw fileError(path, `write ${flag} there`, { code: 'EISDIR' });
}

/** JSON to `path` by a flushed temporary file renamed over it; a failure names the path and leaves no temporary behind. */
export function writeJsonAtomically(path: string, data: unknown): void {
  writeTextAtomically(path, `${JSON.stringify(data, null, 2)}\n`);
}

/** Text to `path` as writeJsonAtomically does. */
export function writeTextAtomically(path: string, text: string): void {
  const partial = `${path}.${process.pid}.partial`;
  try {
    mkdirSync(dirname(path), { recursive: true });
    const fd = openSync(partial, 'w');
    try {
      writeSync(fd, text);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(partial, path);
  } catch (err) {
    try {
      rmSync(partial, { force: true });
    } catch {
      // The folder itself is the problem (ENOTDIR, EACCES): there is no temporary to remove.
    }
    throw fileError(path, 'write the file', err);
  }
}
