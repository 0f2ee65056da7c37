// Backend-independent test inputs: values come from a seeded Rng in JavaScript, so the same seed gives the
// same tensor on cpu, wasm, webgl and webgpu.
import * as tf from '@tensorflow/tfjs';
import { createRng } from '../../../src/core/rng';

/** Uniform values in [lo, hi) from `seed`. */
export function seededUniform(shape: number[], seed: number, lo = -1, hi = 1): Float32Array {
  const rng = createRng(seed);
  const n = shape.reduce((a, b) => a * b, 1);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = rng.uniform(lo, hi);
  return out;
}

export function seededTensor4d(shape: [number, number, number, number], seed: number, lo = -1, hi = 1): tf.Tensor4D {
  return tf.tensor4d(seededUniform(shape, seed, lo, hi), shape);
}

/** Reads a tensor's values into a plain array (outside tf.tidy: a big typed array returned from tidy is slow). */
export function values(t: tf.Tensor): number[] {
  return Array.from(t.dataSync());
}
