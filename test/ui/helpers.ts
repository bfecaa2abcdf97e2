/** Rendering at a chosen terminal size (ink-testing-library's stdout is always 100 columns), and frame utilities. */
import { EventEmitter } from 'node:events';
import { stripVTControlCharacters } from 'node:util';
import { render } from 'ink';
import type { ReactElement } from 'react';

export class SizedStdout extends EventEmitter {
  readonly frames: string[] = [];
  readonly isTTY = true;
  constructor(
    readonly columns: number,
    readonly rows: number,
  ) {
    super();
  }
  write = (frame: string) => {
    this.frames.push(frame);
    return true;
  };
}

export class FakeStdin extends EventEmitter {
  readonly isTTY = true;
  private pending: string | null = null;
  write(data: string) {
    this.pending = data;
    this.emit('readable');
    this.emit('data', data);
  }
  read() {
    const data = this.pending;
    this.pending = null;
    return data;
  }
  setEncoding() {}
  setRawMode() {}
  resume() {}
  pause() {}
  ref() {}
  unref() {}
}

export interface SizedRender {
  lastFrame(): string;
  stdin: FakeStdin;
  unmount(): void;
}

export function renderAt(tree: ReactElement, columns: number, rows: number): SizedRender {
  const stdout = new SizedStdout(columns, rows);
  const stdin = new FakeStdin();
  const instance = render(tree, {
    stdout: stdout as unknown as NodeJS.WriteStream,
    stdin: stdin as unknown as NodeJS.ReadStream,
    debug: true,
    exitOnCtrlC: false,
    patchConsole: false,
  });
  return { lastFrame: () => plain(stdout.frames.at(-1) ?? ''), stdin, unmount: () => instance.unmount() };
}

/** The frame without colour codes. */
export function plain(frame: string | undefined): string {
  return stripVTControlCharacters(frame ?? '');
}

export function count(text: string, char: string): number {
  return [...text].filter((c) => c === char).length;
}

/** Lets effects (subscriptions, input handlers) run. */
export const tick = (ms = 20) => new Promise((resolve) => setTimeout(resolve, ms));
