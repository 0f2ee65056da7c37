// Histogram equalisation per image, with tensor ops (a 256-bin histogram via bincount + cumsum).
//
// Follows torchvision's tensor `equalize` (itself a port of PIL's ImageOps.equalize), on 8-bit levels:
//   hist  = 256-bin histogram of round(x·255)
//   step  = floor((N − hist[last non-empty bin]) / 255)
//   lut[i]= min(255, floor((Σ_{k<i} hist[k] + floor(step/2)) / step))
// and the image is returned unchanged when step = 0 (too few pixels or too few distinct levels to spread).
// On webgl tfjs computes Bincount on the CPU (a sync read-back of B·S·S levels); correct, just not free.
import * as tf from '@tensorflow/tfjs';
import { assertImageBatch, toByteLevels } from './image-batch';

const LEVELS = 256;

/** Per-image lookup tables [B,256] (float, integer values 0..255) and a [B,1] flag of which images change. */
export function equalizeLookupTables(x: tf.Tensor4D): { lut: tf.Tensor2D; changes: tf.Tensor2D } {
  assertImageBatch(x, 'equalize');
  const [B, H, W] = x.shape;
  const N = H * W;
  return tf.tidy(() => {
    const levels = tf.reshape(toByteLevels(x), [B, N]);
    // One bincount over the whole batch: image b's levels are shifted into bins [256·b, 256·b + 256).
    const binOfPixel = tf.cast(tf.add(levels, tf.reshape(tf.range(0, B * LEVELS, LEVELS, 'float32'), [B, 1])), 'int32');
    const hist = tf.reshape(tf.bincount(tf.reshape(binOfPixel, [B * N]), tf.tensor1d([], 'float32'), B * LEVELS), [B, LEVELS]);
    const binIds = tf.reshape(tf.range(0, LEVELS, 1, 'float32'), [1, LEVELS]);
    const lastBin = tf.max(levels, 1, true); // the last non-empty bin is the brightest level present
    const lastCount = tf.sum(tf.mul(hist, tf.cast(tf.equal(binIds, lastBin), 'float32')), 1, true);
    const step = tf.floor(tf.div(tf.sub(N, lastCount), 255));
    const below = tf.sub(tf.cumsum(hist, 1), hist); // pixels strictly darker than each level
    const safeStep = tf.maximum(step, 1);
    const lut = tf.minimum(tf.floor(tf.div(tf.add(below, tf.floor(tf.div(step, 2))), safeStep)), 255);
    const changes = tf.cast(tf.greater(step, 0), 'float32');
    return { lut: lut as tf.Tensor2D, changes: changes as tf.Tensor2D };
  });
}

/** Histogram-equalises each image (output on the 1/255 grid); images that cannot be spread are returned as is. */
export function equalize(x: tf.Tensor4D): tf.Tensor4D {
  assertImageBatch(x, 'equalize');
  const [B, H, W] = x.shape;
  return tf.tidy(() => {
    const { lut, changes } = equalizeLookupTables(x);
    const levels = tf.reshape(toByteLevels(x), [B, H * W]);
    const lutIndex = tf.cast(tf.add(levels, tf.reshape(tf.range(0, B * LEVELS, LEVELS, 'float32'), [B, 1])), 'int32');
    const mapped = tf.div(tf.gather(tf.reshape(lut, [B * LEVELS]), tf.reshape(lutIndex, [B * H * W])), 255);
    const c = tf.reshape(changes, [B, 1, 1, 1]);
    const out = tf.add(tf.mul(tf.reshape(mapped, [B, H, W, 1]), c), tf.mul(x, tf.sub(1, c)));
    return out as tf.Tensor4D;
  });
}
