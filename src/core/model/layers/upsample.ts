// ×2 bilinear upsampling with half-pixel centres (PyTorch align_corners=False, TF half_pixel_centers=True),
// built from slices and weighted sums, with its exact adjoint as the gradient.
// tfjs 4.22's ResizeBilinearGrad ignores half-pixel centres: on cpu and wasm its gradient for
// resizeBilinear(x, 2x, alignCorners=false, halfPixelCenters=true) is wrong (see tests/unit/model/upsample.test.ts).
//
// With half-pixel centres, output row i samples input row i/2 − 1/4, so for every input row k:
//   out[2k]   = 0.75·in[k] + 0.25·in[k−1]      (in[−1] clamped to in[0])
//   out[2k+1] = 0.75·in[k] + 0.25·in[k+1]      (in[H] clamped to in[H−1])
// applied along H, then along W (bilinear interpolation is separable). The map is linear, so its gradient
// is its transpose (below) and needs no saved tensors: autodiff through the slices kept ~4 full-size
// intermediates per stage alive until the backward pass.
//
// Every op works on rank-3 views [outer, n, inner]: the wasm Slice kernel has fast paths up to rank 4 only,
// and interleaving uses concat, not tf.stack (stack's gradient, Unpack, took seconds on wasm).
import * as tf from '@tensorflow/tfjs';
import { cachedScalar } from '../../cached-constants';

/** Upsamples the middle axis of [outer, n, inner] by 2. */
function upsampleMiddleAxis(x: tf.Tensor3D): tf.Tensor3D {
  const [outer, n, inner] = x.shape;
  const rows = (start: number, len: number) => tf.slice(x, [0, start, 0], [outer, len, inner]);
  const first = rows(0, 1);
  const last = rows(n - 1, 1);
  const prev = n === 1 ? first : tf.concat([first, rows(0, n - 1)], 1); // in[k−1], clamped
  const next = n === 1 ? last : tf.concat([rows(1, n - 1), last], 1); // in[k+1], clamped
  const centre = tf.mul(x, cachedScalar(0.75));
  const quarter = cachedScalar(0.25);
  const even = tf.add(centre, tf.mul(prev, quarter)).reshape([outer * n, 1, inner]);
  const odd = tf.add(centre, tf.mul(next, quarter)).reshape([outer * n, 1, inner]);
  // [outer·n, 2, inner] read row-major is even, odd, even, odd, ... along the axis: the interleave.
  return tf.concat([even, odd], 1).reshape([outer, 2 * n, inner]);
}

/** Transpose of upsampleMiddleAxis: [outer, 2n, inner] → [outer, n, inner]. */
function upsampleMiddleAxisAdjoint(g: tf.Tensor3D): tf.Tensor3D {
  const [outer, twoN, inner] = g.shape;
  const n = twoN / 2;
  const pairs = tf.reshape(g, [outer * n, 2, inner]);
  const ge: tf.Tensor3D = tf.reshape(tf.slice(pairs, [0, 0, 0], [outer * n, 1, inner]), [outer, n, inner]); // ∂/∂out[2k]
  const go: tf.Tensor3D = tf.reshape(tf.slice(pairs, [0, 1, 0], [outer * n, 1, inner]), [outer, n, inner]); // ∂/∂out[2k+1]
  const rows = (t: tf.Tensor3D, start: number, len: number) => tf.slice(t, [0, start, 0], [outer, len, inner]);
  const pad = (t: tf.Tensor3D, before: number, after: number): tf.Tensor3D => tf.pad(t, [[0, 0], [before, after], [0, 0]]);
  // out[2k] gives 0.25 to in[k−1] (in[0] for k = 0); out[2k+1] gives 0.25 to in[k+1] (in[n−1] for k = n−1).
  const fromEven = n === 1 ? ge : tf.add(pad(rows(ge, 1, n - 1), 0, 1), pad(rows(ge, 0, 1), 0, n - 1));
  const fromOdd = n === 1 ? go : tf.add(pad(rows(go, 0, n - 1), 1, 0), pad(rows(go, n - 1, 1), n - 1, 0));
  return tf.add(tf.mul(tf.add(ge, go), cachedScalar(0.75)), tf.mul(tf.add(fromEven, fromOdd), cachedScalar(0.25)));
}

function forward(x: tf.Tensor4D): tf.Tensor4D {
  const [b, h, w, c] = x.shape;
  const alongH = upsampleMiddleAxis(tf.reshape(x, [b, h, w * c])); // [B, 2H, W·C]
  const alongW = upsampleMiddleAxis(tf.reshape(alongH, [b * 2 * h, w, c])); // [B·2H, 2W, C]
  return tf.reshape(alongW, [b, 2 * h, 2 * w, c]);
}

function adjoint(dy: tf.Tensor4D): tf.Tensor4D {
  const [b, h2, w2, c] = dy.shape;
  const h = h2 / 2;
  const w = w2 / 2;
  const alongW = upsampleMiddleAxisAdjoint(tf.reshape(dy, [b * h2, w2, c])); // [B·2H, W, C]
  const alongH = upsampleMiddleAxisAdjoint(tf.reshape(alongW, [b, h2, w * c])); // [B, H, W·C]
  return tf.reshape(alongH, [b, h, w, c]);
}

const upsampleOp = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => ({
  value: forward(args[0] as tf.Tensor4D),
  // tidy: tfjs runs custom gradients outside any tidy and would keep the temporaries to the end of backprop.
  gradFunc: (dy: tf.Tensor | tf.Tensor[]) => [tf.tidy(() => adjoint(dy as tf.Tensor4D))],
}));

/** [B,H,W,C] → [B,2H,2W,C], bilinear, half-pixel centres, exact gradient on every backend. */
export function upsampleBilinear2x(x: tf.Tensor4D): tf.Tensor4D {
  if (x.rank !== 4) throw new Error(`upsampleBilinear2x: input must be rank 4 [B,H,W,C], got [${x.shape.join(',')}]`);
  return upsampleOp(x) as tf.Tensor4D;
}

/** The same forward function differentiated by autodiff through its slices: the reference for tests. */
export function upsampleBilinear2xReference(x: tf.Tensor4D): tf.Tensor4D {
  return tf.tidy(() => forward(x));
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
