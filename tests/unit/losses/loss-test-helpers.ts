// Helpers for the loss tests: read a tensor out and compare with hand-computed numbers.
import type * as tf from '@tensorflow/tfjs';
import { expect } from 'vitest';

/** Reads the tensor (without disposing it) and checks every entry against `expected` to `digits` decimals. */
export function expectValues(t: tf.Tensor, expected: number | number[], digits = 5): void {
  const actual = Array.from(t.dataSync());
  const want = typeof expected === 'number' ? [expected] : expected;
  expect(actual.length, `tensor has ${actual.length} entries, expected ${want.length}`).toBe(want.length);
  want.forEach((w, i) => expect(actual[i], `entry ${i}`).toBeCloseTo(w, digits));
}

/** Reads a scalar tensor and disposes it. */
export function takeScalar(t: tf.Tensor): number {
  const v = t.dataSync()[0] as number;
  t.dispose();
  return v;
}
