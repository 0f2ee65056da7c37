// The model must be trainable on wasm (no native Conv2DBackpropFilter there) and its hand-written layer
// gradients must equal what tfjs's own autodiff gives for the same functions. The reference is the model built
// from plain-autodiff layers (tf.conv2d, InstanceNorm + tf.leakyRelu, slices, ...) on the cpu backend. Same
// weights (same seed), same input, same dropout seeds everywhere.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ModelConfig } from '../../../src/core/config';
import { MultiMixModel } from '../../../src/core/model';
import { createRng } from '../../../src/core/rng';
import type { NodeBackendName } from '../../../src/cli/node-backend';
import { onBackend, relativeL2Error } from '../support/backends';
import { seededTensor4d, seededUniform } from '../support/tensors';

const config: ModelConfig = { variant: 'multimix', inputSize: 32, widthMultiplier: 0.25, dropout: 0.25 };
const B = 2;

/** One MultiMix-style loss: BCE on the masks + cross-entropy on the classes, with dropout on. */
function lossAndGrads(model: MultiMixModel, dropoutSeed: number, referenceLayers = false) {
  return tf.tidy(() => {
    const x = seededTensor4d([B, 32, 32, 1], 100);
    const masks = tf.tensor4d(seededUniform([B, 32, 32, 1], 101, 0, 1).map((v) => (v > 0.5 ? 1 : 0)), [B, 32, 32, 1]);
    const labels = tf.oneHot(tf.tensor1d([0, 1], 'int32'), 2);
    const saliency = model.saliency(x); // a constant input of the taped pass, computed before it
    const rng = createRng(dropoutSeed);
    const { value, grads } = tf.variableGrads(() => {
      const out = model.forward(x, { training: true, rng, saliency, referenceLayers });
      const seg = tf.losses.sigmoidCrossEntropy(masks, out.segLogits as tf.Tensor4D);
      const cls = tf.losses.softmaxCrossEntropy(labels, out.clsLogits as tf.Tensor2D);
      return tf.add(seg, cls) as tf.Scalar;
    }, model.trainableVariables());
    return { value, grads };
  });
}

function gradientsOn(backend: NodeBackendName, referenceLayers = false) {
  return onBackend(backend, () => {
    const model = MultiMixModel.create(config, 21);
    const { value, grads } = lossAndGrads(model, 22, referenceLayers);
    const byName: Record<string, number[]> = {};
    model.trainableVariables().forEach((v, i) => {
      byName[model.parameterNames()[i] as string] = Array.from((grads[v.name] as tf.Tensor).dataSync());
    });
    const loss = value.dataSync()[0] as number;
    tf.dispose([value, ...Object.values(grads)]);
    model.dispose();
    return { loss, grads: byName };
  });
}

type Run = Awaited<ReturnType<typeof gradientsOn>>;

/** Largest per-parameter relative L2 error of `run` against `ref`; also checks no gradient is all zero. */
function worstError(run: Run, ref: Run): number {
  expect(Object.keys(run.grads)).toEqual(Object.keys(ref.grads));
  let worst = 0;
  for (const name of Object.keys(ref.grads)) {
    const g = ref.grads[name] as number[];
    // An all-zero gradient would make the comparison vacuous.
    expect(Math.max(...g.map(Math.abs)), `${name} has a non-zero gradient`).toBeGreaterThan(0);
    worst = Math.max(worst, relativeL2Error(run.grads[name] as number[], g));
  }
  return worst;
}

describe('MultiMix gradients: hand-written layers vs tfjs autodiff, cpu vs wasm', () => {
  let reference: Run;
  beforeAll(async () => {
    reference = await gradientsOn('cpu', true);
  });

  it('on cpu the hand-written gradients equal the autodiff reference (relative L2 < 1e-4 per parameter; measured 7e-7)', async () => {
    const fast = await gradientsOn('cpu');
    expect(Math.abs(fast.loss - reference.loss) / reference.loss).toBeLessThan(1e-6);
    expect(worstError(fast, reference)).toBeLessThan(1e-4);
  });

  it('tf.variableGrads through the whole model works on wasm and matches the cpu reference (< 1e-4; measured 1.4e-5)', async () => {
    const wasm = await gradientsOn('wasm');
    expect(Math.abs(wasm.loss - reference.loss) / reference.loss).toBeLessThan(1e-5);
    expect(worstError(wasm, reference)).toBeLessThan(1e-4);
  });
});

describe('tensor bookkeeping', () => {
  it('tf.memory().numTensors does not grow across repeated saliency + forward + gradient calls (wasm)', async () => {
    await onBackend('wasm', () => {
      const model = MultiMixModel.create(config, 1);
      const counts: number[] = [];
      for (let i = 0; i < 3; i++) {
        const { value, grads } = lossAndGrads(model, i);
        tf.dispose([value, ...Object.values(grads)]);
        const x = seededTensor4d([1, 32, 32, 1], i);
        const p = model.predict(x);
        tf.dispose([x, ...(Object.values(p) as tf.Tensor[])]);
        counts.push(tf.memory().numTensors);
      }
      expect(counts[1]).toBe(counts[0]);
      expect(counts[2]).toBe(counts[0]);
      const before = tf.memory().numTensors;
      const n = model.trainableVariables().length;
      model.dispose();
      expect(tf.memory().numTensors).toBe(before - n);
    });
  });
});
