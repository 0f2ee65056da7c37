// Seeded inverted dropout with a memory-lean gradient.
// The mask comes from tf.randomUniform with an explicit seed, which tfjs draws in JavaScript (seedrandom), so
// the same seed gives the same mask on every backend; the caller takes the seed from an Rng (no global state).
// Autodiff through tf.dropout would keep the input, the float multiplier and the uniform draws alive until
// the backward pass; this keeps only a boolean keep-mask (1 byte per element on wasm/cpu).
import * as tf from '@tensorflow/tfjs';

/** Same draw as tf.dropout: keep where u + (1 − rate) ≥ 1, i.e. u ≥ rate. */
function keepMask(shape: number[], rate: number, seed: number): tf.Tensor {
  return tf.tidy(() => tf.greaterEqual(tf.randomUniform(shape, 0, 1, 'float32', seed), rate));
}

/** Zeroes each element with probability `rate` and scales the rest by 1/(1−rate). */
export function seededDropout<T extends tf.Tensor>(x: T, rate: number, seed: number): T {
  if (!(rate >= 0 && rate < 1)) throw new Error(`seededDropout: rate must be in [0, 1), got ${rate}`);
  if (!Number.isInteger(seed)) throw new Error(`seededDropout: seed must be an integer, got ${seed}`);
  if (rate === 0) return x.clone() as T;
  const scale = 1 / (1 - rate);
  const op = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const input = args[0] as tf.Tensor;
    const save = args[1] as tf.GradSaveFunc;
    const keep = keepMask(input.shape, rate, seed);
    save([keep]);
    const masked = (k: tf.Tensor, t: tf.Tensor) => tf.mul(tf.cast(k, 'float32'), tf.mul(t, scale));
    return {
      value: masked(keep, input),
      // tidy: tfjs runs custom gradients outside any tidy and would keep the temporaries to the end of backprop.
      gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => [tf.tidy(() => masked(saved[0] as tf.Tensor, dy as tf.Tensor))],
    };
  });
  return op(x) as T;
}

/** The same dropout (same mask for the same seed) by plain autodiff: the reference for tests. */
export function seededDropoutReference<T extends tf.Tensor>(x: T, rate: number, seed: number): T {
  if (rate === 0) return x.clone() as T;
  return tf.tidy(() => tf.mul(tf.cast(keepMask(x.shape, rate, seed), 'float32'), tf.mul(x, 1 / (1 - rate))) as T);
}
