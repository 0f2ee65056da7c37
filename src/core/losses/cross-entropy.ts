// Softmax cross-entropy for the classification head (normal vs pneumonia), shared with FixMatch.
import * as tf from '@tensorflow/tfjs';
import { cachedScalar } from '../cached-constants';
import { expectBatchMatch, expectChunkOf, expectNonEmptyBatch, expectRank } from './shape-checks';

/**
 * Per-sample softmax cross-entropy, shape [B]. Uses logSoftmax (log-sum-exp with max subtraction), so
 * large logits do not overflow the way log(softmax(x)) would.
 * Labels may be int32 or float32 class indices; they are never differentiated. Label values are not
 * range-checked here (that would need a GPU→CPU read every step); an out-of-range label gives a zero
 * one-hot row and therefore a loss of 0 for that sample, so validate labels where the data is loaded.
 */
export function perSampleCrossEntropy(logits: tf.Tensor2D, labels: tf.Tensor1D, fn = 'perSampleCrossEntropy'): tf.Tensor1D {
  expectRank(fn, 'logits', logits, 2);
  expectRank(fn, 'labels', labels, 1);
  expectBatchMatch(fn, 'logits', logits, 'labels', labels);
  const numClasses = logits.shape[1];
  if (numClasses < 2) throw new Error(`${fn}: logits need at least 2 classes, got shape [${logits.shape.join(', ')}]`);
  return tf.tidy(() => {
    const intLabels = labels.dtype === 'int32' ? labels : tf.cast(labels, 'int32');
    const oneHot = tf.oneHot(intLabels, numClasses).toFloat();
    return tf.neg(tf.sum(tf.mul(oneHot, tf.logSoftmax(logits, 1)), 1)) as tf.Tensor1D;
  });
}

/**
 * Mean softmax cross-entropy over the batch: logits [B, C] (C = 2 here), labels [B] class indices.
 * `batchSize` (default B): the whole batch's size when these rows are one chunk of it (issue 8's chunked
 * step); the result is then the chunk's share Σ_{b ∈ chunk} CE_b / batchSize.
 */
export function crossEntropyLoss(logits: tf.Tensor2D, labels: tf.Tensor1D, batchSize = logits.shape[0]): tf.Scalar {
  expectNonEmptyBatch('crossEntropyLoss', 'logits', logits);
  expectChunkOf('crossEntropyLoss', logits, batchSize);
  return tf.tidy(() => {
    const ce = perSampleCrossEntropy(logits, labels, 'crossEntropyLoss');
    return (batchSize === logits.shape[0] ? tf.mean(ce) : tf.div(tf.sum(ce), cachedScalar(batchSize))) as tf.Scalar;
  });
}
