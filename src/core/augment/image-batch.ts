// Input checks and per-image parameter plumbing shared by every augmentation op.
import * as tf from '@tensorflow/tfjs';

/**
 * Every op takes a batch of single-channel images [B,H,W,1] with values in [0,1]: augmentation runs on the
 * raw images, BEFORE the trainer normalises them, so fill values (0 black, 0.5 grey) and the 8-bit
 * quantisation of posterize/equalize mean what they do in PIL.
 */
export function assertImageBatch(x: tf.Tensor, where: string): asserts x is tf.Tensor4D {
  if (x.rank !== 4 || x.shape[3] !== 1) {
    throw new Error(`augment/${where}: expected an image batch [B,H,W,1], got shape [${x.shape.join(',')}]`);
  }
  if (x.dtype !== 'float32') {
    throw new Error(`augment/${where}: expected float32 images in [0,1], got dtype ${x.dtype}`);
  }
}

/** A scalar for all images or one value per image. */
export type PerImage = number | readonly number[];

/** Expands `values` to exactly `batch` finite numbers; a wrong length is a caller bug, so it throws. */
export function perImageValues(values: PerImage, batch: number, where: string): number[] {
  const out = typeof values === 'number' ? new Array<number>(batch).fill(values) : values.slice();
  if (out.length !== batch) {
    throw new Error(`augment/${where}: got ${out.length} per-image values for a batch of ${batch}`);
  }
  for (const v of out) {
    if (!Number.isFinite(v)) throw new Error(`augment/${where}: per-image value ${v} is not a finite number`);
  }
  return out;
}

/** Per-image values as a [B,1,1,1] tensor that broadcasts against the image batch. */
export function perImageTensor(values: PerImage, batch: number, where: string): tf.Tensor4D {
  return tf.tensor4d(perImageValues(values, batch, where), [batch, 1, 1, 1], 'float32');
}

/** Pixel value as PIL sees it: an integer 0..255 (still float32), rounding half up like an 8-bit conversion. */
export function toByteLevels(x: tf.Tensor): tf.Tensor {
  return tf.floor(tf.add(tf.mul(tf.clipByValue(x, 0, 1), 255), 0.5));
}
