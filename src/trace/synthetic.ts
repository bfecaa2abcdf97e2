/**
 * A synthetic Kineto trace of any size, written streaming: for the reader's streaming test and its benchmark. Each
 * kernel comes with its launch call and a few host-side operator events (real traces hold several per kernel), FP8
 * GEMMs on 112 CTAs alternating with FP8 casts, 10 us apart on one stream.
 */
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import type { Writable } from 'node:stream';
import { createGzip } from 'node:zlib';

export interface SyntheticTraceOptions {
  kernels: number;
  opsPerKernel: number;
  gzip?: boolean;
}

export const SYNTHETIC_NAMES = {
  gemm: 'void cutlass::device_kernel<dpsk::grouped_gemm::cuda::fp8_ptp128c::GemmKernel>(dpsk::grouped_gemm::cuda::fp8_ptp128c::GemmKernel::Params)',
  cast: 'void cuda::per_token_cast_to_fp8_with_channels<__nv_bfloat16, 128, false, 128, false>(__nv_bfloat16 const*, int, unsigned char*, float*, int, int, int, int, bool, float, __nv_fp8_interpretation_t)',
};
export const SYNTHETIC_PERIOD_US = 10;
export const SYNTHETIC_KERNEL_US = 8;

/** Writes the trace; resolves when it is on disk. */
export async function writeSyntheticTrace(path: string, opts: SyntheticTraceOptions): Promise<void> {
  const file = createWriteStream(path);
  const gzip = opts.gzip ? createGzip() : undefined;
  if (gzip) gzip.pipe(file);
  const out: Writable = gzip ?? file;
  const stack = 'x'.repeat(240); // operator names and Python stacks run this long and longer
  out.write('{"schemaVersion":1,"traceEvents":[');
  let chunk: string[] = [];
  let first = true;
  for (let i = 0; i < opts.kernels; i++) {
    const ts = 1_000_000 + i * SYNTHETIC_PERIOD_US;
    for (let j = 0; j < opts.opsPerKernel; j++) {
      chunk.push(
        JSON.stringify({
          ph: 'X',
          cat: 'cpu_op',
          name: `aten::add_${j}`,
          pid: 1,
          tid: 1,
          ts: ts - 9 + j,
          dur: 1,
          args: { 'External id': i, 'Record function id': j, 'Ev Idx': i * 7 + j, stack },
        }),
      );
    }
    chunk.push(
      JSON.stringify({
        ph: 'X',
        cat: 'cuda_runtime',
        name: 'cudaLaunchKernel',
        pid: 1,
        tid: 1,
        ts: ts - 2,
        dur: 1,
        args: { correlation: i },
      }),
    );
    const gemm = i % 2 === 0;
    chunk.push(
      JSON.stringify({
        ph: 'X',
        cat: 'kernel',
        name: gemm ? SYNTHETIC_NAMES.gemm : SYNTHETIC_NAMES.cast,
        pid: 0,
        tid: 7,
        ts,
        dur: SYNTHETIC_KERNEL_US,
        args: {
          stream: 7,
          correlation: i,
          grid: gemm ? [112, 1, 1] : [4096, 1, 1],
          block: [128, 1, 1],
          'registers per thread': 168,
        },
      }),
    );
    if (chunk.length >= 4000 || i === opts.kernels - 1) {
      if (!out.write(`${first ? '' : ','}${chunk.join(',')}`)) await once(out, 'drain');
      first = false;
      chunk = [];
    }
  }
  out.end(']}');
  await once(file, 'finish');
}
