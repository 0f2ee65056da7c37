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

// Plain arrays (not tensors, which would need disposing) of the last few grid sizes used.
const gridCache = new Map<string, Float32Array>();

/** (x, y, 1) of every pixel in row-major order, [H·W, 3]. Built in JS: tf.stack of ranges is slow on wasm. */
function homogeneousGrid(height: number, width: number): Float32Array {
  const key = `${height}x${width}`;
  let grid = gridCache.get(key);
  if (!grid) {
    grid = new Float32Array(height * width * 3);
    for (let y = 0, i = 0; y < height; y++) {
      for (let x = 0; x < width; x++, i += 3) {
        grid[i] = x;
        grid[i + 1] = y;
        grid[i + 2] = 1;
      }
    }
    if (gridCache.size >= 4) gridCache.clear();
    gridCache.set(key, grid);
  }
  return grid;
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
  // When every matrix is integer-valued, every sample lands on a pixel centre: nearest is exact and 4x cheaper.
  const integral = matrices.every((m) => m.every(Number.isInteger));
  const interpolation = integral ? 'nearest' : (opts.interpolation ?? 'bilinear');
  const fill = opts.fillValue ?? 0;
  const N = H * W;
  // Layout [pixel, image] ([N,B]) throughout: per-image values are then trailing [B] vectors and scalars,
  // which every backend (the cpu one especially) broadcasts cheaply; one transpose restores [B,...] at the end.
  // [3, B] coefficient columns for x and for y (two matMuls: splitting one [N,2B] product is slow on cpu).
  const xCoefficients = new Float32Array(3 * B);
  const yCoefficients = new Float32Array(3 * B);
  matrices.forEach((m, b) => {
    for (let k = 0; k < 3; k++) {
      xCoefficients[k * B + b] = m[k] as number;
      yCoefficients[k * B + b] = m[3 + k] as number;
    }
  });
  return tf.tidy(() => {
    const grid = tf.tensor2d(homogeneousGrid(H, W), [N, 3]);
    const inX = tf.matMul(grid, tf.tensor2d(xCoefficients, [3, B])); // [N, B] input x of every output pixel
    const inY = tf.matMul(grid, tf.tensor2d(yCoefficients, [3, B]));
    const flat = tf.reshape(x, [B * N, C]);
    const imageOffset = tf.tensor1d(Array.from({ length: B }, (_, b) => b * N), 'float32');

    // One axis of a sample: 1 where the integer coordinate is inside [0, n), and the clipped coordinate.
    const axis = (i: tf.Tensor, n: number): { inside: tf.Tensor; clipped: tf.Tensor } => {
      const clipped = tf.clipByValue(i, 0, n - 1);
      return { inside: tf.cast(tf.equal(clipped, i), 'float32'), clipped };
    };
    // Pixels at clipped (row, col) [N,B] as [N·B, C]; out-of-range samples are zeroed by their weight.
    const read = (row: tf.Tensor, col: tf.Tensor): tf.Tensor =>
      tf.gather(flat, tf.reshape(tf.cast(tf.add(tf.add(tf.mul(row, W), col), imageOffset), 'int32'), [N * B]), 0);
    const column = (w: tf.Tensor) => tf.reshape(w, [N * B, 1]);

    let out: tf.Tensor;
    let coverage: tf.Tensor; // total weight that fell inside the image; the rest is fill
    if (interpolation === 'nearest') {
      // floor(v + 0.5): round half up, the same on every backend (tf.round rounds half to even).
      const ax = axis(tf.floor(tf.add(inX, 0.5)), W);
      const ay = axis(tf.floor(tf.add(inY, 0.5)), H);
      coverage = column(tf.mul(ax.inside, ay.inside));
      out = tf.mul(read(ay.clipped, ax.clipped), coverage);
    } else {
      // Separable bilinear weights, each already multiplied by its corner's inside flag.
      const x0 = tf.floor(inX);
      const y0 = tf.floor(inY);
      const fx = tf.sub(inX, x0);
      const fy = tf.sub(inY, y0);
      const ax0 = axis(x0, W);
      const ax1 = axis(tf.add(x0, 1), W);
      const ay0 = axis(y0, H);
      const ay1 = axis(tf.add(y0, 1), H);
      const wx0 = column(tf.mul(tf.sub(1, fx), ax0.inside));
      const wx1 = column(tf.mul(fx, ax1.inside));
      const wy0 = column(tf.mul(tf.sub(1, fy), ay0.inside));
      const wy1 = column(tf.mul(fy, ay1.inside));
      const top = tf.add(tf.mul(read(ay0.clipped, ax0.clipped), wx0), tf.mul(read(ay0.clipped, ax1.clipped), wx1));
      const bottom = tf.add(tf.mul(read(ay1.clipped, ax0.clipped), wx0), tf.mul(read(ay1.clipped, ax1.clipped), wx1));
      out = tf.add(tf.mul(top, wy0), tf.mul(bottom, wy1));
      coverage = tf.mul(tf.add(wx0, wx1), tf.add(wy0, wy1));
    }
    if (fill !== 0) out = tf.add(out, tf.mul(tf.sub(1, coverage), fill));
    return tf.reshape(tf.transpose(tf.reshape(out, [N, B, C]), [1, 0, 2]), [B, H, W, C]) as tf.Tensor4D;
  });
}
