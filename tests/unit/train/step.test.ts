// One full MultiMix step on the Node backends: cpu and wasm must agree on loss terms and gradients, wasm must
// be able to train at all (stock tfjs-backend-wasm has no Conv2DBackpropFilter), and nothing may leak.
import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { useNodeBackend } from '../../../src/cli/node-backend';
import { compareStepGradients } from '../../../src/core/train/gradient-check';
import { trainStep, NonFiniteLossError } from '../../../src/core/train/step';
import { MultiMixModel } from '../../../src/core/model';
import { Adam } from '../../../src/core/train/optimizer';
import { withDefaults } from '../../../src/core/config';
import { createRng } from '../../../src/core/rng';

// Both backends compute in float32; measured agreement is ~1e-6, so 1e-4 leaves room without hiding a bug
// (a wrong kernel, like wasm's MaxPoolGrad on negative inputs, is off by percent).
const GRAD_TOLERANCE = 1e-4;

describe('MultiMix training step across Node backends', () => {
  it('cpu and wasm give the same loss terms and gradients, and repeated steps do not grow the tensor count', async () => {
    const { results } = await compareStepGradients(['cpu', 'wasm'], (b) => useNodeBackend(b as 'cpu' | 'wasm'), { size: 32, m: 2, widthMultiplier: 0.25, leakSteps: 3 });
    for (const r of results) {
      expect(r.error, r.backend).toBeUndefined();
      expect(r.maxRelativeError!, `${r.backend}: ${r.worstVariable}`).toBeLessThanOrEqual(GRAD_TOLERANCE);
      expect(r.maxTermDifference!).toBeLessThanOrEqual(1e-5);
      expect(r.tensorsAfterLastStep, `${r.backend} tensors`).toBe(r.tensorsAfterFirstStep);
      for (const k of ['total', 'cls', 'dice', 'fixmatch', 'kl'] as const) expect(Number.isFinite(r.terms![k]), k).toBe(true);
      // The KL term must really work (the authors' code computes a constant 0).
      expect(r.terms!.kl!).toBeGreaterThan(0);
    }
  });

  it.each(['cpu', 'wasm'] as const)('stops on a non-finite loss before touching the weights (%s)', async (backend) => {
    await useNodeBackend(backend);
    const config = withDefaults({ model: { variant: 'umtl', inputSize: 32, widthMultiplier: 0.25 }, batchSize: 1 });
    const model = MultiMixModel.create(config.model, 1);
    const optimizer = new Adam({ learningRate: 1e-3 });
    const before = model.getWeights();
    const nan = tf.fill([1, 32, 32, 1], NaN) as tf.Tensor4D;
    const batch = { labeledSeg: { x: nan, mask: tf.zeros([1, 32, 32, 1]) as tf.Tensor4D }, labeledCls: { x: nan, y: tf.tensor1d([1], 'int32') } };
    await expect(trainStep(model, optimizer, batch, config.loss, createRng(1), 0)).rejects.toBeInstanceOf(NonFiniteLossError);
    const after = model.getWeights();
    for (const k of Object.keys(before)) expect(Array.from(after[k]!.dataSync())).toEqual(Array.from(before[k]!.dataSync()));
    tf.dispose([...Object.values(before), ...Object.values(after), nan, batch.labeledSeg.mask, batch.labeledCls.y]);
    optimizer.dispose();
    model.dispose();
  });
});
