import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { useNodeBackend } from '../../../src/cli/node-backend';
import { fixMatchLoss, fixMatchMaskRate, fixMatchTargets } from '../../../src/core/losses';
import { NODE_BACKENDS } from '../support/backends';
import { expectValues } from './loss-test-helpers';

describe.each(NODE_BACKENDS)('FixMatch on %s', (backend) => {
  beforeAll(() => useNodeBackend(backend));

  it('pseudo-labels by argmax and masks by max probability >= threshold', () => {
    tf.tidy(() => {
      // 2-class softmax max prob = sigmoid(|z1 - z0|):
      // [2, 0]   -> sigmoid(2)   = .8808 >= .7: label 0, mask 1
      // [0, .5]  -> sigmoid(.5)  = .6225 <  .7: label 1, mask 0
      // [0, 3]   -> sigmoid(3)   = .9526 >= .7: label 1, mask 1
      const { labels, mask } = fixMatchTargets(tf.tensor2d([[2, 0], [0, 0.5], [0, 3]]), 0.7);
      expect(labels.dtype).toBe('int32');
      expect(Array.from(labels.dataSync())).toEqual([0, 1, 1]);
      expect(mask.dtype).toBe('float32');
      expect(Array.from(mask.dataSync())).toEqual([1, 0, 1]);
      expectValues(fixMatchMaskRate(mask), 2 / 3);
    });
  });

  it('breaks ties towards class 0 and counts max prob == threshold as confident', () => {
    tf.tidy(() => {
      const { labels, mask } = fixMatchTargets(tf.tensor2d([[0, 0]]), 0.5);
      expect(Array.from(labels.dataSync())).toEqual([0]);
      expect(Array.from(mask.dataSync())).toEqual([1]);
    });
  });

  it('averages masked CE over the whole batch, not over the confident samples', () => {
    tf.tidy(() => {
      // CE([0,0], 0) = ln 2 = .693147; sample 1 masked out; CE([0,1], 1) = ln(1 + e) - 1 = .313262
      // loss = (.693147 + 0 + .313262) / 3 = .335470   (dividing by the mask count 2 would give .503204)
      const strong = tf.tensor2d([[0, 0], [1, 0], [0, 1]]);
      const loss = fixMatchLoss(strong, tf.tensor1d([0, 1, 1], 'int32'), tf.tensor1d([1, 0, 1]));
      expectValues(loss, 0.33547);
    });
  });

  it('is 0 when no sample is confident', () => {
    tf.tidy(() => {
      expectValues(fixMatchLoss(tf.tensor2d([[5, 0], [0, 5]]), tf.tensor1d([1, 0], 'int32'), tf.tensor1d([0, 0])), 0);
    });
  });

  it('sends gradient only through unmasked strong logits: mask·(softmax - onehot)/B', () => {
    tf.tidy(() => {
      // B = 3. Row 0: ([.5,.5] - [1,0])/3 = [-1/6, 1/6]; row 1 masked: [0, 0];
      // row 2: softmax([0,1]) = [.268941, .731059], minus [0,1], /3 = [.089647, -.089647]
      const labels = tf.tensor1d([0, 1, 1], 'int32');
      const mask = tf.tensor1d([1, 0, 1]);
      const g = tf.grad((z: tf.Tensor) => fixMatchLoss(z as tf.Tensor2D, labels, mask))(tf.tensor2d([[0, 0], [1, 0], [0, 1]]));
      expectValues(g, [-1 / 6, 1 / 6, 0, 0, 0.089647, -0.089647]);
    });
  });

  it('end to end: targets from the weak view, gradient only to the strong view', () => {
    tf.tidy(() => {
      const weak = tf.variable(tf.tensor2d([[3, 0], [0, 0.2]]));
      const strong = tf.variable(tf.tensor2d([[1, 0], [0, 1]]));
      // Targets outside the taped function, as the training step must do.
      const { labels, mask } = fixMatchTargets(weak, 0.9);
      const { grads } = tf.variableGrads(() => fixMatchLoss(strong, labels, mask), [weak, strong]);
      expect(grads[weak.name]).toBeUndefined();
      // sigmoid(3) = .9526 >= .9 -> row 0 label 0 kept; sigmoid(.2) = .55 < .9 -> row 1 dropped.
      // row 0: (softmax([1,0]) - [1,0]) / 2 = ([.731059, .268941] - [1, 0]) / 2 = [-.134471, .134471]
      expectValues(grads[strong.name] as tf.Tensor, [-0.134471, 0.134471, 0, 0]);
      tf.dispose([weak, strong]);
    });
  });

  it('rejects bad thresholds and batch mismatches with specific messages', () => {
    tf.tidy(() => {
      expect(() => fixMatchTargets(tf.zeros([2, 2]) as tf.Tensor2D, 1.5)).toThrow(/threshold must be in \[0, 1\], got 1.5/);
      expect(() =>
        fixMatchLoss(tf.zeros([3, 2]) as tf.Tensor2D, tf.zeros([3], 'int32') as tf.Tensor1D, tf.zeros([2]) as tf.Tensor1D),
      ).toThrow(/strongLogits has 3 rows but mask has 2/);
    });
  });

  it('does not leak tensors', () => {
    const weak = tf.tensor2d([[2, 0], [0, 3]]);
    const before = tf.memory().numTensors;
    const t = fixMatchTargets(weak, 0.7);
    expect(tf.memory().numTensors).toBe(before + 2);
    const loss = fixMatchLoss(weak, t.labels, t.mask);
    const rate = fixMatchMaskRate(t.mask);
    expect(tf.memory().numTensors).toBe(before + 4);
    tf.dispose([t.labels, t.mask, loss, rate]);
    expect(tf.memory().numTensors).toBe(before);
    weak.dispose();
  });
});
