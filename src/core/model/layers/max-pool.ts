// 2x2 max-pooling with stride 2 whose gradient is exact on every backend.
// tfjs-backend-wasm's MaxPoolGrad is wrong for negative inputs (measured: gradients ~3% off), and after a
// LeakyReLU half the activations are negative. The forward pass uses the native MaxPool kernel (right
// everywhere, and fast); the gradient routes each window's gradient to exactly one element, like a real
// max-pool: the window's maximum that comes first in the order top-left, bottom-left, top-right, bottom-right
// (left column first, then top — the order of the reference below, which compares the two rows, then the
// two columns; ties happen, e.g. between dropped-out zeros).
//
// The gradient is made of whole-tensor native kernels only (issue 8): with y the pooled output,
//   candidates = (x == nearest-upsampled y) · P      P: per-pixel priority 4, 3, 2, 1 in the order above
//   winner     = candidates == nearest-upsampled maxPool(candidates)   (exactly one per window)
//   dx         = nearest-upsampled dy · winner
// It replaced slices of [rows, 2, C] views and an interleaving concat, which tfjs-backend-wasm runs as
// JavaScript loops copying one innermost row (C floats) per call: 16 384 calls per slice at 128 px.
// Saved for the backward pass: the input (alive anyway: it is the skip connection) and the output (the next
// conv's input).
import * as tf from '@tensorflow/tfjs';
import { cachedConstant } from '../../cached-constants';

/** Splits [outer, 2, inner] into its two halves, each [outer, 1, inner] (the reference below). */
function halves(t: tf.Tensor3D): [tf.Tensor3D, tf.Tensor3D] {
  const [outer, , inner] = t.shape;
  return [tf.slice(t, [0, 0, 0], [outer, 1, inner]), tf.slice(t, [0, 1, 0], [outer, 1, inner])];
}

/** [1,H,W,1] priorities of each pixel within its 2x2 window: top-left 4, bottom-left 3, top-right 2, bottom-right 1. */
function windowPriority(h: number, w: number): tf.Tensor4D {
  return cachedConstant(`max-pool/priority/${h}x${w}`, () => {
    const p = new Float32Array(h * w);
    for (let i = 0; i < h; i++) for (let j = 0; j < w; j++) p[i * w + j] = 4 - (i % 2) - 2 * (j % 2);
    return tf.tensor4d(p, [1, h, w, 1]);
  });
}

/** Nearest-neighbour ×2: every window's 4 pixels get the window's value. */
function spread(t: tf.Tensor4D, h: number, w: number): tf.Tensor4D {
  return tf.image.resizeNearestNeighbor(t, [h, w]);
}

function maxPoolGradient(x: tf.Tensor4D, y: tf.Tensor4D, dy: tf.Tensor4D): tf.Tensor4D {
  const [, h, w] = x.shape;
  const candidates = tf.mul(tf.cast(tf.equal(x, spread(y, h, w)), 'float32'), windowPriority(h, w)) as tf.Tensor4D;
  const best = spread(tf.maxPool(candidates, 2, 2, 'valid'), h, w);
  return tf.mul(spread(dy, h, w), tf.cast(tf.equal(candidates, best), 'float32'));
}

const maxPoolOp = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
  const x = args[0] as tf.Tensor4D;
  const y = tf.maxPool(x, 2, 2, 'valid');
  (args[1] as tf.GradSaveFunc)([x, y]);
  return {
    value: y,
    // tidy: tfjs runs custom gradients outside any tidy and would keep the temporaries to the end of backprop.
    gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => [
      tf.tidy(() => maxPoolGradient(saved[0] as tf.Tensor4D, saved[1] as tf.Tensor4D, dy as tf.Tensor4D)),
    ],
  };
});

export function maxPool2x2(x: tf.Tensor4D): tf.Tensor4D {
  if (x.rank !== 4) throw new Error(`maxPool2x2: input must be rank 4 [B,H,W,C], got [${x.shape.join(',')}]`);
  const [, h, w] = x.shape;
  if (h % 2 !== 0 || w % 2 !== 0) {
    throw new Error(`maxPool2x2: height and width must be even, got ${h}x${w}`);
  }
  return maxPoolOp(x) as tf.Tensor4D;
}

/**
 * The same pooling by plain autodiff through slices and tf.maximum (whose gradient also sends ties to the
 * first argument): the reference for tests. Keeps more tensors alive for the backward pass.
 */
export function maxPool2x2Reference(x: tf.Tensor4D): tf.Tensor4D {
  const [b, h, w, c] = x.shape;
  return tf.tidy(() => {
    const [top, bottom] = halves(tf.reshape(x, [(b * h) / 2, 2, w * c]));
    const [left, right] = halves(tf.reshape(tf.maximum(top, bottom), [(b * h * w) / 4, 2, c]));
    return tf.reshape(tf.maximum(left, right), [b, h / 2, w / 2, c]);
  });
}
