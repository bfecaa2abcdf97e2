/**
 * Where each chunk of the model lives, per family. A "stage" is a position along one micro-batch's path.
 * Returning -1 means the rank's chunk does not carry that micro-batch (dualpipe: each chunk serves one direction).
 */

/** Stage r on rank r, one chunk per rank (gpipe, 1f1b, zb-h1, zb-h2). */
export const linearStage = (rank: number): number => rank;

/** Megatron interleaving: rank r holds stages r, r+p, r+2p, ... (chunk c = stage c*p + r). */
export const interleavedStage =
  (pp: number) =>
  (rank: number, chunk: number): number =>
    chunk * pp + rank;

/** V shape over 2p stages: chunk 0 of rank r is stage r (going down), chunk 1 is stage 2p-1-r (coming back). */
export const vStage =
  (pp: number) =>
  (rank: number, chunk: number): number =>
    chunk === 0 ? rank : 2 * pp - 1 - rank;

/**
 * DualPipe: micro-batches 0 .. m/2-1 flow rank 0 -> p-1 (direction 0), m/2 .. m-1 flow p-1 -> 0 (direction 1).
 * Chunk d of a rank is its stage in direction d: rank r is stage r of direction 0 and stage p-1-r of direction 1.
 */
export const dualStage =
  (pp: number, microBatches: number) =>
  (rank: number, chunk: number, microBatch: number): number => {
    const direction = microBatch < microBatches / 2 ? 0 : 1;
    if (chunk !== direction) return -1;
    return direction === 0 ? rank : pp - 1 - rank;
  };
