import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { maxPool2x2, maxPool2x2Reference } from '../../../src/core/model/layers';
import { NODE_BACKENDS, onBackend } from '../support/backends';
import { seededTensor4d, values } from '../support/tensors';

// One 4x4 single-channel image, mostly negative (wasm's native MaxPoolGrad is wrong there):
//  -5  -1 | -3  -4
//  -2  -7 | -9  -3      windows: max -1 at (0,1); max -3 at (0,2) tied with (1,3) → first in row-major order
//  ----------------
//   0.5 -2 |  8   8     windows: max 0.5 at (2,0); max 8 tied at (2,2),(2,3) and (3,3)
//  -1   -3 |  2   8
const X = [-5, -1, -3, -4, -2, -7, -9, -3, 0.5, -2, 8, 8, -1, -3, 2, 8];

describe.each(NODE_BACKENDS)('maxPool2x2 on %s', (backend) => {
  it('takes the max of each 2x2 window', async () => {
    const got = await onBackend(backend, () => tf.tidy(() => Array.from(maxPool2x2(tf.tensor4d(X, [1, 4, 4, 1])).dataSync())));
    expect(got).toEqual([-1, -3, 0.5, 8]);
  });

  it('routes each window gradient to exactly one maximum (ties: top-left first)', async () => {
    const got = await onBackend(backend, () =>
      tf.tidy(() => {
        const dy = tf.tensor4d([10, 20, 30, 40], [1, 2, 2, 1]);
        const g = tf.grad((x: tf.Tensor) => tf.sum(tf.mul(maxPool2x2(x as tf.Tensor4D), dy)));
        return Array.from(g(tf.tensor4d(X, [1, 4, 4, 1])).dataSync());
      }),
    );
    expect(got).toEqual([0, 10, 20, 0, 0, 0, 0, 0, 30, 0, 40, 0, 0, 0, 0, 0]);
  });

  it('handles batches and channels independently', async () => {
    const got = await onBackend(backend, () =>
      tf.tidy(() => {
        // [2,2,2,2]: sample s, channel c holds 4 values; each window is the whole 2x2 image.
        const x = tf.tensor4d([1, -1, 2, -2, 3, -3, 4, -4, -8, 5, -6, 6, -7, 7, -5, 8], [2, 2, 2, 2]);
        return Array.from(maxPool2x2(x).dataSync());
      }),
    );
    expect(got).toEqual([4, -1, -5, 8]);
  });
});

describe.each(NODE_BACKENDS)('maxPool2x2 vs autodiff through slices and tf.maximum on %s', (backend) => {
  it('gives identical values and gradients on random data', async () => {
    const r = await onBackend(backend, () =>
      tf.tidy(() => {
        const x = seededTensor4d([3, 6, 4, 5], 8);
        const dy = seededTensor4d([3, 3, 2, 5], 9);
        const grad = (f: typeof maxPool2x2) => values(tf.grad((t: tf.Tensor) => tf.sum(tf.mul(f(t as tf.Tensor4D), dy)))(x));
        return { y: values(maxPool2x2(x)), yRef: values(maxPool2x2Reference(x)), g: grad(maxPool2x2), gRef: grad(maxPool2x2Reference) };
      }),
    );
    expect(r.y).toEqual(r.yRef);
    // + 0 turns −0 (a gradient times a zero mask) into 0: equal as numbers, not under toEqual.
    expect(r.g.map((v) => v + 0)).toEqual(r.gRef.map((v) => v + 0));
  });
});

describe.each(NODE_BACKENDS)('maxPool2x2 with many ties on %s', (backend) => {
  it('routes ties like the reference: left column first, then top (e.g. top-right tied with bottom-left)', async () => {
    const r = await onBackend(backend, () =>
      tf.tidy(() => {
        // Values in {-1, 0, 1}: most windows hold ties, in every arrangement.
        const x = tf.round(seededTensor4d([2, 16, 12, 3], 21, -1.4, 1.4)) as tf.Tensor4D;
        const dy = seededTensor4d([2, 8, 6, 3], 22);
        const grad = (f: typeof maxPool2x2) => values(tf.grad((t: tf.Tensor) => tf.sum(tf.mul(f(t as tf.Tensor4D), dy)))(x));
        const one = tf.tensor4d([0, 1, 1, 0], [1, 2, 2, 1]); // top-right and bottom-left tied
        const gOne = values(tf.grad((t: tf.Tensor) => tf.sum(maxPool2x2(t as tf.Tensor4D)))(one));
        return { g: grad(maxPool2x2), gRef: grad(maxPool2x2Reference), gOne };
      }),
    );
    expect(r.g.map((v) => v + 0)).toEqual(r.gRef.map((v) => v + 0));
    expect(r.gOne).toEqual([0, 0, 1, 0]);
  });
});

describe('maxPool2x2 input checks', () => {
  it('rejects odd sizes with a clear message', () => {
    expect(() => maxPool2x2(tf.zeros([1, 3, 4, 1]) as tf.Tensor4D)).toThrow(/must be even, got 3x4/);
  });
});
