// InstanceNorm followed by LeakyReLU as one op with a hand-written gradient.
//
// Why not autodiff through instanceNorm + tf.leakyRelu: tfjs's tape keeps every input a kernel's gradient
// might need, so the composite kept ~5 full-size tensors per conv alive until the backward pass (centred,
// its square, the scaled values, the LeakyReLU input, ...), and ran ~15 full-size kernels backwards. Here the
// forward saves only c = x − mean_hw(x) (the centred input), rstd = 1/√(var_hw + ε) per image and channel, and
// the output y (the next conv's input, alive anyway). With x̂ = c·rstd the textbook normalisation gradient
//   dz = dy · (y > 0 ? 1 : slope)                    (y > 0 ⇔ z > 0 because slope > 0)
//   dβ = Σ_hw,b dz,   dγ = Σ_hw,b dz·x̂,   dx̂ = dz·γ
//   dx = rstd · (dx̂ − mean_hw(dx̂) − x̂ · mean_hw(dx̂·x̂))
// is computed with the per-image, per-channel means S1 = mean_hw(dz) and S2 = mean_hw(dz·c) as
//   dx = (rstd·γ) · (dz − S1 − c·(rstd²·S2)),   dβ = n·Σ_b S1,   dγ = n·Σ_b rstd·S2      (n = H·W)
// so that every full-size pass is one elementwise kernel: 7 backward (was 13, plus 4 transposing reductions)
// and 6 forward (was 8, plus 2 transposing reductions). On wasm the means over H×W are a global average pool
// (XNNPACK, on the thread pool; tf.mean first transposes NHWC so the reduced axes are innermost, then reduces on
// one thread: 3–10× slower); other backends use tf.mean (a GPU average pool of a whole image runs one thread per
// output). Issue 8.
// tests/unit/model/norm-activation.test.ts checks it against autodiff of the composite.
import * as tf from '@tensorflow/tfjs';
import { cachedScalar } from '../../cached-constants';
import { INSTANCE_NORM_EPSILON, instanceNorm } from './instance-norm';

function checkShapes(x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor): void {
  if (x.rank !== 4) throw new Error(`instanceNormLeakyRelu: input must be rank 4 [B,H,W,C], got [${x.shape.join(',')}]`);
  const c = x.shape[3] as number;
  if (gamma.rank !== 1 || gamma.shape[0] !== c || beta.rank !== 1 || beta.shape[0] !== c) {
    throw new Error(
      `instanceNormLeakyRelu: gamma and beta must have shape [${c}] for ${c} channels, got [${gamma.shape.join(',')}] and [${beta.shape.join(',')}]`,
    );
  }
}

/** Mean over H and W of [B,H,W,C], kept as [B,1,1,C] (see file comment for the wasm path). */
function spatialMean(x: tf.Tensor4D): tf.Tensor4D {
  const [, h, w] = x.shape;
  return tf.getBackend() === 'wasm' ? tf.avgPool(x, [h, w], [h, w], 'valid') : tf.mean(x, [1, 2], true);
}

/** leakyRelu(instanceNorm(x, gamma, beta), slope) with a memory-lean exact gradient. x: [B,H,W,C]. */
export function instanceNormLeakyRelu(x: tf.Tensor4D, gamma: tf.Tensor1D, beta: tf.Tensor1D, slope: number): tf.Tensor4D {
  checkShapes(x, gamma, beta);
  if (!(slope > 0 && slope < 1)) throw new Error(`instanceNormLeakyRelu: slope must be in (0, 1), got ${slope}`);
  const n = x.shape[1] * x.shape[2];
  const op = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const [input, g, b] = args as [tf.Tensor4D, tf.Tensor1D, tf.Tensor1D];
    const save = args[3] as tf.GradSaveFunc;
    const centred: tf.Tensor4D = tf.sub(input, spatialMean(input));
    const variance = spatialMean(tf.square(centred));
    const rstd = tf.rsqrt(tf.add(variance, cachedScalar(INSTANCE_NORM_EPSILON))); // [B,1,1,C]
    // γ folded into the per-image scale: one [B,1,1,C] multiply instead of a full-size x̂·γ pass.
    const y = tf.leakyRelu(tf.add(tf.mul(centred, tf.mul(rstd, g)), b), slope);
    save([centred, rstd, g, y]);
    return {
      value: y,
      // tidy: tfjs calls a custom gradient outside any tidy and keeps every tensor it leaves behind until
      // the whole backward pass ends.
      gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) =>
        tf.tidy(() => {
          const [c, sRstd, sGamma, sY] = saved as [tf.Tensor4D, tf.Tensor4D, tf.Tensor1D, tf.Tensor4D];
          const dz: tf.Tensor4D = tf.mul(dy as tf.Tensor4D, tf.step(sY, slope)); // step: y > 0 ? 1 : slope
          const s1 = spatialMean(dz); // [B,1,1,C]
          const s2 = spatialMean(tf.mul(dz, c) as tf.Tensor4D);
          const count = cachedScalar(n);
          const dBeta = tf.mul(tf.sum(s1, [0, 1, 2]), count);
          const dGamma = tf.mul(tf.sum(tf.mul(s2, sRstd), [0, 1, 2]), count);
          const k = tf.mul(tf.square(sRstd), s2);
          const dx = tf.mul(tf.sub(dz, tf.add(tf.mul(c, k), s1)), tf.mul(sRstd, sGamma));
          return [dx, dGamma, dBeta];
        }),
    };
  });
  return op(x, gamma, beta) as tf.Tensor4D;
}

/** The same function by plain autodiff: the reference for tests. */
export function instanceNormLeakyReluReference(x: tf.Tensor4D, gamma: tf.Tensor1D, beta: tf.Tensor1D, slope: number): tf.Tensor4D {
  return tf.tidy(() => tf.leakyRelu(instanceNorm(x, gamma, beta), slope));
}
