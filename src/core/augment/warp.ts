// Per-image affine warps (rotate, shear, translate) as gathers, with tf.image.transform's conventions.
//
// Equivalent to tf.image.transform(x, matrices, interpolation, 'constant', fill), written with plain tensor
// ops because tfjs 4.22's cpu Transform kernel only processes the first image of a batch (the rest come back
// as the fill value). Gather/floor/arithmetic exist and agree on cpu, wasm, webgl and webgpu.
import * as tf from '@tensorflow/tfjs';

/**
 * Maps an OUTPUT pixel (x, y) to the INPUT point it samples: (a0·x + a1·y + a2, b0·x + b1·y + b2).
 * Pixel centres sit at integer coordinates; x is the column, y the row (y points down).
 * Same as the first six entries of a tf.image.transform row.
 */
export type AffineMatrix = readonly [number, number, number, number, number, number];

export const IDENTITY_MATRIX: AffineMatrix = [1, 0, 0, 0, 1, 0];

export interface WarpOptions {
  /** 'bilinear' (default) for images; 'nearest' copies pixels (for masks or exact integer shifts). */
  interpolation?: 'bilinear' | 'nearest';
  /** Value of points that fall outside the input. Default 0 (black), as PIL's rotate/transform. */
  fillValue?: number;
}

/** Rotation about the image centre; positive degrees turn the picture counter-clockwise as displayed (PIL). */
export function rotationMatrix(degrees: number, height: number, width: number): AffineMatrix {
  const t = (degrees * Math.PI) / 180;
  const cos = Math.cos(t);
  const sin = Math.sin(t);
  const cx = (width - 1) / 2;
  const cy = (height - 1) / 2;
  // in - c = R(t)·(out - c), with R written for a y-down grid so the picture turns counter-clockwise.
  return [cos, -sin, cx - cos * cx + sin * cy, sin, cos, cy - sin * cx - cos * cy];
}

/**
 * Horizontal shear about the centre row: input x = x + s·(y − cy). Centred (unlike PIL's top-left origin)
 * so the lungs stay in the frame whatever the sign.
 */
export function shearXMatrix(shear: number, height: number): AffineMatrix {
  const cy = (height - 1) / 2;
  return [1, shear, -shear * cy, 0, 1, 0];
}

/** Vertical shear about the centre column: input y = y + s·(x − cx). */
export function shearYMatrix(shear: number, width: number): AffineMatrix {
  const cx = (width - 1) / 2;
  return [1, 0, 0, shear, 1, -shear * cx];
}

/** Moves the picture right by dx and down by dy pixels (input = output − shift). */
export function translationMatrix(dx: number, dy: number): AffineMatrix {
  return [1, 0, -dx, 0, 1, -dy];
}

/** Applies one affine matrix per image. Returns a new tensor; `x` is not disposed. */
export function warpAffine(x: tf.Tensor4D, matrices: readonly AffineMatrix[], opts: WarpOptions = {}): tf.Tensor4D {
  const [B, H, W, C] = x.shape;
  if (matrices.length !== B) {
    throw new Error(`augment/warpAffine: got ${matrices.length} matrices for a batch of ${B}`);
  }
  for (const m of matrices) {
    if (m.length !== 6 || !m.every(Number.isFinite)) {
      throw new Error(`augment/warpAffine: matrix [${m.join(',')}] is not 6 finite numbers`);
    }
  }
  const interpolation = opts.interpolation ?? 'bilinear';
  const fill = opts.fillValue ?? 0;
  const N = H * W;
  return tf.tidy(() => {
    const m = tf.tensor2d(matrices.flatMap((r) => [...r]), [B, 6], 'float32');
    const [a0, a1, a2, b0, b1, b2] = tf.split(m, 6, 1) as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor];
    const gx = tf.reshape(tf.tile(tf.range(0, W, 1, 'float32'), [H]), [1, N]);
    const gy = tf.reshape(tf.tile(tf.reshape(tf.range(0, H, 1, 'float32'), [H, 1]), [1, W]), [1, N]);
    const inX = tf.add(tf.add(tf.mul(a0, gx), tf.mul(a1, gy)), a2); // [B, N]
    const inY = tf.add(tf.add(tf.mul(b0, gx), tf.mul(b1, gy)), b2);
    const flat = tf.reshape(x, [B * N, C]);
    const imageOffset = tf.reshape(tf.range(0, B * N, N, 'float32'), [B, 1]);

    // Value at integer-valued coordinates (ix, iy) [B,N]; out-of-range points read `fill`.
    const sample = (ix: tf.Tensor, iy: tf.Tensor): tf.Tensor => {
      const inside = tf.cast(
        tf.logicalAnd(
          tf.logicalAnd(tf.greaterEqual(ix, 0), tf.lessEqual(ix, W - 1)),
          tf.logicalAnd(tf.greaterEqual(iy, 0), tf.lessEqual(iy, H - 1)),
        ),
        'float32',
      );
      const index = tf.add(tf.add(imageOffset, tf.mul(tf.clipByValue(iy, 0, H - 1), W)), tf.clipByValue(ix, 0, W - 1));
      const values = tf.reshape(tf.gather(flat, tf.reshape(tf.cast(index, 'int32'), [B * N]), 0), [B, N, C]);
      const w = tf.expandDims(inside, 2);
      return tf.add(tf.mul(values, w), tf.mul(tf.sub(1, w), fill));
    };

    let out: tf.Tensor;
    if (interpolation === 'nearest') {
      // floor(v + 0.5): round half up, the same on every backend (tf.round rounds half to even).
      out = sample(tf.floor(tf.add(inX, 0.5)), tf.floor(tf.add(inY, 0.5)));
    } else {
      const x0 = tf.floor(inX);
      const y0 = tf.floor(inY);
      const fx = tf.expandDims(tf.sub(inX, x0), 2);
      const fy = tf.expandDims(tf.sub(inY, y0), 2);
      const x1 = tf.add(x0, 1);
      const y1 = tf.add(y0, 1);
      const top = tf.add(tf.mul(sample(x0, y0), tf.sub(1, fx)), tf.mul(sample(x1, y0), fx));
      const bottom = tf.add(tf.mul(sample(x0, y1), tf.sub(1, fx)), tf.mul(sample(x1, y1), fx));
      out = tf.add(tf.mul(top, tf.sub(1, fy)), tf.mul(bottom, fy));
    }
    return tf.reshape(out, [B, H, W, C]) as tf.Tensor4D;
  });
}
