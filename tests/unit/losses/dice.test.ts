import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { useNodeBackend } from '../../../src/cli/node-backend';
import { softDiceLoss } from '../../../src/core/losses';
import { NODE_BACKENDS } from '../support/backends';
import { expectValues, takeScalar } from './loss-test-helpers';

const img = (v: number[]) => tf.tensor4d(v, [1, 2, 2, 1]);

describe.each(NODE_BACKENDS)('softDiceLoss on %s', (backend) => {
  beforeAll(() => useNodeBackend(backend));

  it('matches the hand-computed per-sample dice, averaged over the batch', () => {
    tf.tidy(() => {
      // Sample 0: logits 0 -> p = .5 everywhere, mask [1,0,0,0]: Σpm = .5, Σp = 2, Σm = 1,
      //   dice = (2·.5 + 1) / (2 + 1 + 1) = 2/4 = .5
      // Sample 1: logits ±20 -> p ≈ [1,1,0,0] = mask: Σpm = 2, Σp = 2, Σm = 2, dice = (4 + 1)/(4 + 1) = 1
      // loss = 1 - (.5 + 1)/2 = .25
      const logits = tf.tensor4d([0, 0, 0, 0, 20, 20, -20, -20], [2, 2, 2, 1]);
      const masks = tf.tensor4d([1, 0, 0, 0, 1, 1, 0, 0], [2, 2, 2, 1]);
      expectValues(softDiceLoss(logits, masks), 0.25);
    });
  });

  it('uses the smooth term as given (smooth = 0 -> 1 - 2·.5/3)', () => {
    tf.tidy(() => {
      // dice = 2·.5 / (2 + 1) = 1/3, loss = 2/3
      expectValues(softDiceLoss(img([0, 0, 0, 0]), img([1, 0, 0, 0]), 0), 2 / 3);
    });
  });

  it('is ~0 for an empty mask predicted empty (smooth keeps it defined)', () => {
    tf.tidy(() => {
      // p ≈ 2e-9: dice = (0 + 1) / (4·2e-9 + 0 + 1) ≈ 1
      expectValues(softDiceLoss(img([-20, -20, -20, -20]), img([0, 0, 0, 0])), 0);
    });
  });

  it('has the hand-computed gradient w.r.t. the logits', () => {
    tf.tidy(() => {
      // loss = 1 - (2I + s)/D, D = Σp + Σm + s. dL/dp_i = -(2 m_i D - (2I + s)) / D², dp/dz = p(1-p) = .25.
      // With p = .5, m = [1,0,0,0], s = 1: D = 4, 2I + s = 2.
      // pixel 0: -(8 - 2)/16 · .25 = -.09375; others: -(0 - 2)/16 · .25 = .03125
      const masks = img([1, 0, 0, 0]);
      const g = tf.grad((z: tf.Tensor) => softDiceLoss(z as tf.Tensor4D, masks))(img([0, 0, 0, 0]));
      expectValues(g, [-0.09375, 0.03125, 0.03125, 0.03125]);
    });
  });

  it('accepts int32 masks', () => {
    tf.tidy(() => {
      expectValues(softDiceLoss(img([0, 0, 0, 0]), tf.tensor4d([1, 0, 0, 0], [1, 2, 2, 1], 'int32')), 0.5);
    });
  });

  it('rejects mismatched shapes, naming both', () => {
    tf.tidy(() => {
      expect(() => softDiceLoss(img([0, 0, 0, 0]), tf.zeros([1, 2, 3, 1]) as tf.Tensor4D)).toThrow(
        /logits shape \[1, 2, 2, 1\] does not match masks shape \[1, 2, 3, 1\]/,
      );
      expect(() => softDiceLoss(img([0, 0, 0, 0]), img([1, 0, 0, 0]), -1)).toThrow(/smooth must be/);
    });
  });

  it('leaves exactly one new tensor (its result) per call', () => {
    const logits = img([0, 1, 2, 3]);
    const masks = img([1, 0, 1, 0]);
    const before = tf.memory().numTensors;
    const loss = softDiceLoss(logits, masks);
    expect(tf.memory().numTensors).toBe(before + 1);
    takeScalar(loss);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([logits, masks]);
  });
});
