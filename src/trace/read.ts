/**
 * Streaming reader of Chrome trace-event JSON (PyTorch profiler / Kineto `.json` or `.json.gz`). A training step's
 * trace reaches gigabytes, so the file is never held: bytes flow through gunzip (when the file starts with gzip's magic
 * bytes) and stream-json's tokenizer, one event is assembled at a time, and only the few fields the analysis needs
 * are kept, in compact records.
 */
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import type { Duplex } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import chain from 'stream-chain';
import { parser } from 'stream-json';
import { pick } from 'stream-json/filters/pick.js';
import { streamValues } from 'stream-json/streamers/stream-values.js';
import { fileError, UserError } from '../errors.js';

export interface KernelRecord {
  /** Index into TraceData.names. */
  name: number;
  /** Microseconds, as in the trace. */
  ts: number;
  dur: number;
  /** The GPU stream (Kineto writes it as the event's tid). */
  stream: number;
  /** CTAs launched: the product of args.grid; undefined when the trace has no grid. */
  ctas: number | undefined;
  correlation: number | undefined;
}

/** A CPU-side event: a runtime launch call, a user annotation or an operator with recorded shapes. */
export interface HostRecord {
  ts: number;
  dur: number;
  pid: number | string;
  tid: number | string;
}

export interface AnnotationRecord extends HostRecord {
  name: string;
}

/** An operator with `Input Dims` (profiled with record_shapes=True): the shapes of the GEMMs it launches. */
export interface ShapedOpRecord extends HostRecord {
  name: string;
  dims: number[][];
}

export interface TraceData {
  file: string;
  names: string[];
  kernels: KernelRecord[];
  /** Launch calls (cuda_runtime / cuda_driver) by correlation id. */
  launches: Map<number, HostRecord>;
  annotations: AnnotationRecord[];
  shapedOps: ShapedOpRecord[];
  /** Events of any kind seen: zero means the file holds no trace events at all. */
  eventCount: number;
  /** From the trace's distributedInfo, when Kineto recorded it. */
  worldSize: number | undefined;
  /** SMs of the first device in deviceProperties, when recorded. */
  deviceSms: number | undefined;
  deviceName: string | undefined;
}

/**
 * Paths picked out of the document: each trace event (object or bare-array form) and two small metadata blocks. A
 * function on the path stack, not a pattern on a joined path: the filter runs on every token.
 */
function picked(stack: readonly (string | number | null)[]): boolean {
  const [head, index] = stack;
  if (stack.length === 1) return typeof head === 'number' || head === 'distributedInfo';
  return stack.length === 2 && (head === 'traceEvents' || (head === 'deviceProperties' && index === 0));
}
const GEMM_OPS = /^aten::(mm|addmm|bmm|baddbmm|matmul|linear|_scaled_mm|_grouped_mm|_scaled_grouped_mm)$/;

type Json = Record<string, unknown>;
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const isGzip = (head: Buffer) => head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;

