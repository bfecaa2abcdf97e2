/**
 * Cholesky factor K = L Lᵀ of a growing symmetric positive-definite matrix, on a Float64Array with a fixed row
 * stride so rows can be appended in O(n²) (new observations, fantasised pending points) and dropped in O(1).
 */
import { dot } from './dot.js';

export class CholeskyFactor {
  /** Row-major lower triangle, row i at data[i * capacity]. */
  private data: Float64Array;
  private capacity: number;
  size = 0;

  constructor(capacity = 16) {
    this.capacity = capacity;
    this.data = new Float64Array(capacity * capacity);
  }

  /**
   * Factors the n×n row-major matrix `matrix` from scratch; null when it is not positive definite. `into`, when big
   * enough, is overwritten instead of allocating (a likelihood evaluated hundreds of times reuses one).
   */
  static factor(matrix: Float64Array, n: number, into?: CholeskyFactor): CholeskyFactor | null {
    const f = into && into.capacity >= n ? into : new CholeskyFactor(Math.max(16, n));
    f.size = 0;
    const L = f.data;
    const c = f.capacity;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j <= i; j++) {
        const sum = matrix[i * n + j]! - dot(L, i * c, L, j * c, j);
        if (i === j) {
          if (!(sum > 0)) return null;
          L[i * c + i] = Math.sqrt(sum);
        } else {
          L[i * c + j] = sum / L[j * c + j]!;
        }
      }
    }
    f.size = n;
    return f;
  }

  at(i: number, j: number): number {
    return this.data[i * this.capacity + j]!;
  }

  /** Solves L x = b for the first `this.size` entries (forward substitution); x may alias b. */
  solveLower(b: ArrayLike<number>, x: Float64Array): Float64Array {
    const L = this.data;
    const c = this.capacity;
    for (let i = 0; i < this.size; i++) x[i] = (b[i]! - dot(L, i * c, x, 0, i)) / L[i * c + i]!;
    return x;
  }

  /** Solves Lᵀ x = b (back substitution); x may alias b. */
  solveUpper(b: ArrayLike<number>, x: Float64Array): Float64Array {
    const L = this.data;
    const c = this.capacity;
    for (let i = this.size - 1; i >= 0; i--) {
      let sum = b[i]!;
      for (let k = i + 1; k < this.size; k++) sum -= L[k * c + i]! * x[k]!;
      x[i] = sum / L[i * c + i]!;
    }
    return x;
  }

  /**
   * Appends the row of a new point with covariances `k` to the current points and variance `kss`:
   * l = L⁻¹k, d = √(kss - lᵀl) (the block Cholesky update). False (and no change) when d² <= 0.
   */
  append(k: ArrayLike<number>, kss: number): boolean {
    if (this.size === this.capacity) this.grow();
    const n = this.size;
    const row = new Float64Array(n);
    this.solveLower(k, row);
    let d2 = kss;
    for (let i = 0; i < n; i++) d2 -= row[i]! * row[i]!;
    if (!(d2 > 0)) return false;
    this.data.set(row, n * this.capacity);
    this.data[n * this.capacity + n] = Math.sqrt(d2);
    this.size = n + 1;
    return true;
  }

  /** Row i of L (its first i+1 entries). */
  row(i: number): Float64Array {
    return this.data.subarray(i * this.capacity, i * this.capacity + i + 1);
  }

  /** Keeps only the first n rows (drops fantasies). */
  truncate(n: number): void {
    this.size = Math.min(this.size, n);
  }

  /** Σ log L_ii = ½ log det K. */
  halfLogDet(): number {
    let sum = 0;
    for (let i = 0; i < this.size; i++) sum += Math.log(this.data[i * this.capacity + i]!);
    return sum;
  }

  /**
   * K⁻¹ as a dense n×n row-major matrix, via L⁻¹ (O(n³)); for the marginal-likelihood gradient. Written into `out`
   * when it is big enough; `scratch` likewise holds L⁻¹ (every entry either is written before it is read).
   */
  inverse(out?: Float64Array, scratch?: Float64Array): Float64Array {
    const n = this.size;
    const c = this.capacity;
    const L = this.data;
    // U = (L⁻¹)ᵀ, upper, row-major: U[j][i] = L⁻¹[i][j], so both loops below run along rows (contiguous memory).
    const U = scratch && scratch.length >= n * n ? scratch : new Float64Array(n * n);
    for (let j = 0; j < n; j++) {
      const uj = j * n;
      U[uj + j] = 1 / L[j * c + j]!;
      for (let i = j + 1; i < n; i++) U[uj + i] = -dot(L, i * c + j, U, uj + j, i - j) / L[i * c + i]!;
    }
    const inv = out && out.length >= n * n ? out : new Float64Array(n * n); // K⁻¹ = L⁻ᵀ L⁻¹: Σ_k≥max(i,j) U[i][k] U[j][k]
    for (let i = 0; i < n; i++) {
      const ui = i * n;
      for (let j = 0; j <= i; j++) {
        const sum = dot(U, ui + i, U, j * n + i, n - i);
        inv[i * n + j] = sum;
        inv[j * n + i] = sum;
      }
    }
    return inv;
  }

  private grow(): void {
    const capacity = this.capacity * 2;
    const data = new Float64Array(capacity * capacity);
    for (let i = 0; i < this.size; i++)
      data.set(this.data.subarray(i * this.capacity, i * this.capacity + i + 1), i * capacity);
    this.data = data;
    this.capacity = capacity;
  }
}
