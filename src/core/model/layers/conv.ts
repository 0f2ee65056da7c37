// Convolutions that can be trained on every tfjs backend.
//
// Stock tfjs-backend-wasm 4.22 has no Conv2DBackpropFilter kernel, so autodiff through tf.conv2d fails there
// (upstream tensorflow/tfjs#8474), and its Conv2DBackpropInput (used by tf.conv2dTranspose) is ~10x slower
// than its Conv2D. On wasm we therefore give the 3x3 conv a custom gradient made only of fast native Conv2D
// calls (measured in Node, 128 px, batch 10, 16->16 channels: forward 25 ms, dx 27 ms, dW 52 ms; im2col +
// matMul for dW took 400 ms, the 9-shifted-matMul variant 320 ms, Conv3DBackpropFilterV2 780 ms,
// conv2dTranspose for dx 260 ms):
//   dx = conv(dy, W rotated by 180° with in/out channels swapped)              ('same' padding)
//   dW = conv(pad(x) with batch and channels swapped, dy used as a H×W filter)  ('valid' padding)
// The second identity is dW[ky,kx,ci,co] = Σ_{b,y,x} xpad[b,y+ky,x+kx,ci]·dy[b,y,x,co], which is exactly a
// valid convolution of xpad (channels ci as its batch, batch b as its channels) with dy as the kernel.
// The other backends have correct native gradients for tf.conv2d and use it directly.
import * as tf from '@tensorflow/tfjs';
import { cachedConstant } from '../../cached-constants';

function checkConvShapes(op: string, x: tf.Tensor, w: tf.Tensor, kernel: number): void {
  if (x.rank !== 4) throw new Error(`${op}: input must be rank 4 [B,H,W,C], got shape [${x.shape.join(',')}]`);
  if (w.rank !== 4 || w.shape[0] !== kernel || w.shape[1] !== kernel) {
    throw new Error(`${op}: filter must have shape [${kernel},${kernel},Cin,Cout], got [${w.shape.join(',')}]`);
  }
  if (w.shape[2] !== x.shape[3]) {
    throw new Error(`${op}: filter expects ${w.shape[2]} input channels but the input has ${x.shape[3]}`);
  }
}

// Row k has its 1 in column 8−k: multiplying the 9 flattened taps by it reverses their order.
const REVERSE_9 = Array.from({ length: 81 }, (_, i) => (i % 9 === 8 - Math.floor(i / 9) ? 1 : 0));

/**
 * The filter rotated by 180° in space: taps (ky,kx) → (2−ky,2−kx). Done as a 9×9 permutation matMul over the
 * flattened taps because wasm's Reverse kernel is slow (17 ms for a 3x3x256x256 filter vs 1 ms); a product
 * with a 0/1 matrix is exact for finite weights.
 */
export function rotate180(w: tf.Tensor4D): tf.Tensor4D {
  return tf.tidy(() => {
    const [, , cin, cout] = w.shape;
    const taps = tf.reshape(w, [9, cin * cout]);
    return tf.reshape(tf.matMul(cachedConstant('conv/reverse-9-taps', () => tf.tensor2d(REVERSE_9, [9, 9])), taps), [3, 3, cin, cout]);
  });
}

/** Gradient of a stride-1 'same' 3x3 conv with respect to its input. */
export function conv3x3InputGrad(dy: tf.Tensor4D, w: tf.Tensor4D): tf.Tensor4D {
  return tf.tidy(() => {
    const rotated = tf.transpose(rotate180(w), [0, 1, 3, 2]) as tf.Tensor4D;
    return tf.conv2d(dy, rotated, 1, 'same');
  });
}

/** Gradient of a stride-1 'same' 3x3 conv with respect to its filter, as one native forward convolution. */
export function conv3x3FilterGrad(x: tf.Tensor4D, dy: tf.Tensor4D): tf.Tensor4D {
  return tf.tidy(() => {
    const padded = tf.pad(x, [[0, 0], [1, 1], [1, 1], [0, 0]]);
    const channelsAsBatch = tf.transpose(padded, [3, 1, 2, 0]) as tf.Tensor4D; // [Cin, H+2, W+2, B]
    const dyAsFilter = tf.transpose(dy, [1, 2, 0, 3]) as tf.Tensor4D; // [H, W, B, Cout]
    const out = tf.conv2d(channelsAsBatch, dyAsFilter, 1, 'valid'); // [Cin, 3, 3, Cout]
    return tf.transpose(out, [1, 2, 0, 3]) as tf.Tensor4D;
  });
}

const trainableConv = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
  const x = args[0] as tf.Tensor4D;
  const w = args[1] as tf.Tensor4D;
  const save = args[2] as tf.GradSaveFunc;
  save([x, w]);
  return {
    value: tf.conv2d(x, w, 1, 'same'),
    gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => {
      const [sx, sw] = saved as [tf.Tensor4D, tf.Tensor4D];
      const g = dy as tf.Tensor4D;
      return [conv3x3InputGrad(g, sw), conv3x3FilterGrad(sx, g)];
    },
  };
});

/**
 * 3x3 'same' conv, stride 1, no bias, whose gradients use only forward Conv2D kernels (see file comment).
 * Works on every backend; `conv3x3` picks it on wasm.
 */
