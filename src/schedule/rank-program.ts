/**
 * Helper for generators: appends ops to one rank's list and keeps the FIFO of deferred weight backwards, so a
 * generator can say "B, weight gradient deferred" and later "W" (the oldest deferred one), as DualPipe's
 * `_weight_chunk()` does.
 */
import { assertInvariant } from '../errors.js';
import type { Op } from './types.js';

interface Slot {
  readonly microBatch: number;
  readonly chunk: number;
}

export class RankProgram {
  readonly ops: Op[] = [];
  private readonly deferredW: Slot[] = [];
  private deferredHead = 0;

  f(microBatch: number, chunk: number): void {
    this.ops.push({ kind: 'F', microBatch, chunk });
  }

  /** Input backward with its weight backward deferred to a later `w()`. */
  bDeferred(microBatch: number, chunk: number): void {
    this.ops.push({ kind: 'B', microBatch, chunk });
    this.deferredW.push({ microBatch, chunk });
  }

  /** Input + weight backward fused in one op. */
  bw(microBatch: number, chunk: number): void {
    this.ops.push({ kind: 'BW', microBatch, chunk });
  }

  /** Weight backward of the oldest deferred B. */
  w(): void {
    const slot = this.deferredW[this.deferredHead];
    assertInvariant(slot !== undefined, 'a W with no deferred B before it');
    this.deferredHead++;
    this.ops.push({ kind: 'W', microBatch: slot.microBatch, chunk: slot.chunk });
  }

  /** Forward of (fMb, fChunk) overlapped with the full backward of (bMb, bChunk). */
  fb(fMb: number, fChunk: number, bMb: number, bChunk: number): void {
    this.ops.push({ kind: 'FB', microBatch: fMb, chunk: fChunk, backward: { microBatch: bMb, chunk: bChunk } });
  }
}
