// RandAugment's geometric ops, one parameter per image. Areas uncovered by the warp are filled with black (0),
// as PIL does in FixMatch's reference RandAugment; interpolation is bilinear, so values stay in [0,1].
import type * as tf from '@tensorflow/tfjs';
import { assertImageBatch, perImageValues, type PerImage } from './image-batch';
import {
  rotationMatrix,
  shearXMatrix,
  shearYMatrix,
  translationMatrix,
  warpAffine,
  type AffineMatrix,
} from './warp';

function warpEach(
  x: tf.Tensor4D,
  values: PerImage,
  where: string,
  toMatrix: (v: number, height: number, width: number) => AffineMatrix,
): tf.Tensor4D {
  assertImageBatch(x, where);
  const [B, H, W] = x.shape;
  const matrices = perImageValues(values, B, where).map((v) => toMatrix(v, H, W));
  return warpAffine(x, matrices);
}

/** Rotates each image about its centre; positive degrees = counter-clockwise as displayed. */
export function rotate(x: tf.Tensor4D, degrees: PerImage): tf.Tensor4D {
  return warpEach(x, degrees, 'rotate', rotationMatrix);
}

/** Horizontal shear about the centre row (input x = x + s·(y − cy)); RandAugment uses |s| ≤ 0.3. */
export function shearX(x: tf.Tensor4D, shear: PerImage): tf.Tensor4D {
  return warpEach(x, shear, 'shearX', (s, h) => shearXMatrix(s, h));
}

/** Vertical shear about the centre column (input y = y + s·(x − cx)). */
export function shearY(x: tf.Tensor4D, shear: PerImage): tf.Tensor4D {
  return warpEach(x, shear, 'shearY', (s, _h, w) => shearYMatrix(s, w));
}

/** Moves each picture right by `pixels` (negative: left); vacated columns become 0. */
export function translateX(x: tf.Tensor4D, pixels: PerImage): tf.Tensor4D {
  return warpEach(x, pixels, 'translateX', (p) => translationMatrix(p, 0));
}

/** Moves each picture down by `pixels` (negative: up); vacated rows become 0. */
export function translateY(x: tf.Tensor4D, pixels: PerImage): tf.Tensor4D {
  return warpEach(x, pixels, 'translateY', (p) => translationMatrix(0, p));
}
