// 2x2 max-pooling with stride 2 whose gradient is exact on every backend.
// tfjs-backend-wasm's MaxPoolGrad is wrong for negative inputs (measured: gradients ~3% off), and after a
// LeakyReLU half the activations are negative. Instead each window is reduced with two elementwise maxima of
// slices — first the two rows, then the two columns. tf.maximum's gradient goes to the first argument where
// a ≥ b and to the second where a < b, so every window routes its gradient to exactly one element, like a
// real max-pool (ties go to the top-left-most element).
// Measured on wasm, [10,128,128,16]: gradient 106 ms this way, 271 ms as reshape + tf.max over the window axes
// (whose Max gradient also splits ties), 86 ms with the (wrong) native MaxPoolGrad.
// Views stay rank 3: the wasm Slice kernel has no fast path above rank 4.
import * as tf from '@tensorflow/tfjs';

/** max over the two entries of the middle axis of [outer, 2, inner] → [outer, 1, inner]. */
function maxOfPair(x: tf.Tensor3D): tf.Tensor3D {
  const [outer, , inner] = x.shape;
  return tf.maximum(tf.slice(x, [0, 0, 0], [outer, 1, inner]), tf.slice(x, [0, 1, 0], [outer, 1, inner]));
}

export function maxPool2x2(x: tf.Tensor4D): tf.Tensor4D {
  if (x.rank !== 4) throw new Error(`maxPool2x2: input must be rank 4 [B,H,W,C], got [${x.shape.join(',')}]`);
  const [b, h, w, c] = x.shape;
  if (h % 2 !== 0 || w % 2 !== 0) {
    throw new Error(`maxPool2x2: height and width must be even, got ${h}x${w}`);
  }
  return tf.tidy(() => {
    const rows = maxOfPair(tf.reshape(x, [(b * h) / 2, 2, w * c])); // row pairs → [B·H/2, 1, W·C]
    const cols = maxOfPair(tf.reshape(rows, [(b * h * w) / 4, 2, c])); // column pairs → [B·H/2·W/2, 1, C]
    return tf.reshape(cols, [b, h / 2, w / 2, c]);
  });
}
