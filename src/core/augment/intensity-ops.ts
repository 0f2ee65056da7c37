// RandAugment's per-pixel intensity ops on [0,1] images, following PIL/torchvision semantics.
// Every op clips its result to [0,1] so the batch stays a valid image batch for the next op.
import * as tf from '@tensorflow/tfjs';
import { assertImageBatch, perImageTensor, toByteLevels, type PerImage } from './image-batch';

/** Stretches each image so its darkest pixel becomes 0 and its brightest 1; flat images are left as they are. */
export function autocontrast(x: tf.Tensor4D): tf.Tensor4D {
  assertImageBatch(x, 'autocontrast');
  return tf.tidy(() => {
    const lo = tf.min(x, [1, 2, 3], true);
    const hi = tf.max(x, [1, 2, 3], true);
    const range = tf.sub(hi, lo);
    const flat = tf.cast(tf.lessEqual(range, 0), 'float32');
    // Dividing a flat image by 1 instead of 0 and then keeping x avoids NaN without a data-dependent branch.
    const stretched = tf.div(tf.sub(x, lo), tf.add(range, flat));
    const out = tf.add(tf.mul(stretched, tf.sub(1, flat)), tf.mul(x, flat));
    return tf.clipByValue(out, 0, 1) as tf.Tensor4D;
  });
}

/** PIL ImageEnhance: blend of the image with `degenerate` by `factor` (0 = degenerate, 1 = image, >1 extrapolates). */
function blend(x: tf.Tensor, degenerate: tf.Tensor, factor: tf.Tensor): tf.Tensor4D {
  return tf.clipByValue(tf.add(degenerate, tf.mul(factor, tf.sub(x, degenerate))), 0, 1) as tf.Tensor4D;
}

/** Multiplies each image by its factor (PIL Brightness: blend with black). */
export function brightness(x: tf.Tensor4D, factor: PerImage): tf.Tensor4D {
  assertImageBatch(x, 'brightness');
  return tf.tidy(() => blend(x, tf.zerosLike(x), perImageTensor(factor, x.shape[0], 'brightness')));
}

/** Scales each image's deviation from its own mean grey level by its factor (PIL/torchvision Contrast). */
export function contrast(x: tf.Tensor4D, factor: PerImage): tf.Tensor4D {
  assertImageBatch(x, 'contrast');
  return tf.tidy(() => blend(x, tf.mean(x, [1, 2, 3], true), perImageTensor(factor, x.shape[0], 'contrast')));
}

/**
 * PIL Sharpness: blend with the image smoothed by [[1,1,1],[1,5,1],[1,1,1]]/13, border pixels untouched
 * (PIL's filter leaves the 1-pixel border as is). factor > 1 sharpens, < 1 blurs.
 */
export function sharpness(x: tf.Tensor4D, factor: PerImage): tf.Tensor4D {
  assertImageBatch(x, 'sharpness');
  const [B, H, W] = x.shape;
  return tf.tidy(() => {
    const f = perImageTensor(factor, B, 'sharpness');
    if (H < 3 || W < 3) return blend(x, x, f);
    const kernel = tf.div(tf.tensor4d([1, 1, 1, 1, 5, 1, 1, 1, 1], [3, 3, 1, 1]), 13);
    const smoothed = tf.conv2d(x, kernel as tf.Tensor4D, 1, 'same');
    const interior = tf.pad(tf.ones([1, H - 2, W - 2, 1]), [[0, 0], [1, 1], [1, 1], [0, 0]]);
    const degenerate = tf.add(tf.mul(smoothed, interior), tf.mul(x, tf.sub(1, interior)));
    return blend(x, degenerate, f);
  });
}

/**
 * Keeps the top `bits` (1..8) of each pixel's 8-bit level, like PIL posterize: level & ~(2^(8−bits) − 1).
 * The output is on the 1/255 grid even for bits = 8.
 */
export function posterize(x: tf.Tensor4D, bits: PerImage): tf.Tensor4D {
  assertImageBatch(x, 'posterize');
  const B = x.shape[0];
  const perImage = typeof bits === 'number' ? new Array<number>(B).fill(bits) : bits.slice();
  for (const b of perImage) {
    if (!(Number.isInteger(b) && b >= 1 && b <= 8)) throw new Error(`augment/posterize: bits must be an integer in 1..8 (got ${b})`);
  }
  return tf.tidy(() => {
    const step = perImageTensor(perImage.map((b) => 2 ** (8 - b)), B, 'posterize');
    return tf.div(tf.mul(tf.floor(tf.div(toByteLevels(x), step)), step), 255) as tf.Tensor4D;
  });
}

/** Inverts (1 − x) every pixel at or above its image's threshold, like PIL solarize on x·255 ≥ threshold·255. */
export function solarize(x: tf.Tensor4D, threshold: PerImage): tf.Tensor4D {
  assertImageBatch(x, 'solarize');
  return tf.tidy(() => {
    const t = perImageTensor(threshold, x.shape[0], 'solarize');
    // x ≥ t ⟺ not (t − x > 0). step() of a difference instead of greaterEqual: wasm's broadcasting
    // comparison is ~50x slower than its broadcasting subtraction.
    const invert = tf.sub(1, tf.step(tf.sub(t, x)));
    return tf.add(x, tf.mul(invert, tf.sub(1, tf.mul(x, 2)))) as tf.Tensor4D;
  });
}
