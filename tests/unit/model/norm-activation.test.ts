import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { INSTANCE_NORM_EPSILON, instanceNormLeakyRelu, instanceNormLeakyReluReference } from '../../../src/core/model/layers';
import { NODE_BACKENDS, onBackend, relativeL2Error } from '../support/backends';
import { seededTensor4d, seededUniform, values } from '../support/tensors';

type Impl = typeof instanceNormLeakyRelu;

/** Output and gradients (x, gamma, beta) of Σ f(x)·dy. */
function valueAndGrads(f: Impl, shape: [number, number, number, number] = [2, 5, 4, 3], lo = -3, hi = 3) {
  return tf.tidy(() => {
    const c = shape[3];
    const x = seededTensor4d(shape, 1, lo, hi);
    const gamma = tf.tensor1d(seededUniform([c], 2, 0.5, 2));
    const beta = tf.tensor1d(seededUniform([c], 3, -0.5, 0.5));
    const dy = seededTensor4d(shape, 4);
    const loss = (a: tf.Tensor, g: tf.Tensor, b: tf.Tensor) =>
      tf.sum(tf.mul(f(a as tf.Tensor4D, g as tf.Tensor1D, b as tf.Tensor1D, 0.2), dy));
    const [dx, dg, db] = tf.grads(loss)([x, gamma, beta]).map(values);
    return { y: values(f(x, gamma, beta, 0.2)), dx: dx as number[], dg: dg as number[], db: db as number[] };
  });
}

describe.each(NODE_BACKENDS)('instanceNormLeakyRelu on %s', (backend) => {
  it('equals InstanceNorm then LeakyReLU, values and all three gradients, to 1e-5', async () => {
    const [ours, ref] = await onBackend(backend, () => [valueAndGrads(instanceNormLeakyRelu), valueAndGrads(instanceNormLeakyReluReference)]);
    expect(relativeL2Error(ours.y, ref.y)).toBeLessThan(1e-6);
    expect(relativeL2Error(ours.dx, ref.dx)).toBeLessThan(1e-5);
    expect(relativeL2Error(ours.dg, ref.dg)).toBeLessThan(1e-5);
    expect(relativeL2Error(ours.db, ref.db)).toBeLessThan(1e-5);
  });

  it('equals the composite at a layer-sized input with a non-zero mean (wasm: the average-pool means)', async () => {
    const shape: [number, number, number, number] = [2, 64, 64, 8];
    const [ours, ref] = await onBackend(backend, () => [valueAndGrads(instanceNormLeakyRelu, shape, -1, 5), valueAndGrads(instanceNormLeakyReluReference, shape, -1, 5)]);
    expect(relativeL2Error(ours.y, ref.y)).toBeLessThan(1e-5);
    expect(relativeL2Error(ours.dx, ref.dx)).toBeLessThan(1e-5);
    expect(relativeL2Error(ours.dg, ref.dg)).toBeLessThan(1e-5);
    expect(relativeL2Error(ours.db, ref.db)).toBeLessThan(1e-5);
  });

  it('matches a hand computation on one channel', async () => {
    // Values 1,2,3,4 (mean 2.5, variance 1.25), gamma 1, beta 0, slope 0.2: the two below the mean are scaled by 0.2.
    const got = await onBackend(backend, () =>
      tf.tidy(() => values(instanceNormLeakyRelu(tf.tensor4d([1, 2, 3, 4], [1, 2, 2, 1]), tf.ones([1]) as tf.Tensor1D, tf.zeros([1]) as tf.Tensor1D, 0.2))),
    );
    const s = Math.sqrt(1.25 + INSTANCE_NORM_EPSILON);
    [0.2 * (-1.5 / s), 0.2 * (-0.5 / s), 0.5 / s, 1.5 / s].forEach((v, i) => expect(got[i]).toBeCloseTo(v, 5));
  });
});

describe('instanceNormLeakyRelu input checks', () => {
  it('rejects bad shapes and slopes with clear messages', () => {
    const x = tf.zeros([1, 2, 2, 3]) as tf.Tensor4D;
    expect(() => instanceNormLeakyRelu(x, tf.ones([2]) as tf.Tensor1D, tf.zeros([3]) as tf.Tensor1D, 0.2)).toThrow(/shape \[3\] for 3 channels/);
    expect(() => instanceNormLeakyRelu(x, tf.ones([3]) as tf.Tensor1D, tf.zeros([3]) as tf.Tensor1D, 1.5)).toThrow(/slope must be in \(0, 1\)/);
  });
});
