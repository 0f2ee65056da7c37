// FixMatch's weak view: random horizontal flip, then a random shift of up to 12.5% of the side done as
// reflect-padding + random crop. Exact pixel copies (no interpolation), so it also serves image+mask pairs.
import type * as tf from '@tensorflow/tfjs';
import type { Rng } from '../rng';
import { assertImageBatch } from './image-batch';
import { applySeparableRemap, reflectIndex, type SeparableRemap } from './remap';

export interface WeakAugmentOptions {
  /**
   * Random horizontal flip with probability 0.5 (default true, as in FixMatch). On chest X-rays a flip moves
   * the heart to the other side — an anatomically impossible image — so consider turning it off.
   */
  flip?: boolean;
  /** Largest shift as a fraction of the side (default 0.125: FixMatch's 4 px at 32 px). */
  maxShiftFraction?: number;
}

/** The random draw for one image: flip or not, then the content moves down by dy and right by dx pixels. */
export interface WeakParams {
  flip: boolean;
  dy: number;
  dx: number;
}

/**
 * Draws per-image parameters from `rng`. Always consumes 3 numbers per image (even with flip off), so the
 * shifts for a given seed do not depend on the flip setting.
 */
export function planWeakAugment(batch: number, height: number, width: number, rng: Rng, opts: WeakAugmentOptions = {}): WeakParams[] {
  const fraction = opts.maxShiftFraction ?? 0.125;
  if (!(fraction >= 0 && fraction < 1)) {
    throw new Error(`augment/weak: maxShiftFraction must be in [0, 1) (got ${fraction})`);
  }
  const maxDy = Math.floor(fraction * height);
  const maxDx = Math.floor(fraction * width);
  const plan: WeakParams[] = [];
  for (let b = 0; b < batch; b++) {
    const flip = rng.next() < 0.5;
    const dy = rng.int(2 * maxDy + 1) - maxDy;
    const dx = rng.int(2 * maxDx + 1) - maxDx;
    plan.push({ flip: (opts.flip ?? true) && flip, dy, dx });
  }
  return plan;
}

/**
 * Source indices realising `plan`: output (i, j) reads the flipped image at (i − dy, j − dx), mirrored back
 * inside without repeating the edge — the same pixels as tf.pad(REFLECT) followed by a crop.
 */
export function weakRemap(plan: readonly WeakParams[], height: number, width: number): SeparableRemap {
  return {
    rows: plan.map((p) => Array.from({ length: height }, (_, i) => reflectIndex(i - p.dy, height))),
    cols: plan.map((p) =>
      Array.from({ length: width }, (_, j) => {
        const c = reflectIndex(j - p.dx, width);
        return p.flip ? width - 1 - c : c;
      }),
    ),
  };
}

/**
 * Weak augmentation of a [B,S,S,1] batch of [0,1] images (run before normalisation; the trainer normalises
 * afterwards). Returns a new tensor of the same shape and range; `x` is not disposed.
 */
export function weakAugment(x: tf.Tensor4D, rng: Rng, opts: WeakAugmentOptions = {}): tf.Tensor4D {
  assertImageBatch(x, 'weakAugment');
  const [B, H, W] = x.shape;
  return applySeparableRemap(x, weakRemap(planWeakAugment(B, H, W, rng, opts), H, W));
}

/**
 * The same weak flip + shift applied to an image batch and its mask batch, for the segmentation stream.
 * Pixels are copied, never interpolated, so a binary mask stays binary and stays aligned with its image.
 */
export function augmentPair(
  x: tf.Tensor4D,
  mask: tf.Tensor4D,
  rng: Rng,
  opts: WeakAugmentOptions = {},
): { image: tf.Tensor4D; mask: tf.Tensor4D } {
  assertImageBatch(x, 'augmentPair');
  if (mask.rank !== 4 || mask.shape.some((d, i) => d !== x.shape[i])) {
    throw new Error(`augment/augmentPair: mask shape [${mask.shape.join(',')}] differs from image shape [${x.shape.join(',')}]`);
  }
  const [B, H, W] = x.shape;
  const remap = weakRemap(planWeakAugment(B, H, W, rng, opts), H, W);
  return { image: applySeparableRemap(x, remap), mask: applySeparableRemap(mask, remap) };
}
