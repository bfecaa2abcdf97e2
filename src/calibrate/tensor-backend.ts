import { createRequire } from 'node:module';
import { dirname, sep } from 'node:path';
import type * as TF from '@tensorflow/tfjs';

export type Tf = typeof TF;
export type TfBackend = 'wasm' | 'cpu';

export interface LoadedTf {
  tf: Tf;
  backend: TfBackend;
}

/**
 * Loads TensorFlow.js on demand (only calibrate and fidelity pay its ~0.5 s start-up) and selects the wasm backend,
 * falling back to the plain JavaScript one. Node caches the modules, so calling this again is cheap.
 */
export async function loadTf(): Promise<LoadedTf> {
  const tf = await import('@tensorflow/tfjs');
  try {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    // Point the backend at its .wasm binaries explicitly: a bundler or test runner may move the module away from them.
    wasm.setWasmPaths(wasmBinaryDir());
    if (await tf.setBackend('wasm')) return { tf, backend: 'wasm' };
  } catch {
    // fall through to the JavaScript backend
  }
  await tf.setBackend('cpu');
  return { tf, backend: 'cpu' };
}

/** node_modules/@tensorflow/tfjs-backend-wasm/dist/, where the .wasm files sit beside the Node entry point. */
function wasmBinaryDir(): string {
  const require = createRequire(import.meta.url);
  return `${dirname(require.resolve('@tensorflow/tfjs-backend-wasm'))}${sep}`;
}
