import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { upsampleBilinear2x, upsampleBilinear2xReference } from '../../../src/core/model/layers';
import { NODE_BACKENDS, onBackend, relativeL2Error } from '../support/backends';
import { seededTensor4d, values } from '../support/tensors';

// Input [[1,2],[3,4]]. Half-pixel centres: output row i samples input row i/2 − 1/4 (clamped at the borders).
// Rows after the H pass: [1,2], [1.5,2.5] (= .75·r0+.25·r1), [2.5,3.5], [3,4]; each row [a,b] then becomes
// [a, .75a+.25b, .25a+.75b, b].
const EXPECTED_4x4 = [1, 1.25, 1.75, 2, 1.5, 1.75, 2.25, 2.5, 2.5, 2.75, 3.25, 3.5, 3, 3.25, 3.75, 4];

describe.each(NODE_BACKENDS)('upsampleBilinear2x on %s', (backend) => {
  it('matches the hand-computed 2x2 → 4x4 case', async () => {
    const got = await onBackend(backend, () => tf.tidy(() => values(upsampleBilinear2x(tf.tensor4d([1, 2, 3, 4], [1, 2, 2, 1])))));
    got.forEach((v, i) => expect(v).toBeCloseTo(EXPECTED_4x4[i] as number, 6));
  });

  it('has the hand-computed gradient for one output pixel', async () => {
    // out(1,2) = .25·(.75·x00 + .25·x10) + .75·(.75·x01 + .25·x11)
    const got = await onBackend(backend, () =>
      tf.tidy(() => {
        const dy = tf.buffer([1, 4, 4, 1]);
        dy.set(1, 0, 1, 2, 0);
        const g = tf.grad((x: tf.Tensor) => tf.sum(tf.mul(upsampleBilinear2x(x as tf.Tensor4D), dy.toTensor())));
        return values(g(tf.tensor4d([1, 2, 3, 4], [1, 2, 2, 1])));
      }),
    );
    const expected = [0.1875, 0.5625, 0.0625, 0.1875];
    got.forEach((v, i) => expect(v).toBeCloseTo(expected[i] as number, 6));
  });

  it('equals tf.image.resizeBilinear (half-pixel centres) and its gradient is that op’s exact adjoint', async () => {
    // For a linear map L, <L x, dy> = <x, Lᵀ dy>. Using the native forward for L and our gradient for Lᵀ dy
    // checks our backward pass against an independent implementation on every pixel, batch and channel.
    const r = await onBackend(backend, () =>
      tf.tidy(() => {
        const x = seededTensor4d([2, 5, 3, 3], 1);
        const dy = seededTensor4d([2, 10, 6, 3], 2);
        const native = tf.image.resizeBilinear(x, [10, 6], false, true);
        const ours = upsampleBilinear2x(x);
        const grad = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(upsampleBilinear2x(t as tf.Tensor4D), dy)))(x);
        return {
          forward: relativeL2Error(values(ours), values(native)),
          lhs: tf.sum(tf.mul(native, dy)).dataSync()[0] as number,
          rhs: tf.sum(tf.mul(x, grad)).dataSync()[0] as number,
        };
      }),
    );
    expect(r.forward).toBeLessThan(1e-6);
    expect(Math.abs(r.lhs - r.rhs)).toBeLessThan(1e-4 * Math.max(1, Math.abs(r.lhs)));
  });
});

describe.each(NODE_BACKENDS)('upsampleBilinear2x hand-written adjoint on %s', (backend) => {
  it.each([
    [2, 4, 6, 3],
    [1, 8, 8, 16],
    [1, 1, 3, 2],
    [1, 2, 1, 1],
  ])('equals autodiff through the forward slices for input [%i,%i,%i,%i]', async (b, h, w, c) => {
    const r = await onBackend(backend, () =>
      tf.tidy(() => {
        const x = seededTensor4d([b, h, w, c], 11);
        const dy = seededTensor4d([b, 2 * h, 2 * w, c], 12);
        const grad = (f: typeof upsampleBilinear2x) => values(tf.grad((t: tf.Tensor) => tf.sum(tf.mul(f(t as tf.Tensor4D), dy)))(x));
        return { y: values(upsampleBilinear2x(x)), yRef: values(upsampleBilinear2xReference(x)), g: grad(upsampleBilinear2x), gRef: grad(upsampleBilinear2xReference) };
      }),
    );
    // The native forward kernel against the slice-built one, and the depthwise-conv adjoint against autodiff.
    expect(relativeL2Error(r.y, r.yRef)).toBeLessThan(1e-6);
    expect(relativeL2Error(r.g, r.gRef)).toBeLessThan(1e-6);
  });
});

describe('why upsampleBilinear2x exists', () => {
  it('tfjs 4.22 ResizeBilinearGrad ignores half-pixel centres on cpu (if this starts failing, tfjs fixed it)', async () => {
    const g = await onBackend('cpu', () =>
      tf.tidy(() => {
        const dy = tf.buffer([1, 4, 4, 1]);
        dy.set(1, 0, 1, 2, 0);
        const f = (x: tf.Tensor) => tf.sum(tf.mul(tf.image.resizeBilinear(x as tf.Tensor4D, [4, 4], false, true), dy.toTensor()));
        return values(tf.grad(f)(tf.tensor4d([1, 2, 3, 4], [1, 2, 2, 1])));
      }),
    );
    // The exact answer (see above) is [0.1875, 0.5625, 0.0625, 0.1875].
    expect(relativeL2Error(g, [0.1875, 0.5625, 0.0625, 0.1875])).toBeGreaterThan(0.05);
  });
});
