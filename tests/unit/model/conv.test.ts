import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import {
  conv1x1,
  conv3x3,
  conv3x3CustomGrad,
  conv3x3FilterGrad,
  conv3x3FrozenFilter,
  dense,
  rotate180,
} from '../../../src/core/model/layers';
import { NODE_BACKENDS, onBackend, relativeL2Error } from '../support/backends';
import { seededTensor4d, values } from '../support/tensors';

/** Value and gradients (x, w) of Σ conv(x, w)·dy for a given conv implementation. */
function convAndGrads(conv: (x: tf.Tensor4D, w: tf.Tensor4D) => tf.Tensor4D, seed: number, shape = { b: 2, h: 6, w: 5, cin: 3, cout: 4 }) {
  return tf.tidy(() => {
    const x = seededTensor4d([shape.b, shape.h, shape.w, shape.cin], seed);
    const w = seededTensor4d([3, 3, shape.cin, shape.cout], seed + 1);
    const dy = seededTensor4d([shape.b, shape.h, shape.w, shape.cout], seed + 2);
    const [dx, dw] = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(conv(a as tf.Tensor4D, b as tf.Tensor4D), dy)))([x, w]);
    return { y: values(conv(x, w)), dx: values(dx as tf.Tensor), dw: values(dw as tf.Tensor) };
  });
}

const nativeConv = (x: tf.Tensor4D, w: tf.Tensor4D) => tf.conv2d(x, w, 1, 'same');

describe('conv3x3FilterGrad', () => {
  it('matches a hand computation: dy one-hot at output (0,0) picks the zero-padded 3x3 window', async () => {
    for (const backend of NODE_BACKENDS) {
      const got = await onBackend(backend, () =>
        tf.tidy(() => {
          const dy = tf.buffer([1, 2, 2, 1]);
          dy.set(1, 0, 0, 0, 0);
          return values(conv3x3FilterGrad(tf.tensor4d([1, 2, 3, 4], [1, 2, 2, 1]), dy.toTensor() as tf.Tensor4D));
        }),
      );
      // Padded input rows: [0 0 0 0], [0 1 2 0], [0 3 4 0], [0 0 0 0]; window at (0,0) = top-left 3x3.
      expect(got, backend).toEqual([0, 0, 0, 0, 1, 2, 0, 3, 4]);
    }
  });
});

describe('rotate180', () => {
  it('reverses the 3x3 taps of every (cin, cout) pair', async () => {
    for (const backend of NODE_BACKENDS) {
      const got = await onBackend(backend, () =>
        tf.tidy(() => {
          // taps 1..9 for channel pair (0,0), their negatives for (0,1)
          const v = Array.from({ length: 9 }, (_, i) => [i + 1, -(i + 1)]).flat();
          return values(rotate180(tf.tensor4d(v, [3, 3, 1, 2])));
        }),
      );
      expect(got, backend).toEqual([9, -9, 8, -8, 7, -7, 6, -6, 5, -5, 4, -4, 3, -3, 2, -2, 1, -1]);
    }
  });
});

describe('conv3x3CustomGrad vs tf.conv2d autodiff on cpu', () => {
  it('gives the same output and gradients (x and filter)', async () => {
    const [ours, ref] = await onBackend('cpu', () => [convAndGrads(conv3x3CustomGrad, 10), convAndGrads(nativeConv, 10)]);
    expect(relativeL2Error(ours.y, ref.y)).toBeLessThan(1e-6);
    expect(relativeL2Error(ours.dx, ref.dx)).toBeLessThan(1e-6);
    expect(relativeL2Error(ours.dw, ref.dw)).toBeLessThan(1e-6);
  });

  it('also for a single input channel and batch 1 (the first encoder conv)', async () => {
    const shape = { b: 1, h: 8, w: 8, cin: 1, cout: 5 };
    const [ours, ref] = await onBackend('cpu', () => [convAndGrads(conv3x3CustomGrad, 20, shape), convAndGrads(nativeConv, 20, shape)]);
    expect(relativeL2Error(ours.dx, ref.dx)).toBeLessThan(1e-6);
    expect(relativeL2Error(ours.dw, ref.dw)).toBeLessThan(1e-6);
  });
});

describe('conv3x3 on wasm', () => {
  it('trains: its gradients equal the cpu autodiff reference', async () => {
    const ref = await onBackend('cpu', () => convAndGrads(nativeConv, 30));
    const wasm = await onBackend('wasm', () => convAndGrads(conv3x3, 30));
    expect(relativeL2Error(wasm.y, ref.y)).toBeLessThan(1e-5);
    expect(relativeL2Error(wasm.dx, ref.dx)).toBeLessThan(1e-5);
    expect(relativeL2Error(wasm.dw, ref.dw)).toBeLessThan(1e-5);
  });

  it('stock tf.conv2d cannot be trained on wasm (the reason for the custom gradient)', async () => {
    await onBackend('wasm', () => {
      expect(() => convAndGrads(nativeConv, 40)).toThrow(/Conv2DBackpropFilter/);
    });
  });
});

describe.each(NODE_BACKENDS)('conv3x3FrozenFilter on %s', (backend) => {
  it('has the same input gradient as the trainable conv', async () => {
    const r = await onBackend(backend, () =>
      tf.tidy(() => {
        const x = seededTensor4d([2, 4, 4, 2], 50);
        const w = seededTensor4d([3, 3, 2, 3], 51);
        const dy = seededTensor4d([2, 4, 4, 3], 52);
        const f = (conv: typeof conv3x3FrozenFilter) => values(tf.grad((a: tf.Tensor) => tf.sum(tf.mul(conv(a as tf.Tensor4D, w), dy)))(x));
        return { frozen: f(conv3x3FrozenFilter), trainable: f(conv3x3CustomGrad) };
      }),
    );
    expect(relativeL2Error(r.frozen, r.trainable)).toBeLessThan(1e-6);
  });
});

describe('conv1x1 and dense', () => {
  it('compute x·W + b per pixel / per row', async () => {
    for (const backend of NODE_BACKENDS) {
      const r = await onBackend(backend, () =>
        tf.tidy(() => ({
          conv: values(conv1x1(tf.tensor4d([1, 2, 3, 4], [1, 1, 2, 2]), tf.tensor2d([1, -1, 2, 0.5], [2, 2]), tf.tensor1d([0.5, 1]))),
          dense: values(dense(tf.tensor2d([1, 2], [1, 2]), tf.tensor2d([3, 4, 5, 6], [2, 2]), tf.tensor1d([-1, 1]))),
        })),
      );
      // pixel (1,2): [1+4+0.5, -1+1+1]; pixel (3,4): [3+8+0.5, -3+2+1]
      expect(r.conv, backend).toEqual([5.5, 1, 11.5, 0]);
      expect(r.dense, backend).toEqual([12, 17]);
    }
  });

  it('reject mismatched shapes with a clear message', () => {
    expect(() => conv1x1(tf.zeros([1, 2, 2, 3]) as tf.Tensor4D, tf.zeros([2, 1]) as tf.Tensor2D, tf.zeros([1]) as tf.Tensor1D)).toThrow(
      /weight must have shape \[3,Cout\]/,
    );
    expect(() => conv3x3(tf.zeros([1, 4, 4, 3]) as tf.Tensor4D, tf.zeros([3, 3, 2, 4]) as tf.Tensor4D)).toThrow(/expects 2 input channels but the input has 3/);
  });
});
