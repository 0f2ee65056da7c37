// Seeded inverted dropout with a memory-lean gradient.
// The mask is drawn in JavaScript (seedrandom's alea, the PRNG tfjs' own randomUniform uses), so the same seed
// gives the same mask on every backend; the caller takes the seed from an Rng (no global state).
// Every image (row of the batch) gets its own stream, seeded by (layer seed, global row index): an image's mask
// does not depend on which other images share its forward pass, so a training step split into chunks
// (src/core/train/chunked-step.ts, issue 8) drops exactly the same units as the whole-batch step.
// Autodiff through tf.dropout would keep the input, the float multiplier and the uniform draws alive until
// the backward pass; this keeps only a boolean keep-mask (1 byte per element on wasm/cpu), uploaded once.
import * as tf from '@tensorflow/tfjs';
import seedrandom from 'seedrandom';
import { cachedScalar } from '../../cached-constants';

/**
 * Keep-mask of `shape` (bool): element i of row b is kept when u ≥ rate, u the i-th draw of the stream
 * `${seed}/${rowOffset + b}` (as tf.dropout: keep where u + (1 − rate) ≥ 1).
 */
function keepMask(shape: number[], rate: number, seed: number, rowOffset: number): tf.Tensor {
  const rows = shape[0] ?? 1;
  const perRow = shape.slice(1).reduce((a, b) => a * b, 1);
  const keep = new Uint8Array(rows * perRow);
  for (let b = 0; b < rows; b++) {
    const u = seedrandom.alea(`${seed}/${rowOffset + b}`);
    const base = b * perRow;
    for (let i = 0; i < perRow; i++) keep[base + i] = u() >= rate ? 1 : 0;
  }
  return tf.tensor(keep, shape, 'bool');
}

/**
 * Zeroes each element with probability `rate` and scales the rest by 1/(1−rate). `rowOffset`: index of x's
 * first row in the whole step batch (non-zero when a step is computed in chunks), so row b uses the stream of
 * global row rowOffset + b.
 */
export function seededDropout<T extends tf.Tensor>(x: T, rate: number, seed: number, rowOffset = 0): T {
  if (!(rate >= 0 && rate < 1)) throw new Error(`seededDropout: rate must be in [0, 1), got ${rate}`);
  if (!Number.isInteger(seed)) throw new Error(`seededDropout: seed must be an integer, got ${seed}`);
  if (!Number.isInteger(rowOffset) || rowOffset < 0) throw new Error(`seededDropout: rowOffset must be an integer >= 0, got ${rowOffset}`);
  if (rate === 0) return x.clone() as T;
  const scale = cachedScalar(1 / (1 - rate));
  const op = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const input = args[0] as tf.Tensor;
    const save = args[1] as tf.GradSaveFunc;
    const keep = keepMask(input.shape, rate, seed, rowOffset);
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
export function seededDropoutReference<T extends tf.Tensor>(x: T, rate: number, seed: number, rowOffset = 0): T {
  if (rate === 0) return x.clone() as T;
  return tf.tidy(() => tf.mul(tf.cast(keepMask(x.shape, rate, seed, rowOffset), 'float32'), tf.mul(x, 1 / (1 - rate))) as T);
}
