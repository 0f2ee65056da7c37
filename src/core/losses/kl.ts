// Unsupervised segmentation term of MultiMix: pulls the decoder's masks on unlabeled images towards the
// mask distribution it produces on labeled images.
import * as tf from '@tensorflow/tfjs';
import { cachedScalar } from '../cached-constants';
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
    const meanProb = (logits: tf.Tensor4D) => clampProbability(tf.mean(tf.sigmoid(logits), 0) as tf.Tensor3D);
    return bernoulliKl(stopGradient(meanProb(labeledLogits)), meanProb(unlabeledLogits));
  });
}

/** Clamp to [KL_EPS, 1 − KL_EPS] (the same clamp the KL term applies to both batch means). */
export function clampProbability<T extends tf.Tensor>(p: T): T {
  return tf.clipByValue(p, KL_EPS, 1 - KL_EPS) as T;
}

/** mean over pixels of KL(Bern(p) ‖ Bern(q)) for two clamped probability maps of the same shape. */
export function bernoulliKl(p: tf.Tensor, q: tf.Tensor): tf.Scalar {
  return tf.tidy(() => {
    const positive = tf.mul(p, tf.sub(tf.log(p), tf.log(q)));
    const one = cachedScalar(1);
    const oneMinusP = tf.sub(one, p);
    const negative = tf.mul(oneMinusP, tf.sub(tf.log(oneMinusP), tf.log(tf.sub(one, q))));
    return tf.mean(tf.add(positive, negative)) as tf.Scalar;
  });
}

/** Σ over the batch of sigmoid(logits), [S, S, 1]: what a chunked step's first pass accumulates per side. */
export function sigmoidBatchSum(logits: tf.Tensor4D): tf.Tensor3D {
  expectRank('sigmoidBatchSum', 'logits', logits, 4);
  return tf.tidy(() => tf.sum(tf.sigmoid(logits), 0) as tf.Tensor3D);
}

/**
 * The KL term for a step computed in chunks (issue 8), from first-pass constants:
 * `labeledSum`, `unlabeledSum` = Σ sigmoid over the whole labeled / unlabeled batch ([S,S,1], no gradient),
 * `nL`, `nU` their batch sizes. Returns
 *   value    — segmentationKlLoss of the whole batches (same p̄_L, p̄_U, clamp and mean);
 *   gradient — dKL/dp̄_U per pixel [S,S,1], zero where p̄_U was clamped (as clipByValue's gradient),
 * both owned by the caller. Because KL depends on the unlabeled images only through p̄_U = Σ_b σ(z_b)/nU,
 * the chunk loss Σ_x gradient(x)·Σ_{b ∈ chunk} σ(z_b(x))/nU (`segmentationKlChunkLoss`) has exactly the KL's
 * gradient w.r.t. that chunk's logits, and the chunks' gradients sum to the whole batch's.
 */
export function segmentationKlFromSums(
  labeledSum: tf.Tensor3D, unlabeledSum: tf.Tensor3D, nL: number, nU: number,
): { value: tf.Scalar; gradient: tf.Tensor3D } {
  if (!(nL > 0 && nU > 0)) throw new Error(`segmentationKlFromSums: batch sizes must be > 0, got nL=${nL}, nU=${nU}`);
  return tf.tidy(() => {
    const p = clampProbability(tf.div(labeledSum, nL) as tf.Tensor3D);
    const qRaw = tf.div(unlabeledSum, nU) as tf.Tensor3D;
    const q = clampProbability(qRaw);
    const inRange = tf.logicalAnd(tf.greaterEqual(qRaw, KL_EPS), tf.lessEqual(qRaw, 1 - KL_EPS));
    // d/dq [p·log(p/q) + (1−p)·log((1−p)/(1−q))] = (1−p)/(1−q) − p/q, then the mean over pixels.
    const dq = tf.div(tf.sub(tf.div(tf.sub(1, p), tf.sub(1, q)), tf.div(p, q)), p.size);
    return { value: bernoulliKl(p, q), gradient: tf.where(inRange, dq, tf.zerosLike(dq)) as tf.Tensor3D };
  });
}

/** A chunk's KL loss (see segmentationKlFromSums): Σ_x gradient(x)·Σ_{b ∈ chunk} σ(z_b(x)) / nU. Only its gradient is meaningful. */
export function segmentationKlChunkLoss(unlabeledLogits: tf.Tensor4D, gradient: tf.Tensor3D, nU: number): tf.Scalar {
  expectRank('segmentationKlChunkLoss', 'unlabeledLogits', unlabeledLogits, 4);
  return tf.tidy(() => tf.div(tf.sum(tf.mul(tf.sum(tf.sigmoid(unlabeledLogits), 0), gradient)), cachedScalar(nU)) as tf.Scalar);
}
