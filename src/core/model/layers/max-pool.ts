// 2x2 max-pooling with stride 2 whose gradient is exact on every backend.
// tfjs-backend-wasm's MaxPoolGrad is wrong for negative inputs (measured: gradients ~3% off), and after a
// LeakyReLU half the activations are negative. The forward pass uses the native MaxPool kernel (right
// everywhere, and fast); the gradient re-derives each window's winner from the saved input with two
// pairwise comparisons — the two rows, then the two columns — and routes the window's gradient to exactly
// one element, like a real max-pool. Ties go to the top-left-most element.
// The only tensor saved for the backward pass is the input, which is alive anyway (it is the skip connection).
// Views stay rank 3: the wasm Slice kernel has no fast path above rank 4.
import * as tf from '@tensorflow/tfjs';

/** Splits [outer, 2, inner] into its two halves, each [outer, 1, inner]. */
function halves(t: tf.Tensor3D): [tf.Tensor3D, tf.Tensor3D] {
  const [outer, , inner] = t.shape;
  return [tf.slice(t, [0, 0, 0], [outer, 1, inner]), tf.slice(t, [0, 1, 0], [outer, 1, inner])];
}

/** Sends g to the first half where `firstWins`, else to the second: [outer,1,inner] → [outer,2,inner]. */
function route(g: tf.Tensor3D, firstWins: tf.Tensor3D): tf.Tensor3D {
  const toFirst = tf.mul(g, tf.cast(firstWins, 'float32'));
  return tf.concat([toFirst, tf.sub(g, toFirst)], 1) as tf.Tensor3D;
}

function maxPoolGradient(x: tf.Tensor4D, dy: tf.Tensor4D): tf.Tensor4D {
  const [b, h, w, c] = x.shape;
  const [top, bottom] = halves(tf.reshape(x, [(b * h) / 2, 2, w * c]));
  const topWins = tf.greaterEqual(top, bottom) as tf.Tensor3D;
  const rowMax = tf.reshape(tf.maximum(top, bottom), [(b * h * w) / 4, 2, c]);
  const [left, right] = halves(rowMax as tf.Tensor3D);
  const leftWins = tf.greaterEqual(left, right) as tf.Tensor3D;
  const dRowMax = route(tf.reshape(dy, [(b * h * w) / 4, 1, c]), leftWins); // [B·H/2·W/2, 2, C]
  const dx = route(tf.reshape(dRowMax, [(b * h) / 2, 1, w * c]), topWins); // [B·H/2, 2, W·C]
  return tf.reshape(dx, [b, h, w, c]);
}

const maxPoolOp = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
  const x = args[0] as tf.Tensor4D;
  (args[1] as tf.GradSaveFunc)([x]);
  return {
    value: tf.maxPool(x, 2, 2, 'valid'),
    // tidy: tfjs runs custom gradients outside any tidy and would keep the temporaries to the end of backprop.
    gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => [tf.tidy(() => maxPoolGradient(saved[0] as tf.Tensor4D, dy as tf.Tensor4D))],
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
