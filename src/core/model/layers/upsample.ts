// ×2 bilinear upsampling with half-pixel centres (PyTorch align_corners=False, TF half_pixel_centers=True) with
// its exact adjoint as the gradient. tfjs 4.22's ResizeBilinearGrad ignores half-pixel centres: on cpu and wasm
// its gradient for resizeBilinear(x, 2x, alignCorners=false, halfPixelCenters=true) is wrong (see
// tests/unit/model/upsample.test.ts). The forward pass is the native ResizeBilinear kernel (right on every
// backend); the gradient is one native depthwise convolution (below).
//
// With half-pixel centres, output row i samples input row i/2 − 1/4, so for every input row k:
//   out[2k]   = 0.75·in[k] + 0.25·in[k−1]      (in[−1] clamped to in[0])
//   out[2k+1] = 0.75·in[k] + 0.25·in[k+1]      (in[H] clamped to in[H−1])
// applied along H, then along W (bilinear interpolation is separable). The map is linear, so its gradient
// is its transpose and needs no saved tensors. Along one axis the transpose gives input k
//   0.25·g[2k−1] + 0.75·g[2k] + 0.75·g[2k+1] + 0.25·g[2k+2]      (g[−1] := g[0], g[2n] := g[2n−1])
// — the clamped borders become a repeated edge — so the 2-D adjoint is: pad g by one repeated edge pixel on
// each side (tf.mirrorPad 'symmetric'), then a stride-2 'valid' depthwise convolution with the 4×4 filter
// a⊗a, a = [0.25, 0.75, 0.75, 0.25] (products of powers of two: exact in float32).
// It replaced an adjoint made of slices, pads and weighted sums on [outer, n, inner] views (issue 8): on wasm
// Slice and Concat are JavaScript loops that copy one innermost row per call, and those ops took ~6 % of a
// 128 px step; the depthwise convolution is one pooled XNNPACK kernel.
//
// The slice-built forward below is kept as the autodiff reference for tests. It works on rank-3 views
// [outer, n, inner] (the wasm Slice kernel has fast paths up to rank 4 only) and interleaves with concat, not
// tf.stack (stack's gradient, Unpack, took seconds on wasm).
import * as tf from '@tensorflow/tfjs';
import { cachedConstant, cachedScalar } from '../../cached-constants';

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

function forward(x: tf.Tensor4D): tf.Tensor4D {
  const [b, h, w, c] = x.shape;
  const alongH = upsampleMiddleAxis(tf.reshape(x, [b, h, w * c])); // [B, 2H, W·C]
  const alongW = upsampleMiddleAxis(tf.reshape(alongH, [b * 2 * h, w, c])); // [B·2H, 2W, C]
  return tf.reshape(alongW, [b, 2 * h, 2 * w, c]);
}

const TAPS = [0.25, 0.75, 0.75, 0.25];

/** The [4,4,C,1] depthwise filter a⊗a, one copy per channel (a cached constant per channel count). */
function adjointFilter(c: number): tf.Tensor4D {
  return cachedConstant(`upsample/adjoint-filter/${c}`, () => {
    const f = new Float32Array(16 * c);
    for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) f.fill((TAPS[i] as number) * (TAPS[j] as number), (i * 4 + j) * c, (i * 4 + j + 1) * c);
    return tf.tensor4d(f, [4, 4, c, 1]);
  });
}

/** Transpose of the ×2 upsampling: [B,2H,2W,C] → [B,H,W,C] (see file comment). */
function adjoint(dy: tf.Tensor4D): tf.Tensor4D {
  const padded = tf.mirrorPad(dy, [[0, 0], [1, 1], [1, 1], [0, 0]], 'symmetric');
  return tf.depthwiseConv2d(padded, adjointFilter(dy.shape[3]), 2, 'valid');
}

const upsampleOp = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
  const x = args[0] as tf.Tensor4D;
  const [, h, w] = x.shape;
  return {
    value: tf.image.resizeBilinear(x, [2 * h, 2 * w], false, true),
    // tidy: tfjs runs custom gradients outside any tidy and would keep the temporaries to the end of backprop.
    gradFunc: (dy: tf.Tensor | tf.Tensor[]) => [tf.tidy(() => adjoint(dy as tf.Tensor4D))],
  };
});

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
