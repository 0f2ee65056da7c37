// Instance normalisation (Ulyanov et al. 2016), which tfjs lacks: each sample's each channel is normalised over
// its own H×W pixels, then scaled and shifted by a learnable per-channel gamma/beta. Unlike batch norm it has
// no running statistics, so training and inference compute the same thing and a sample's output does not
// depend on the rest of the batch (which keeps the per-sample saliency gradients independent).
import * as tf from '@tensorflow/tfjs';
import { cachedScalar } from '../../cached-constants';

/** Matches PyTorch's nn.InstanceNorm2d default. */
export const INSTANCE_NORM_EPSILON = 1e-5;

/**
 * y = (x − mean_hw) / sqrt(var_hw + eps) · gamma + beta, with the biased (1/N) variance as in PyTorch.
 * x: [B,H,W,C]; gamma, beta: [C].
 */
export function instanceNorm(
  x: tf.Tensor4D,
  gamma: tf.Tensor1D,
  beta: tf.Tensor1D,
  epsilon = INSTANCE_NORM_EPSILON,
): tf.Tensor4D {
  if (x.rank !== 4) throw new Error(`instanceNorm: input must be rank 4 [B,H,W,C], got [${x.shape.join(',')}]`);
  const c = x.shape[3];
  if (gamma.rank !== 1 || gamma.shape[0] !== c || beta.rank !== 1 || beta.shape[0] !== c) {
    throw new Error(
      `instanceNorm: gamma and beta must have shape [${c}] for ${c} channels, got [${gamma.shape.join(',')}] and [${beta.shape.join(',')}]`,
    );
  }
  if (!(epsilon > 0)) throw new Error(`instanceNorm: epsilon must be > 0 (got ${epsilon})`);
  return tf.tidy(() => {
    const mean = tf.mean(x, [1, 2], true);
    const centred = tf.sub(x, mean);
    const variance = tf.mean(tf.square(centred), [1, 2], true);
    // Fold gamma into the per-channel scale first: one [B,1,1,C] multiply instead of a second full-size one.
    const scale = tf.mul(tf.rsqrt(tf.add(variance, cachedScalar(epsilon))), gamma);
    return tf.add(tf.mul(centred, scale), beta) as tf.Tensor4D;
  });
}
