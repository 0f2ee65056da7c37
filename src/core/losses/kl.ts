// Unsupervised segmentation term of MultiMix: pulls the decoder's masks on unlabeled images towards the
// mask distribution it produces on labeled images.
import * as tf from '@tensorflow/tfjs';
import { stopGradient } from '../tensor-utils';
import { expectNonEmptyBatch, expectRank } from './shape-checks';

/** Probabilities are clamped to [eps, 1 − eps] so log(0) and 0·log(0) never occur. */
export const KL_EPS = 1e-6;

/**
 * Mean over pixels of KL( Bern(p̄_L(x)) ‖ Bern(p̄_U(x)) ), where
 *   p̄_L(x) = mean over the labeled batch of sigmoid(labeledLogits)(x)   (the target; no gradient),
 *   p̄_U(x) = mean over the unlabeled batch of sigmoid(unlabeledLogits)(x),
 *   KL(Bern(p) ‖ Bern(q)) = p·log(p/q) + (1 − p)·log((1 − p)/(1 − q)),  p, q clamped to [1e-6, 1 − 1e-6].
 *
 * Why this definition: the paper's released code applies softmax over a single-channel logit map, which is
 * identically 1, so its KL term is always 0 and trains nothing. With one sigmoid channel each pixel is a
 * Bernoulli variable, so KL between Bernoullis is the faithful two-class version. Averaging over each batch
 * first compares "where lungs usually are" on labeled vs unlabeled images rather than pairing unrelated
 * images one to one, and the two batches may differ in size. The labeled side is the target (stopGradient),
 * so only the unlabeled predictions move. Per pixel, dKL/d(unlabeled logit of sample b) = (q̄ − p̄)·q_b(1−q_b)
 * / (q̄(1−q̄)·B_U·pixels), which for B_U = 1 is simply (q − p)/pixels.
 *
 * Shapes: [B_L, S, S, 1] and [B_U, S, S, 1]; spatial dims must match, batch sizes may differ.
 */
export function segmentationKlLoss(labeledLogits: tf.Tensor4D, unlabeledLogits: tf.Tensor4D): tf.Scalar {
  const fn = 'segmentationKlLoss';
  expectRank(fn, 'labeledLogits', labeledLogits, 4);
  expectRank(fn, 'unlabeledLogits', unlabeledLogits, 4);
  expectNonEmptyBatch(fn, 'labeledLogits', labeledLogits);
  expectNonEmptyBatch(fn, 'unlabeledLogits', unlabeledLogits);
  const [, ...spatialL] = labeledLogits.shape;
  const [, ...spatialU] = unlabeledLogits.shape;
  if (spatialL.some((d, i) => d !== spatialU[i])) {
    throw new Error(
      `${fn}: per-image shape of labeledLogits [${spatialL.join(', ')}] does not match unlabeledLogits [${spatialU.join(', ')}]`,
    );
  }
  return tf.tidy(() => {
    const meanProb = (logits: tf.Tensor4D) => tf.clipByValue(tf.mean(tf.sigmoid(logits), 0), KL_EPS, 1 - KL_EPS);
    const p = stopGradient(meanProb(labeledLogits));
    const q = meanProb(unlabeledLogits);
    const positive = tf.mul(p, tf.sub(tf.log(p), tf.log(q)));
    const oneMinusP = tf.sub(1, p);
    const negative = tf.mul(oneMinusP, tf.sub(tf.log(oneMinusP), tf.log(tf.sub(1, q))));
    return tf.mean(tf.add(positive, negative)) as tf.Scalar;
  });
}
