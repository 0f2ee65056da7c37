// InstanceNorm followed by LeakyReLU as one op with a hand-written gradient.
//
// Why not autodiff through instanceNorm + tf.leakyRelu: tfjs's tape keeps every input a kernel's gradient
// might need, so the composite kept ~5 full-size tensors per conv alive until the backward pass (centred,
// its square, the scaled values, the LeakyReLU input, ...), and ran ~15 full-size kernels backwards. Here the
// forward saves only x̂ (the normalised input) and the output y (the next conv's input, alive anyway), and the
// backward is the textbook normalisation gradient:
//   dz = dy · (y > 0 ? 1 : slope)                    (y > 0 ⇔ z > 0 because slope > 0)
//   dβ = Σ_hw,b dz,   dγ = Σ_hw,b dz·x̂,   dx̂ = dz·γ
//   dx = rstd · (dx̂ − mean_hw(dx̂) − x̂ · mean_hw(dx̂·x̂))
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

/** leakyRelu(instanceNorm(x, gamma, beta), slope) with a memory-lean exact gradient. x: [B,H,W,C]. */
export function instanceNormLeakyRelu(x: tf.Tensor4D, gamma: tf.Tensor1D, beta: tf.Tensor1D, slope: number): tf.Tensor4D {
  checkShapes(x, gamma, beta);
  if (!(slope > 0 && slope < 1)) throw new Error(`instanceNormLeakyRelu: slope must be in (0, 1), got ${slope}`);
  const op = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const [input, g, b] = args as [tf.Tensor4D, tf.Tensor1D, tf.Tensor1D];
    const save = args[3] as tf.GradSaveFunc;
    const mean = tf.mean(input, [1, 2], true);
    const centred = tf.sub(input, mean);
    const variance = tf.mean(tf.square(centred), [1, 2], true);
    const rstd = tf.rsqrt(tf.add(variance, cachedScalar(INSTANCE_NORM_EPSILON))); // [B,1,1,C]
    const xhat = tf.mul(centred, rstd);
    const y = tf.leakyRelu(tf.add(tf.mul(xhat, g), b), slope);
    save([xhat, rstd, g, y]);
    return {
      value: y,
      // tidy: tfjs calls a custom gradient outside any tidy and keeps every tensor it leaves behind until
      // the whole backward pass ends.
      gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) =>
        tf.tidy(() => {
          const [sXhat, sRstd, sGamma, sY] = saved as [tf.Tensor4D, tf.Tensor4D, tf.Tensor1D, tf.Tensor4D];
          const dz = tf.mul(dy as tf.Tensor4D, tf.step(sY, slope)); // step: y > 0 ? 1 : slope
          const dBeta = tf.sum(dz, [0, 1, 2]);
          const dGamma = tf.sum(tf.mul(dz, sXhat), [0, 1, 2]);
          const dXhat = tf.mul(dz, sGamma);
          const meanD = tf.mean(dXhat, [1, 2], true);
          const meanDX = tf.mean(tf.mul(dXhat, sXhat), [1, 2], true);
          const dx = tf.mul(tf.sub(tf.sub(dXhat, meanD), tf.mul(sXhat, meanDX)), sRstd);
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