export function conv3x3CustomGrad(x: tf.Tensor4D, w: tf.Tensor4D): tf.Tensor4D {
  checkConvShapes('conv3x3CustomGrad', x, w, 3);
  return trainableConv(x, w) as tf.Tensor4D;
}

/**
 * Like conv3x3CustomGrad but differentiable only with respect to `x`: the filter is a constant. Used for the
 * saliency map (a gradient w.r.t. the image), where computing dW would double the backward cost for nothing.
 * `w` must stay alive until the gradient has been computed (model variables do).
 */
export function conv3x3FrozenFilter(x: tf.Tensor4D, w: tf.Tensor4D): tf.Tensor4D {
  checkConvShapes('conv3x3FrozenFilter', x, w, 3);
  const op = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => ({
    value: tf.conv2d(args[0] as tf.Tensor4D, w, 1, 'same'),
    gradFunc: (dy: tf.Tensor | tf.Tensor[]) => [conv3x3InputGrad(dy as tf.Tensor4D, w)],
  }));
  return op(x) as tf.Tensor4D;
}

export interface ConvOptions {
  /** false when only ∂/∂x will be asked for (saliency): lets the wasm path skip the filter gradient. */
  filterGrad?: boolean;
}

/**
 * The 3x3 'same' convolution used by the model. wasm: custom gradient made of native convs (trainable there);
 * other backends: tf.conv2d with its native gradients (which only compute what the tape needs).
 */
export function conv3x3(x: tf.Tensor4D, w: tf.Tensor4D, opts: ConvOptions = {}): tf.Tensor4D {
  if (tf.getBackend() !== 'wasm') {
    checkConvShapes('conv3x3', x, w, 3);
    return tf.conv2d(x, w, 1, 'same');
  }
  return opts.filterGrad === false ? conv3x3FrozenFilter(x, w) : conv3x3CustomGrad(x, w);
}

/**
 * conv3x3(concat(parts, channels), w) computed as Σᵢ conv3x3(partᵢ, w's input channels of partᵢ): the same sum
 * of products without the channel concat (issue 8). On wasm a channel concat and its gradient (SplitV) are
 * JavaScript loops that copy C floats per pixel — ~131 000 copies per decoder concat at 128 px, M = 2 — while
 * the split convolutions cost no extra FLOPs. Gradients reach every part and the whole filter (tf.split's
 * gradient concatenates the small filter slices).
 */
export function conv3x3Parts(parts: tf.Tensor4D[], w: tf.Tensor4D, opts: ConvOptions = {}): tf.Tensor4D {
  if (parts.length === 0) throw new Error('conv3x3Parts: no input parts');
  if (parts.length === 1) return conv3x3(parts[0] as tf.Tensor4D, w, opts);
  const sizes = parts.map((p) => p.shape[3]);
  const total = sizes.reduce((a, b) => a + b, 0);
  if (w.rank !== 4 || w.shape[2] !== total) {
    throw new Error(`conv3x3Parts: filter expects ${w.shape[2]} input channels but the parts have ${sizes.join(' + ')} = ${total}`);
  }
  return tf.tidy(() => {
    const slices = tf.split(w, sizes, 2) as tf.Tensor4D[];
    return tf.addN(parts.map((p, i) => conv3x3(p, slices[i] as tf.Tensor4D, opts))) as tf.Tensor4D;
  });
}

/** 1x1 conv with bias as a matMul over all pixels (BatchMatMul has exact gradients on every backend). */
export function conv1x1(x: tf.Tensor4D, w: tf.Tensor2D, bias: tf.Tensor1D): tf.Tensor4D {
  if (x.rank !== 4) throw new Error(`conv1x1: input must be rank 4 [B,H,W,C], got [${x.shape.join(',')}]`);
  const [b, h, wd, c] = x.shape;
  if (w.rank !== 2 || w.shape[0] !== c) {
    throw new Error(`conv1x1: weight must have shape [${c},Cout] for ${c} input channels, got [${w.shape.join(',')}]`);
  }
  if (bias.rank !== 1 || bias.shape[0] !== w.shape[1]) {
    throw new Error(`conv1x1: bias must have shape [${w.shape[1]}], got [${bias.shape.join(',')}]`);
  }
  return tf.tidy(() => tf.add(tf.matMul(tf.reshape(x, [b * h * wd, c]), w), bias).reshape([b, h, wd, w.shape[1]]));
}

/** Fully connected layer on [B,C] features. */
export function dense(x: tf.Tensor2D, w: tf.Tensor2D, bias: tf.Tensor1D): tf.Tensor2D {
  if (x.rank !== 2 || w.rank !== 2 || w.shape[0] !== x.shape[1]) {
    throw new Error(`dense: input [${x.shape.join(',')}] does not match weight [${w.shape.join(',')}]`);
  }
  if (bias.rank !== 1 || bias.shape[0] !== w.shape[1]) {
    throw new Error(`dense: bias must have shape [${w.shape[1]}], got [${bias.shape.join(',')}]`);
  }
  return tf.tidy(() => tf.add(tf.matMul(x, w), bias));
}

/** tf.conv2d with tfjs's own gradients: the reference for tests (not trainable on wasm). */
export function conv3x3Reference(x: tf.Tensor4D, w: tf.Tensor4D): tf.Tensor4D {
  checkConvShapes('conv3x3Reference', x, w, 3);
  return tf.conv2d(x, w, 1, 'same');
}
