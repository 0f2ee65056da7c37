// ×2 bilinear upsampling with half-pixel centres (PyTorch align_corners=False, TF half_pixel_centers=True),
// written as shifted slices and weighted sums so that its gradient is exact on every backend.
// tfjs 4.22's ResizeBilinearGrad ignores half-pixel centres: on cpu and wasm its gradient for
// resizeBilinear(x, 2x, alignCorners=false, halfPixelCenters=true) is wrong (see tests/unit/model/upsample.test.ts).
//
// With half-pixel centres, output row i samples input row i/2 − 1/4, so for every input row k:
//   out[2k]   = 0.75·in[k] + 0.25·in[k−1]      (in[−1] clamped to in[0])
//   out[2k+1] = 0.75·in[k] + 0.25·in[k+1]      (in[H] clamped to in[H−1])
// applied along H, then along W (bilinear interpolation is separable).
//
// Every op works on rank-3 views [outer, n, inner]: the wasm Slice kernel has fast paths up to rank 4 only and
// falls back to a per-element JavaScript loop above that; and we interleave with concat, not tf.stack, since
// the gradient of stack (Unpack) took seconds on wasm for a [10,64,64,32] input.
import * as tf from '@tensorflow/tfjs';

/** Upsamples the middle axis of [outer, n, inner] by 2. */
function upsampleMiddleAxis2x(x: tf.Tensor3D): tf.Tensor3D {
  const [outer, n, inner] = x.shape;
  const rows = (start: number, len: number) => tf.slice(x, [0, start, 0], [outer, len, inner]);
  const first = rows(0, 1);
  const last = rows(n - 1, 1);
  const prev = n === 1 ? first : tf.concat([first, rows(0, n - 1)], 1); // in[k−1], clamped
  const next = n === 1 ? last : tf.concat([rows(1, n - 1), last], 1); // in[k+1], clamped
  const centre = tf.mul(x, 0.75);
  const even = tf.add(centre, tf.mul(prev, 0.25)).reshape([outer * n, 1, inner]);
  const odd = tf.add(centre, tf.mul(next, 0.25)).reshape([outer * n, 1, inner]);
  // [outer·n, 2, inner] read row-major is even, odd, even, odd, ... along the axis: the interleave.
  return tf.concat([even, odd], 1).reshape([outer, 2 * n, inner]);
}

/** [B,H,W,C] → [B,2H,2W,C], bilinear, half-pixel centres. */
export function upsampleBilinear2x(x: tf.Tensor4D): tf.Tensor4D {
  if (x.rank !== 4) throw new Error(`upsampleBilinear2x: input must be rank 4 [B,H,W,C], got [${x.shape.join(',')}]`);
  const [b, h, w, c] = x.shape;
  return tf.tidy(() => {
    const alongH = upsampleMiddleAxis2x(tf.reshape(x, [b, h, w * c])); // [B, 2H, W·C]
    const alongW = upsampleMiddleAxis2x(tf.reshape(alongH, [b * 2 * h, w, c])); // [B·2H, 2W, C]
    return tf.reshape(alongW, [b, 2 * h, 2 * w, c]);
  });
}

/**
 * Bilinear resize with half-pixel centres to [size,size] for inputs that need no gradient (the saliency
 * bridge). Uses the native kernel, whose forward pass is right on every backend.
 */
export function resizeBilinearConstant(x: tf.Tensor4D, size: number): tf.Tensor4D {
  if (x.rank !== 4) throw new Error(`resizeBilinearConstant: input must be rank 4, got [${x.shape.join(',')}]`);
  if (!Number.isInteger(size) || size < 1) throw new Error(`resizeBilinearConstant: size must be a positive integer, got ${size}`);
  return tf.image.resizeBilinear(x, [size, size], false, true);
}
