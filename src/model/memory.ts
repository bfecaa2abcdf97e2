/**
 * Memory per GPU and the reason a config does not fit (the per-rank terms come from ranks.ts and placement.ts).
 * - Parameters: every chunk a rank holds (DualPipe: its stage in each direction, i.e. two copies of 1/pp of the
 *   model), non-expert parameters split by TP (the replicated MLA down-projections and norms are small and
 *   ignored), routed experts split by EP; in the working weight format.
 * - Gradients: full (ZeRO-1 shards only the optimizer), in the gradient format.
 * - Optimizer: master weights + two moments, sharded over every replica of the parameter (see collectives.ts).
 * - Activations: the peak over the rank's op order of the bytes of the chunks in flight, each chunk weighted by its
 *   own items (placement.ts); under recompute=full a chunk keeps only its items' inputs and one item's full
 *   activations are rebuilt at a time (added once).
 * - Communication buffers: the all-to-all kernel's, when there is an all-to-all.
 */
import type { MemoryBreakdown } from '../contract/metrics.js';

export interface MemoryTerms {
  readonly parametersGiB: number;
  readonly gradientsGiB: number;
  readonly optimizerGiB: number;
  readonly activationsGiB: number;
  readonly commBuffersGiB: number;
}

/** Total = the terms; capacity = HBM less the reserve (CUDA context, allocator slack, workspaces). */
export function memoryBreakdown(t: MemoryTerms, reserveGiB: number, hbmGiB: number): MemoryBreakdown {
  return {
    parametersGiB: t.parametersGiB,
    gradientsGiB: t.gradientsGiB,
    optimizerGiB: t.optimizerGiB,
    activationsGiB: t.activationsGiB,
    commBuffersGiB: t.commBuffersGiB,
    reservedGiB: reserveGiB,
    totalGiB: t.parametersGiB + t.gradientsGiB + t.optimizerGiB + t.activationsGiB + t.commBuffersGiB,
    capacityGiB: hbmGiB - reserveGiB,
  };
}

export interface FitHints {
  readonly peakChunks: number;
  readonly microBatchSize: number;
  readonly recompute: 'none' | 'selective' | 'full';
  readonly moe: boolean;
}

const fmt = (gib: number) => (gib >= 10 ? gib.toFixed(0) : gib.toFixed(1));

/** "does not fit in 76 GiB: activations 61 GiB (peak 17 chunks), parameters 12 GiB; try ..." */
export function infeasibleReason(mem: MemoryBreakdown, hints: FitHints): string {
  const terms: [string, number][] = [
    [`activations ${fmt(mem.activationsGiB)} GiB (peak ${hints.peakChunks} chunks)`, mem.activationsGiB],
    [`gradients ${fmt(mem.gradientsGiB)} GiB`, mem.gradientsGiB],
    [`parameters ${fmt(mem.parametersGiB)} GiB`, mem.parametersGiB],
    [`optimizer state ${fmt(mem.optimizerGiB)} GiB`, mem.optimizerGiB],
    [`communication buffers ${fmt(mem.commBuffersGiB)} GiB`, mem.commBuffersGiB],
  ];
  terms.sort((a, b) => b[1] - a[1]);
  const largest = terms
    .filter(([, v]) => v > 0)
    .slice(0, 3)
    .map(([text]) => text);
  const fixes: string[] = [];
  const activationsLead = terms[0]![0].startsWith('activations');
  if (activationsLead) {
    if (hints.recompute === 'none') fixes.push('recompute=selective');
    else if (hints.recompute === 'selective') fixes.push('recompute=full');
    if (hints.microBatchSize > 1) fixes.push('a smaller micro-batch');
    fixes.push('a schedule with fewer chunks in flight');
  }
  fixes.push('more PP');
  if (hints.moe) fixes.push('a wider EP');
  return `does not fit in ${fmt(mem.capacityGiB)} GiB (${fmt(mem.totalGiB)} GiB needed): ${largest.join(', ')}; try ${fixes.join(', ')}`;
}
