// Cutout (DeVries & Taylor 2017), the last step of FixMatch's strong view: one grey square per image.
import * as tf from '@tensorflow/tfjs';
import { assertImageBatch } from './image-batch';

/** A square given by its centre and side in pixels; parts outside the image are simply clipped off. */
export interface CutoutBox {
  centerRow: number;
  centerCol: number;
  size: number;
}

/** Grey of the filled square: 0.5 on the [0,1] scale (FixMatch fills with 127/255 before normalisation). */
export const CUTOUT_FILL = 0.5;

/** Pixel range [start, end) a box covers along one axis of length n, FixMatch's CutoutAbs rounding. */
export function cutoutSpan(center: number, size: number, n: number): [number, number] {
  const start = Math.max(0, Math.floor(center - size / 2));
  const end = Math.min(n, Math.floor(center - size / 2) + size);
  return [start, Math.max(start, end)];
}

/** Fills each image's box (one per image, or null for none) with `fill`. */
export function cutout(x: tf.Tensor4D, boxes: readonly (CutoutBox | null)[], fill = CUTOUT_FILL): tf.Tensor4D {
  assertImageBatch(x, 'cutout');
  const [B, H, W] = x.shape;
  if (boxes.length !== B) throw new Error(`augment/cutout: got ${boxes.length} boxes for a batch of ${B}`);
  const rowMask = new Float32Array(B * H);
  const colMask = new Float32Array(B * W);
  boxes.forEach((box, b) => {
    if (!box) return;
    const [r0, r1] = cutoutSpan(box.centerRow, box.size, H);
    const [c0, c1] = cutoutSpan(box.centerCol, box.size, W);
    rowMask.fill(1, b * H + r0, b * H + r1);
    colMask.fill(1, b * W + c0, b * W + c1);
  });
  return tf.tidy(() => {
    // Outer product of a per-image row indicator and column indicator = the square.
    const inside = tf.mul(tf.tensor4d(rowMask, [B, H, 1, 1]), tf.tensor4d(colMask, [B, 1, W, 1]));
    return tf.add(tf.mul(x, tf.sub(1, inside)), tf.mul(inside, fill)) as tf.Tensor4D;
  });
}
