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

/**
 * The affine matrix of each geometric RandAugment op for a value (degrees, shear coefficient or pixels) and an
 * image of height × width. The single-op functions below and the batched strong view (strong.ts) both use it.
 */
export const GEOMETRIC_MATRICES = {
  rotate: (degrees: number, height: number, width: number) => rotationMatrix(degrees, height, width),
  shearX: (shear: number, height: number) => shearXMatrix(shear, height),
  shearY: (shear: number, _height: number, width: number) => shearYMatrix(shear, width),
  translateX: (pixels: number) => translationMatrix(pixels, 0),
  translateY: (pixels: number) => translationMatrix(0, pixels),
} as const satisfies Record<string, (value: number, height: number, width: number) => AffineMatrix>;

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
  return warpEach(x, degrees, 'rotate', GEOMETRIC_MATRICES.rotate);
}

/** Horizontal shear about the centre row (input x = x + s·(y − cy)); RandAugment uses |s| ≤ 0.3. */
export function shearX(x: tf.Tensor4D, shear: PerImage): tf.Tensor4D {
  return warpEach(x, shear, 'shearX', GEOMETRIC_MATRICES.shearX);
}

/** Vertical shear about the centre column (input y = y + s·(x − cx)). */
export function shearY(x: tf.Tensor4D, shear: PerImage): tf.Tensor4D {
  return warpEach(x, shear, 'shearY', GEOMETRIC_MATRICES.shearY);
}

/** Moves each picture right by `pixels` (negative: left); vacated columns become 0. */
export function translateX(x: tf.Tensor4D, pixels: PerImage): tf.Tensor4D {
  return warpEach(x, pixels, 'translateX', GEOMETRIC_MATRICES.translateX);
}

/** Moves each picture down by `pixels` (negative: up); vacated rows become 0. */
export function translateY(x: tf.Tensor4D, pixels: PerImage): tf.Tensor4D {
  return warpEach(x, pixels, 'translateY', GEOMETRIC_MATRICES.translateY);
}
