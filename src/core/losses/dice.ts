// Soft Dice loss for the segmentation decoder (single-channel logits, sigmoid activation).
import * as tf from '@tensorflow/tfjs';
import { expectNonEmptyBatch, expectRank, expectSameShape } from './shape-checks';

/**
 * 1 − mean over the batch of the per-sample soft Dice coefficient
 *   dice_b = (2·Σ p·m + smooth) / (Σ p + Σ m + smooth),  p = sigmoid(logits),
 * sums over all pixels of sample b. Per-sample (not whole-batch) Dice keeps an image with a small lung
 * from being drowned out by images with large ones. `smooth` keeps empty-mask samples defined
 * (an all-background prediction on an empty mask gives dice → 1) and softens the gradient near 0.
 */
export function softDiceLoss(logits: tf.Tensor4D, masks: tf.Tensor4D, smooth = 1): tf.Scalar {
  const fn = 'softDiceLoss';
  expectRank(fn, 'logits', logits, 4);
  expectSameShape(fn, 'logits', logits, 'masks', masks);
  expectNonEmptyBatch(fn, 'logits', logits);
  if (!Number.isFinite(smooth) || smooth < 0) throw new Error(`${fn}: smooth must be a finite number >= 0, got ${smooth}`);
  return tf.tidy(() => {
    const p = tf.sigmoid(logits);
    const m = masks.dtype === 'float32' ? masks : tf.cast(masks, 'float32');
    const axes = [1, 2, 3];
    const intersection = tf.sum(tf.mul(p, m), axes);
    const denominator = tf.add(tf.add(tf.sum(p, axes), tf.sum(m, axes)), smooth);
    const dice = tf.div(tf.add(tf.mul(intersection, 2), smooth), denominator);
    return tf.sub(1, tf.mean(dice)) as tf.Scalar;
  });
}
