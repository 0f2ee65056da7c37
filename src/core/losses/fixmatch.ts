// FixMatch (Sohn et al., 2020) consistency loss for unlabeled classification images.
//
// It is split in two because tfjs gradient tapes record every op computed inside the taped function:
// `fixMatchTargets` runs on the weak view OUTSIDE `tf.variableGrads`, so no gradient can reach the
// pseudo-labels; `fixMatchLoss` runs on the strong view INSIDE it.
import * as tf from '@tensorflow/tfjs';
import { cachedScalar } from '../cached-constants';
import { perSampleCrossEntropy } from './cross-entropy';
import { expectBatchMatch, expectChunkOf, expectNonEmptyBatch, expectRank } from './shape-checks';

export interface FixMatchTargets {
  /** int32 [B]: argmax class of the weak view (ties go to the lower class index, as tf.argMax does). */
  labels: tf.Tensor1D;
  /** float32 [B]: 1 where the weak view's max softmax probability is >= threshold, else 0. */
  mask: tf.Tensor1D;
}

/** Pseudo-labels and confidence mask from the weak-augmentation logits [B, C]. Caller disposes both. */
export function fixMatchTargets(weakLogits: tf.Tensor2D, threshold: number): FixMatchTargets {
  const fn = 'fixMatchTargets';
  expectRank(fn, 'weakLogits', weakLogits, 2);
  if (!Number.isFinite(threshold) || threshold < 0 || threshold > 1) {
    throw new Error(`${fn}: threshold must be in [0, 1], got ${threshold}`);
  }
  return tf.tidy(() => {
    const probs = tf.softmax(weakLogits, 1);
    const labels = tf.argMax(probs, 1) as tf.Tensor1D;
    const mask = tf.cast(tf.greaterEqual(tf.max(probs, 1), threshold), 'float32') as tf.Tensor1D;
    return { labels, mask };
  });
}

/**
 * mean over ALL B samples of mask_b · CE(strong_b, label_b). Dividing by the full unlabeled batch size
 * (not by the number of confident samples) is what FixMatch does: the loss grows as the model becomes
 * confident on more images, instead of a single confident sample getting the full weight early on.
 * `batchSize` (default B): the whole unlabeled batch's size when these rows are one chunk of it (issue 8's
 * chunked step): the chunk's share Σ_{b ∈ chunk} mask_b·CE_b / batchSize, so the chunks sum to the batch mean.
 */
export function fixMatchLoss(strongLogits: tf.Tensor2D, labels: tf.Tensor1D, mask: tf.Tensor1D, batchSize = strongLogits.shape[0]): tf.Scalar {
  const fn = 'fixMatchLoss';
  expectRank(fn, 'mask', mask, 1);
  expectNonEmptyBatch(fn, 'strongLogits', strongLogits);
  expectBatchMatch(fn, 'strongLogits', strongLogits, 'mask', mask);
  expectChunkOf(fn, strongLogits, batchSize);
  return tf.tidy(() => {
    const ce = perSampleCrossEntropy(strongLogits, labels, fn);
    const m = mask.dtype === 'float32' ? mask : tf.cast(mask, 'float32');
    const masked = tf.mul(ce, m);
    return (batchSize === strongLogits.shape[0] ? tf.mean(masked) : tf.div(tf.sum(masked), cachedScalar(batchSize))) as tf.Scalar;
  });
}

/** Fraction of unlabeled samples above the confidence threshold (mean of the mask), for the UI's plot. */
export function fixMatchMaskRate(mask: tf.Tensor1D): tf.Scalar {
  expectRank('fixMatchMaskRate', 'mask', mask, 1);
  expectNonEmptyBatch('fixMatchMaskRate', 'mask', mask);
  return tf.tidy(() => tf.mean(tf.cast(mask, 'float32')) as tf.Scalar);
}
