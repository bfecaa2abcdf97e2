import type * as TF from '@tensorflow/tfjs';
import { atPosition, boundPosition, type ParamSpec } from './bounds.js';
import { tensorArith } from './tensor-arith.js';
import type { Tf } from './tensor-backend.js';
import { disposeGroups, type GenericPredict, groupTraces, replay, traceOf } from './trace.js';

/**
 * Bounded (robust) least squares by gradient descent (Adam) on TensorFlow.js: the fitted parameters are reparameterised through
 * a sigmoid onto their bounds, so every step stays physical (a peak fraction in (0, 1], a rate > 0) without clipping.
 * The residual is the log ratio of prediction to measurement: a 10% miss weighs the same on a 200-TFLOPS GEMM as on a
 * 1500-TFLOPS one.
 */

export interface FitProblem<M> {
  params: ParamSpec[];
  measurements: M[];
  /** Measured value of a row, in the unit the predictor returns. */
  measured: (m: M) => number;
  /** The model's prediction of a row, generic over the arithmetic (traced once, replayed on tensors). */
  predict: GenericPredict<M>;
}

export const LOSSES = ['squared', 'pseudo-huber'] as const;
export type Loss = (typeof LOSSES)[number];

export interface FitOptions {
  steps: number;
  learningRate: number;
  loss: Loss;
  /**
   * Weight of a weak prior pulling each parameter's bound position back to its starting one. A handful of rows
   * cannot pin five kernel parameters; without it the directions they leave free wander to arbitrary values.
   */
  priorWeight: number;
}

export const DEFAULT_FIT_OPTIONS: FitOptions = {
  steps: 600,
  learningRate: 0.05,
  loss: 'pseudo-huber',
  priorWeight: 1e-3,
};

export interface FittedParam {
  spec: ParamSpec;
  value: number;
  /** Position inside the bounds, 0 (lower) to 1 (upper), on the parameter's scale. */
  position: number;
}

export interface FitResult {
  params: FittedParam[];
  /** Mean loss of the log ratios plus the prior, at the start and at the end (float32). */
  lossBefore: number;
  lossAfter: number;
}

export function fit<M>(tf: Tf, problem: FitProblem<M>, options: FitOptions = DEFAULT_FIT_OPTIONS): FitResult {
  const { params, measurements } = problem;
  if (params.length === 0 || measurements.length === 0) {
    return {
      params: params.map((spec) => ({ spec, value: spec.initial, position: boundPosition(spec, spec.initial) })),
      lossBefore: NaN,
      lossAfter: NaN,
    };
  }
  const arith = tensorArith(tf);
  // Unconstrained variables z with value = bound(sigmoid(z)); started at the profile's value, nudged off its bounds.
  const start = params.map((spec) => Math.min(1 - 1e-3, Math.max(1e-3, boundPosition(spec, spec.initial))));
  const raw = start.map((p) => tf.tidy(() => tf.variable(tf.scalar(Math.log(p / (1 - p))), true)));
  const keys = params.map((spec) => spec.key);
  const groups = groupTraces(
    tf,
    measurements.map((m) => traceOf(problem.predict, keys, m)),
  );
  const logMeasured = groups.map((group) =>
    tf.tensor1d(group.rows.map((row) => Math.log(problem.measured(measurements[row]!)))),
  );
  const loss = (): TF.Scalar => {
    const positions = raw.map((z) => tf.sigmoid(z));
    const values = Object.fromEntries(params.map((spec, i) => [spec.key, toBounds(tf, spec, positions[i]!)]));
    const residuals = groups.map((group, g) => {
      const predicted = tf.broadcastTo(replay(arith, group, values), [group.rows.length]);
      return tf.sub(tf.log(predicted), logMeasured[g]!);
    });
    const prior = tf.sum(tf.stack(positions.map((p, i) => tf.square(tf.sub(p, start[i]!)))));
    return tf.add(meanLoss(tf, options.loss, tf.concat(residuals)), tf.mul(options.priorWeight, prior));
  };
  try {
    const lossBefore = tf.tidy(() => loss().dataSync()[0]!);
    const optimizer = tf.train.adam(options.learningRate);
    try {
      for (let step = 0; step < options.steps; step++) optimizer.minimize(loss, false, raw);
    } finally {
      optimizer.dispose();
    }
    const lossAfter = tf.tidy(() => loss().dataSync()[0]!);
    const fitted = params.map((spec, i) => {
      const position = tf.tidy(() => tf.sigmoid(raw[i]!).dataSync()[0]!);
      return { spec, value: atPosition(spec, position), position };
    });
    return { params: fitted, lossBefore, lossAfter };
  } finally {
    raw.forEach((v) => v.dispose());
    logMeasured.forEach((t) => t.dispose());
    disposeGroups(groups);
  }
}

/** Log ratio (~10%) where the pseudo-Huber loss turns from squares to absolute values. */
export const HUBER_DELTA = 0.1;

/**
 * Mean loss of the log ratios. Pseudo-Huber, delta^2 (sqrt(1 + (r / delta)^2) - 1), is least squares for misses under
 * ~delta and absolute error beyond, so a row the model cannot explain (a missing term) does not drag every parameter
 * towards it; diagnose() reports such rows instead.
 */
function meanLoss(tf: Tf, loss: Loss, residuals: TF.Tensor): TF.Scalar {
  switch (loss) {
    case 'squared':
      return tf.mean(tf.square(residuals));
    case 'pseudo-huber': {
      const scaled = tf.div(residuals, HUBER_DELTA);
      return tf.mean(tf.mul(HUBER_DELTA * HUBER_DELTA, tf.sub(tf.sqrt(tf.add(1, tf.square(scaled))), 1)));
    }
  }
}

function toBounds(tf: Tf, spec: ParamSpec, position: TF.Tensor): TF.Tensor {
  switch (spec.scale) {
    case 'linear':
      return tf.add(spec.lower, tf.mul(spec.upper - spec.lower, position));
    case 'log': {
      const logLower = Math.log(spec.lower);
      return tf.exp(tf.add(logLower, tf.mul(Math.log(spec.upper) - logLower, position)));
    }
  }
}
