/** Synthetic Kineto traces built in the tests: the same event shapes PyTorch's profiler writes. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

export const MAIN = 1; // the Python thread that opens record_function ranges
export const AUTOGRAD = 2; // autograd's backward thread: no ranges of its own
const PID = 100;

export type TraceEvent = Record<string, unknown>;

export const annotation = (name: string, ts: number, dur: number, tid = MAIN): TraceEvent => ({
  ph: 'X',
  cat: 'user_annotation',
  name,
  pid: PID,
  tid,
  ts,
  dur,
  args: {},
});

export const launch = (correlation: number, ts: number, tid = MAIN): TraceEvent => ({
  ph: 'X',
  cat: 'cuda_runtime',
  name: 'cudaLaunchKernel',
  pid: PID,
  tid,
  ts,
  dur: 2,
  args: { correlation, 'External id': correlation },
});

export const kernel = (
  name: string,
  ts: number,
  dur: number,
  stream: number,
  grid: number[],
  correlation: number,
): TraceEvent => ({
  ph: 'X',
  cat: 'kernel',
  name,
  pid: 0,
  tid: stream,
  ts,
  dur,
  args: { device: 0, stream, correlation, grid, block: [128, 1, 1] },
});

export const shapedOp = (name: string, ts: number, dur: number, dims: number[][], tid = MAIN): TraceEvent => ({
  ph: 'X',
  cat: 'cpu_op',
  name,
  pid: PID,
  tid,
  ts,
  dur,
  args: { 'Input Dims': dims },
});

export const NAMES = {
  fp8Gemm:
    'void cutlass::device_kernel<dpsk::grouped_gemm::cuda::fp8_ptp128c::GemmKernel>(dpsk::grouped_gemm::cuda::fp8_ptp128c::GemmKernel::Params)',
  groupedGemm:
    'void cutlass::device_kernel<dpsk::grouped_gemm::cuda::m_grouped_fp8_ptp128c::GemmKernel>(dpsk::grouped_gemm::cuda::m_grouped_fp8_ptp128c::GemmKernel::Params)',
  wgradGemm:
    'void cutlass::device_kernel<dpsk::grouped_gemm::cuda::fp8_dptp128c_acc::GemmKernel>(dpsk::grouped_gemm::cuda::fp8_dptp128c_acc::GemmKernel::Params)',
  flashFwd:
    'void flash::compute_attn_ws<Flash_fwd_kernel_traits<192, 128, 128, 12, 2, false, 1, cutlass::bfloat16_t, 128>, true>(flash::Flash_fwd_params)',
  cast: 'void cuda::per_token_cast_to_fp8_with_channels<__nv_bfloat16, 128, false, 128, false>(__nv_bfloat16 const*, int, unsigned char*, float*, int, int, int, int, bool, float, __nv_fp8_interpretation_t)',
  dispatch:
    'void dpsk::ep::internode::dispatch<false, 8, false, 8>(int4*, float*, long*, float*, dpsk::ep::internode::SourceMeta*)',
  notify:
    'void dpsk::ep::internode::notify_dispatch<false, 8>(int const*, long*, int, int const*, int*, int const*, int*)',
};

/**
 * A hand-timed step (microseconds): attn(F) launches a GEMM (shaped by an aten::mm), FlashAttention and a cast on
 * stream 7; dispatch(F) a DeepEP dispatch and its notify on stream 27; autograd's thread launches a grouped GEMM
 * inside mlp(B); mlp(W) a weight-gradient GEMM on stream 23 that half overlaps it.
 *
 *   stream 7:  gemm [1000,1100) flash [1100,1150) cast [1160,1180) ... grouped [1500,1700)
 *   stream 23: wgrad [1600,1800)
 *   stream 27: notify [1000,1040) dispatch [1050,1350)
 */
export function handTimedTrace(): TraceEvent[] {
  return [
    annotation('ProfilerStep#1', 0, 400),
    annotation('attn(F)', 0, 100),
    annotation('dispatch(F)', 100, 10),
    annotation('mlp(B)', 200, 100),
    annotation('mlp(W)', 310, 20),
    shapedOp('aten::mm', 5, 10, [
      [4096, 7168],
      [7168, 2048],
    ]),
    launch(1, 10),
    launch(2, 20),
    launch(3, 30),
    launch(7, 102),
    launch(4, 105),
    launch(5, 250, AUTOGRAD),
    launch(6, 320),
    kernel(NAMES.fp8Gemm, 1000, 100, 7, [112, 1, 1], 1),
    kernel(NAMES.flashFwd, 1100, 50, 7, [32, 128, 1], 2),
    kernel(NAMES.cast, 1160, 20, 7, [4096, 1, 1], 3),
    kernel(NAMES.notify, 1000, 40, 27, [9, 1, 1], 7),
    kernel(NAMES.dispatch, 1050, 300, 27, [20, 1, 1], 4),
    kernel(NAMES.groupedGemm, 1500, 200, 7, [2, 56, 1], 5),
    kernel(NAMES.wgradGemm, 1600, 200, 23, [112, 1, 1], 6),
  ];
}

export const tempDir = () => mkdtempSync(join(tmpdir(), 'autotune-trace-'));

export function writeTrace(
  dir: string,
  name: string,
  events: TraceEvent[],
  opts: { gzip?: boolean; bare?: boolean } = {},
): string {
  const text = JSON.stringify(
    opts.bare
      ? events
      : { schemaVersion: 1, distributedInfo: { backend: 'nccl', rank: 0, world_size: 64 }, traceEvents: events },
  );
  const path = join(dir, name);
  writeFileSync(path, opts.gzip ? gzipSync(text) : text);
  return path;
}

// The CLI runs from dist/; `npm test` compiles before vitest runs.
export function autotune(args: string[], nodeArgs: string[] = []) {
  const run = spawnSync(process.execPath, [...nodeArgs, 'bin/autotune.js', ...args], {
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}
