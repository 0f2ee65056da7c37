import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { INSTANCE_NORM_EPSILON, instanceNorm } from '../../../src/core/model/layers';
import { NODE_BACKENDS, onBackend } from '../support/backends';

// x: [B=2, H=2, W=2, C=2]. Channel 0 of sample 0 holds 1,2,3,4 and channel 1 holds 10,10,10,30;
// sample 1 holds -2,0,2,4 and 5,5,5,5 (a constant channel).
const X = [1, 10, 2, 10, 3, 10, 4, 30, -2, 5, 0, 5, 2, 5, 4, 5];

describe.each(NODE_BACKENDS)('instanceNorm on %s', (backend) => {
  it('matches a hand computation, per sample and per channel, with gamma and beta', async () => {
    const got = await onBackend(backend, () =>
      tf.tidy(() => {
        const x = tf.tensor4d(X, [2, 2, 2, 2]);
        return Array.from(instanceNorm(x, tf.tensor1d([2, 1]), tf.tensor1d([0.5, -1])).dataSync());
      }),
    );
    const eps = INSTANCE_NORM_EPSILON;
    // sample 0, channel 0: mean 2.5, biased variance (2.25+0.25+0.25+2.25)/4 = 1.25
    const s00 = (v: number) => (2 * (v - 2.5)) / Math.sqrt(1.25 + eps) + 0.5;
    // sample 0, channel 1: mean 15, variance (25+25+25+225)/4 = 75
    const s01 = (v: number) => (v - 15) / Math.sqrt(75 + eps) - 1;
    // sample 1, channel 0: mean 1, variance (9+1+1+9)/4 = 5
    const s10 = (v: number) => (2 * (v - 1)) / Math.sqrt(5 + eps) + 0.5;
    // sample 1, channel 1: constant → variance 0, output = beta
    const expected = [s00(1), s01(10), s00(2), s01(10), s00(3), s01(10), s00(4), s01(30), s10(-2), -1, s10(0), -1, s10(2), -1, s10(4), -1];
    expect(got).toHaveLength(16);
    got.forEach((v, i) => expect(v).toBeCloseTo(expected[i] as number, 5));
  });

  it('has the gradients implied by the normalisation', async () => {
    const [dx, dGamma, dBeta] = await onBackend(backend, () =>
      tf.tidy(() => {
        const x = tf.tensor4d(X, [2, 2, 2, 2]);
        // Loss = Σ outputs · w_c with a weight constant per channel. The normalised values of each
        // (sample, channel) sum to zero, so dL/dx = 0 and dL/dgamma = 0, while dL/dbeta_c = B·H·W·w_c = 8·w_c.
        const w = tf.tensor1d([3, -2]);
        const g = tf.grads((a: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor) =>
          tf.sum(tf.mul(instanceNorm(a as tf.Tensor4D, gamma as tf.Tensor1D, beta as tf.Tensor1D), w)),
        )([x, tf.tensor1d([2, 1]), tf.tensor1d([0.5, -1])]);
        return g.map((t) => Array.from(t.dataSync()));
      }),
    );
    dx?.forEach((v) => expect(Math.abs(v)).toBeLessThan(1e-4));
    dGamma?.forEach((v) => expect(Math.abs(v)).toBeLessThan(1e-4));
    expect(dBeta?.[0]).toBeCloseTo(24, 4);
    expect(dBeta?.[1]).toBeCloseTo(-16, 4);
  });

  it('gives dL/dgamma = Σ normalised·dy for a one-hot dy', async () => {
    const dGamma = await onBackend(backend, () =>
      tf.tidy(() => {
        const x = tf.tensor4d(X, [2, 2, 2, 2]);
        const dy = tf.buffer([2, 2, 2, 2]);
        dy.set(1, 0, 1, 1, 0); // sample 0, pixel (1,1), channel 0: x = 4
        const g = tf.grad((gamma: tf.Tensor) => tf.sum(tf.mul(instanceNorm(x, gamma as tf.Tensor1D, tf.zeros([2]) as tf.Tensor1D), dy.toTensor())));
        return Array.from(g(tf.tensor1d([2, 1])).dataSync());
      }),
    );
    expect(dGamma[0]).toBeCloseTo(1.5 / Math.sqrt(1.25 + INSTANCE_NORM_EPSILON), 5);
    expect(dGamma[1]).toBeCloseTo(0, 6);
  });
});

describe('instanceNorm input checks', () => {
  it('names the mismatch in its error', () => {
    const x = tf.zeros([1, 2, 2, 3]) as tf.Tensor4D;
    expect(() => instanceNorm(x, tf.ones([2]) as tf.Tensor1D, tf.zeros([2]) as tf.Tensor1D)).toThrow(/shape \[3\] for 3 channels/);
    expect(() => instanceNorm(tf.zeros([2, 2, 3]) as unknown as tf.Tensor4D, tf.ones([3]) as tf.Tensor1D, tf.zeros([3]) as tf.Tensor1D)).toThrow(/rank 4/);
  });
});
