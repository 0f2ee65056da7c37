// Seeded dropout: tf.dropout draws its mask with tfjs's own seeded PRNG in JavaScript, so the same seed gives
// the same mask on every backend. The caller takes the seed from an Rng; there is no global random state.
import * as tf from '@tensorflow/tfjs';

/** Inverted dropout: zeroes each element with probability `rate` and scales the rest by 1/(1−rate). */
export function seededDropout<T extends tf.Tensor>(x: T, rate: number, seed: number): T {
  if (!(rate >= 0 && rate < 1)) throw new Error(`seededDropout: rate must be in [0, 1), got ${rate}`);
  if (!Number.isInteger(seed)) throw new Error(`seededDropout: seed must be an integer, got ${seed}`);
  if (rate === 0) return x.clone() as T;
  return tf.dropout(x, rate, undefined, seed) as T;
}
