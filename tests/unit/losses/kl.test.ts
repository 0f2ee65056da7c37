import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { useNodeBackend } from '../../../src/cli/node-backend';
import { segmentationKlLoss } from '../../../src/core/losses';
import { createRng } from '../../../src/core/rng';
import { NODE_BACKENDS } from '../support/backends';
import { expectValues, takeScalar } from './loss-test-helpers';

const LN3 = Math.log(3); // sigmoid(ln 3) = 3/4, sigmoid(-ln 3) = 1/4

function randomLogits(seed: string, shape: [number, number, number, number]): tf.Tensor4D {
  const rng = createRng(seed);
  const n = shape.reduce((a, b) => a * b, 1);
  return tf.tensor4d(Array.from({ length: n }, () => rng.uniform(-4, 4)), shape);
}

describe.each(NODE_BACKENDS)('segmentationKlLoss on %s', (backend) => {
  beforeAll(() => useNodeBackend(backend));

  it('is exactly zero when both batches are identical', () => {
    tf.tidy(() => {
      const x = randomLogits('kl-same', [3, 4, 4, 1]);
      expectValues(segmentationKlLoss(x, x.clone()), 0, 7);
    });
  });

  it('matches the hand-computed value on a 1×2×2×1 example', () => {
    tf.tidy(() => {
      // labeled   logits [0, ln3, 0, 0]    -> p = [.5, .75, .5, .5]
      // unlabeled logits [ln3, -ln3, 0, 0]  -> q = [.75, .25, .5, .5]
      // KL(p‖q) = p ln(p/q) + (1-p) ln((1-p)/(1-q))
      // pixel 0: .5 ln(.5/.75) + .5 ln(.5/.25)    = .5 ln(4/3) = .143841
      // pixel 1: .75 ln(.75/.25) + .25 ln(.25/.75) = .5 ln 3    = .549306
      // pixels 2, 3: 0.  Mean over 4 pixels = (.5 ln(4/3) + .5 ln 3) / 4 = ln 2 / 4 = .173287
      // (The reversed direction KL(q‖p) would give (.130812 + .549306) / 4 = .170030.)
      const labeled = tf.tensor4d([0, LN3, 0, 0], [1, 2, 2, 1]);
      const unlabeled = tf.tensor4d([LN3, -LN3, 0, 0], [1, 2, 2, 1]);
      expectValues(segmentationKlLoss(labeled, unlabeled), Math.log(2) / 4);
    });
  });

  it('compares batch-mean masks, not image pairs', () => {
    tf.tidy(() => {
      // labeled probs .75 and .25 average to p̄ = .5.
      const labeled = tf.tensor4d([LN3, -LN3], [2, 1, 1, 1]);
      // Unlabeled q = .5: same mean distribution -> 0, although each labeled image differs from it.
      expectValues(segmentationKlLoss(labeled, tf.tensor4d([0], [1, 1, 1, 1])), 0, 7);
      // Unlabeled q = .75 (batch of 3, each .75): KL(.5‖.75) = .5 ln(4/3) = .143841
      expectValues(segmentationKlLoss(labeled, tf.tensor4d([LN3, LN3, LN3], [3, 1, 1, 1])), 0.143841);
    });
  });

  it('gives zero gradient to the labeled (target) side and (q - p)/pixels to the unlabeled side', () => {
    tf.tidy(() => {
      const labeled = tf.tensor4d([0, LN3, 0, 0], [1, 2, 2, 1]);
      const unlabeled = tf.tensor4d([LN3, -LN3, 0, 0], [1, 2, 2, 1]);
      const [gL, gU] = tf.grads((l: tf.Tensor, u: tf.Tensor) => segmentationKlLoss(l as tf.Tensor4D, u as tf.Tensor4D))([
        labeled,
        unlabeled,
      ]);
      expectValues(gL as tf.Tensor, [0, 0, 0, 0], 7);
      // dKL/dz_U = (q - p) per pixel, /4 pixels: pixel 0 (.75 - .5)/4 = .0625; pixel 1 (.25 - .75)/4 = -.125
      expectValues(gU as tf.Tensor, [0.0625, -0.125, 0, 0]);
    });
  });

  it('is not identically zero on random inputs (the released code always returned 0)', () => {
    tf.tidy(() => {
      const labeled = randomLogits('kl-l', [2, 8, 8, 1]);
      const unlabeled = randomLogits('kl-u', [3, 8, 8, 1]);
      const ours = segmentationKlLoss(labeled, unlabeled).dataSync()[0] as number;
      expect(ours).toBeGreaterThan(1e-3);
      // The authors' version: softmax over the single channel is identically 1, so KL(1‖1) = 0 always.
      const authorsP = tf.softmax(labeled, -1);
      const authorsQ = tf.softmax(unlabeled, -1);
      expect(Array.from(authorsP.dataSync()).every((v) => v === 1)).toBe(true);
      expect(Array.from(authorsQ.dataSync()).every((v) => v === 1)).toBe(true);
    });
  });

  it('stays finite at saturated probabilities thanks to the 1e-6 clamp', () => {
    tf.tidy(() => {
      // p = 1 - 1e-6, q = 1e-6: KL ≈ (1 - 1e-6) ln((1 - 1e-6)/1e-6) + 1e-6 ln(1e-6/(1 - 1e-6)) ≈ 13.8155
      const v = segmentationKlLoss(tf.tensor4d([100], [1, 1, 1, 1]), tf.tensor4d([-100], [1, 1, 1, 1]));
      expect(v.dataSync()[0]).toBeCloseTo(13.8155, 1);
    });
  });

  it('rejects mismatched per-image shapes, naming both', () => {
    tf.tidy(() => {
      expect(() => segmentationKlLoss(tf.zeros([1, 4, 4, 1]) as tf.Tensor4D, tf.zeros([2, 4, 8, 1]) as tf.Tensor4D)).toThrow(
        /labeledLogits \[4, 4, 1\] does not match unlabeledLogits \[4, 8, 1\]/,
      );
    });
  });

  it('leaves exactly one new tensor (its result) per call, also under a gradient', () => {
    const l = randomLogits('kl-mem-l', [2, 4, 4, 1]);
    const u = randomLogits('kl-mem-u', [2, 4, 4, 1]);
    const before = tf.memory().numTensors;
    takeScalar(segmentationKlLoss(l, u));
    const g = tf.grad((x: tf.Tensor) => segmentationKlLoss(l, x as tf.Tensor4D))(u);
    g.dispose();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([l, u]);
  });
});
