// Saliency for the MultiMix bridge: |∂ logit of the predicted class / ∂ input pixel| (Simonyan et al. 2014),
// normalised per image to [0, 1] by its own maximum.
//
// Why normalise: the raw gradient's scale is arbitrary and drifts as the classifier trains (weights grow,
// logits sharpen), so without it the decoder would see an input channel whose range changes from step to step
// and between images. Dividing by the per-image maximum keeps the map in [0, 1], like the image channel next
// to it, and keeps only where the classifier looks, which is what the bridge is meant to pass on.
import * as tf from '@tensorflow/tfjs';

/** Guards the division for an all-zero gradient (e.g. a constant image with dead units): the map stays 0. */
const MIN_NORMALISER = 1e-12;

/**
 * `logitsOf` must compute the classifier in inference mode (no dropout) from the given input; each sample's
 * logits must depend only on that sample (true with InstanceNorm), so one backward pass of the summed
 * per-sample logits gives every sample's own gradient.
 */
export function inputSaliency(x: tf.Tensor4D, logitsOf: (x: tf.Tensor4D) => tf.Tensor2D): tf.Tensor4D {
  if (x.rank !== 4 || x.shape[3] !== 1) {
    throw new Error(`saliency: input must have shape [B,S,S,1], got [${x.shape.join(',')}]`);
  }
  return tf.tidy(() => {
    const grad = tf.grad((input: tf.Tensor) => {
      const logits = logitsOf(input as tf.Tensor4D);
      // The predicted class is picked first and treated as a constant selector (argMax has no gradient).
      const predicted = tf.oneHot(tf.argMax(logits, 1), logits.shape[1]);
      return tf.sum(tf.mul(logits, predicted));
    })(x);
    return normalisePerSample(tf.abs(grad) as tf.Tensor4D);
  });
}

/** Divides each sample of a non-negative [B,H,W,C] map by its own maximum. */
export function normalisePerSample(map: tf.Tensor4D): tf.Tensor4D {
  return tf.tidy(() => {
    const peak = tf.max(map, [1, 2, 3], true);
    return tf.div(map, tf.maximum(peak, MIN_NORMALISER)) as tf.Tensor4D;
  });
}
