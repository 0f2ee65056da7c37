import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { useNodeBackend } from '../../../src/cli/node-backend';
import { crossEntropyLoss, perSampleCrossEntropy } from '../../../src/core/losses';
import { NODE_BACKENDS } from '../support/backends';
import { expectValues, takeScalar } from './loss-test-helpers';

describe.each(NODE_BACKENDS)('crossEntropyLoss on %s', (backend) => {
  beforeAll(() => useNodeBackend(backend));

  it('matches the hand-computed mean softmax cross-entropy', () => {
    tf.tidy(() => {
      // CE = logsumexp(z) - z_label.
      // [2,0] label 0: ln(e^2 + 1) - 2 = ln(1 + e^-2) = 0.126928
      // [0,0] label 1: ln 2 = 0.693147
      // [1,3] label 1: ln(e + e^3) - 3 = ln(1 + e^-2) = 0.126928
      // mean = (0.126928 + 0.693147 + 0.126928) / 3 = 0.315668
      const logits = tf.tensor2d([[2, 0], [0, 0], [1, 3]]);
      const labels = tf.tensor1d([0, 1, 1], 'int32');
      expectValues(perSampleCrossEntropy(logits, labels), [0.126928, 0.693147, 0.126928]);
      expectValues(crossEntropyLoss(logits, labels), 0.315668);
    });
  });

  it('stays finite for huge logits (logSoftmax, not log(softmax))', () => {
    tf.tidy(() => {
      // [1000, 0] label 1: ln(e^1000 + 1) - 0 = 1000 (softmax would underflow to 0 and give -log 0 = Inf).
      const logits = tf.tensor2d([[1000, 0], [1000, 0]]);
      expectValues(perSampleCrossEntropy(logits, tf.tensor1d([1, 0], 'int32')), [1000, 0], 3);
    });
  });

  it('accepts float32 class indices the same as int32', () => {
    tf.tidy(() => {
      const logits = tf.tensor2d([[2, 0], [0, 0]]);
      // (0.126928 + 0.693147) / 2 = 0.410038
      expectValues(crossEntropyLoss(logits, tf.tensor1d([0, 1])), 0.410038);
    });
  });

  it('has gradient (softmax - onehot) / B', () => {
    tf.tidy(() => {
      // B = 2. Row 0: softmax [0,0] = [.5,.5], label 0 -> [-.5, .5]/2. Row 1: softmax [0, ln3] = [.25,.75],
      // label 1 -> [.25, -.25]/2.
      const labels = tf.tensor1d([0, 1], 'int32');
      const g = tf.grad((z: tf.Tensor) => crossEntropyLoss(z as tf.Tensor2D, labels))(tf.tensor2d([[0, 0], [0, Math.log(3)]]));
      expectValues(g, [-0.25, 0.25, 0.125, -0.125]);
    });
  });

  it('names both sizes on a batch mismatch and rejects bad ranks', () => {
    tf.tidy(() => {
      expect(() => crossEntropyLoss(tf.zeros([3, 2]) as tf.Tensor2D, tf.zeros([2], 'int32') as tf.Tensor1D)).toThrow(
        /logits has 3 rows but labels has 2/,
      );
      expect(() => crossEntropyLoss(tf.zeros([3]) as unknown as tf.Tensor2D, tf.zeros([3], 'int32') as tf.Tensor1D)).toThrow(
        /logits must have rank 2, got shape \[3\]/,
      );
      expect(() => crossEntropyLoss(tf.zeros([0, 2]) as tf.Tensor2D, tf.zeros([0], 'int32') as tf.Tensor1D)).toThrow(/empty batch/);
    });
  });

  it('leaves exactly one new tensor (its result) per call', () => {
    const logits = tf.tensor2d([[2, 0], [1, 3]]);
    const labels = tf.tensor1d([0, 1], 'int32');
    const before = tf.memory().numTensors;
    const loss = crossEntropyLoss(logits, labels);
    expect(tf.memory().numTensors).toBe(before + 1);
    takeScalar(loss);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([logits, labels]);
  });
});
