import type * as TF from '@tensorflow/tfjs';
import type { Arith } from '../model/arith.js';
import type { Tf } from './tensor-backend.js';

/**
 * The cost model's arithmetic on TensorFlow.js scalars, so the model's own GEMM and all-to-all formulas can be
 * differentiated with respect to their efficiency inputs. max/min pass the gradient to the larger/smaller side,
 * which is the subgradient Adam needs at the roofline's corner.
 */
export function tensorArith(tf: Tf): Arith<TF.Tensor> {
  return {
    constant: (value) => tf.scalar(value),
    add: (a, b) => tf.add(a, b),
    sub: (a, b) => tf.sub(a, b),
    mul: (a, b) => tf.mul(a, b),
    div: (a, b) => tf.div(a, b),
    max: (a, b) => tf.maximum(a, b),
    min: (a, b) => tf.minimum(a, b),
    pow: (a, b) => tf.pow(a, b),
  };
}