async function firstBytes(path: string): Promise<Buffer> {
  const handle = await open(path, 'r').catch((err: NodeJS.ErrnoException) => {
    throw new UserError(
      `${path}: cannot open the trace (${err.code ?? err.message}); expected a PyTorch-profiler trace, .json or .json.gz`,
    );
  });
  try {
    const head = Buffer.alloc(2);
    const { bytesRead } = await handle.read(head, 0, 2, 0).catch((err: NodeJS.ErrnoException) => {
      throw fileError(path, 'read the trace', err); // a folder opens but does not read (EISDIR)
    });
    return head.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

function newTraceData(file: string): TraceData {
  return {
    file,
    names: [],
    kernels: [],
    launches: new Map(),
    annotations: [],
    shapedOps: [],
    eventCount: 0,
    worldSize: undefined,
    deviceSms: undefined,
    deviceName: undefined,
  };
}

/** Keeps what the analysis needs from one assembled value; everything else is dropped at once. */
function collector(data: TraceData) {
  const nameIndex = new Map<string, number>();
  const intern = (name: string) => {
    let i = nameIndex.get(name);
    if (i === undefined) {
      i = data.names.push(name) - 1;
      nameIndex.set(name, i);
    }
    return i;
  };
  return (value: unknown) => {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return;
    const e = value as Json;
    if (typeof e.ph !== 'string') {
      if (num(e.world_size) !== undefined) data.worldSize = num(e.world_size);
      if (num(e.numSms) !== undefined) {
        data.deviceSms = num(e.numSms);
        if (typeof e.name === 'string') data.deviceName = e.name;
      }
      return;
    }
    data.eventCount++;
    const ts = num(e.ts);
    const dur = num(e.dur);
    if (e.ph !== 'X' || ts === undefined || dur === undefined) return;
    const cat = typeof e.cat === 'string' ? e.cat.toLowerCase() : '';
    const args = (e.args ?? {}) as Json;
    const host = { ts, dur, pid: e.pid as number | string, tid: e.tid as number | string };
    switch (cat) {
      case 'kernel': {
        const grid = Array.isArray(args.grid) ? (args.grid as unknown[]).map(num) : undefined;
        const ctas =
          grid && grid.every((g) => g !== undefined) ? (grid as number[]).reduce((a, b) => a * b, 1) : undefined;
        const stream = num(args.stream) ?? num(e.tid) ?? -1;
        data.kernels.push({
          name: intern(String(e.name ?? '')),
          ts,
          dur,
          stream,
          ctas,
          correlation: num(args.correlation),
        });
        break;
      }
      case 'cuda_runtime':
      case 'cuda_driver':
      case 'runtime': {
        const correlation = num(args.correlation);
        if (correlation !== undefined) data.launches.set(correlation, host);
        break;
      }
      case 'user_annotation':
        data.annotations.push({ ...host, name: String(e.name ?? '') });
        break;
      case 'cpu_op':
      case 'operator': {
        const name = String(e.name ?? '');
        const dims = args['Input Dims'];
        if (GEMM_OPS.test(name) && Array.isArray(dims)) {
          data.shapedOps.push({
            ...host,
            name,
            dims: dims.map((d) => (Array.isArray(d) ? d.filter((x): x is number => typeof x === 'number') : [])),
          });
        }
        break;
      }
    }
  };
}

/**
 * Reads a trace from a file, streaming. Bad input is a UserError naming the file: not JSON, not a trace (no events),
 * a truncated or corrupt gzip, or a trace without GPU kernels.
 */
export async function readTrace(path: string): Promise<TraceData> {
  const gzip = isGzip(await firstBytes(path));
  const data = newTraceData(path);
  const keep = collector(data);
  // One fused stage: stream-chain runs the tokenizer, the filter and the assembler as plain functions; strings arrive
  // whole (streamValues: false), so no per-chunk tokens are made.
  const events = chain([
    parser({ streamValues: false }),
    pick({ filter: picked }),
    streamValues(),
  ]) as unknown as Duplex;
  const consume = async (source: AsyncIterable<{ value: unknown }>) => {
    for await (const item of source) keep(item.value);
  };
  try {
    if (gzip) await pipeline(createReadStream(path), createGunzip(), events, consume);
    else await pipeline(createReadStream(path), events, consume);
  } catch (err) {
    throw readError(path, gzip, err as Error & { code?: string });
  }
  return checked(data);
}

function readError(file: string, gzip: boolean, err: Error & { code?: string }): Error {
  if (err instanceof UserError) return err;
  if (err.code?.startsWith('Z_') || err.code === 'ERR_ZLIB') {
    return new UserError(
      `${file}: truncated or corrupt gzip (${err.message}); expected a complete gzip-compressed PyTorch-profiler trace`,
    );
  }
  if (err.code === 'ENOENT' || err.code === 'EISDIR' || err.code === 'EACCES')
    return new UserError(`${file}: cannot read the trace (${err.code})`);
  const what = gzip ? 'the decompressed bytes are not valid JSON' : 'not valid JSON';
  return new UserError(
    `${file}: ${what} (${err.message}); expected a Chrome trace-event JSON (PyTorch profiler / Kineto): an object with "traceEvents": [...]`,
  );
}

function checked(data: TraceData): TraceData {
  if (data.eventCount === 0) {
    throw new UserError(
      `${data.file}: not a trace: no trace events found; expected a Chrome trace-event JSON (PyTorch profiler / Kineto): an object with "traceEvents": [...] or an array of events`,
    );
  }
  if (data.kernels.length === 0) {
    throw new UserError(
      `${data.file}: the trace has ${data.eventCount} events but no GPU kernels (events with "cat": "kernel" and "ph": "X"); expected a trace recorded with CUDA activities (ProfilerActivity.CUDA)`,
    );
  }
  return data;
}
