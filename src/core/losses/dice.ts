// Soft Dice loss for the segmentation decoder (single-channel logits, sigmoid activation).
import * as tf from '@tensorflow/tfjs';
import { cachedScalar } from '../cached-constants';
import { expectChunkOf, expectNonEmptyBatch, expectRank, expectSameShape } from './shape-checks';

/**
 * 1 − mean over the batch of the per-sample soft Dice coefficient
 *   dice_b = (2·Σ p·m + smooth) / (Σ p + Σ m + smooth),  p = sigmoid(logits),
 * sums over all pixels of sample b. Per-sample (not whole-batch) Dice keeps an image with a small lung
 * from being drowned out by images with large ones.
 * `batchSize` (default B): the size of the whole batch when `logits` are only a chunk of it (issue 8's
 * chunked step); the result is then this chunk's share Σ_{b ∈ chunk} (1 − dice_b) / batchSize. `smooth` keeps empty-mask samples defined
 * (an all-background prediction on an empty mask gives dice → 1) and softens the gradient near 0.
 */
export function softDiceLoss(logits: tf.Tensor4D, masks: tf.Tensor4D, smooth = 1, batchSize = logits.shape[0]): tf.Scalar {
  const fn = 'softDiceLoss';
  expectRank(fn, 'logits', logits, 4);
  expectSameShape(fn, 'logits', logits, 'masks', masks);
  expectNonEmptyBatch(fn, 'logits', logits);
  if (!Number.isFinite(smooth) || smooth < 0) throw new Error(`${fn}: smooth must be a finite number >= 0, got ${smooth}`);
  expectChunkOf(fn, logits, batchSize);
  return tf.tidy(() => {
    const p = tf.sigmoid(logits);
    const m = masks.dtype === 'float32' ? masks : tf.cast(masks, 'float32');
    const axes = [1, 2, 3];
    const intersection = tf.sum(tf.mul(p, m), axes);
    const s = cachedScalar(smooth);
    const denominator = tf.add(tf.add(tf.sum(p, axes), tf.sum(m, axes)), s);
    const dice = tf.div(tf.add(tf.mul(intersection, cachedScalar(2)), s), denominator);
    // Σ_b (1 − dice_b) / batchSize: with batchSize = B this is 1 − mean(dice); for a chunk of a larger batch the
    // chunks' values (and gradients) sum to the whole batch's.
    return (batchSize === logits.shape[0] ? tf.sub(cachedScalar(1), tf.mean(dice)) : tf.div(tf.sum(tf.sub(cachedScalar(1), dice)), cachedScalar(batchSize))) as tf.Scalar;
  });
}
