import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { useNodeBackend } from '../../../src/cli/node-backend';
import type { ModelConfig, Variant } from '../../../src/core/config';
import { ARTIFACTS_FORMAT, MultiMixModel } from '../../../src/core/model';
import { seededTensor4d, values } from '../support/tensors';

const cfg = (variant: Variant): ModelConfig => ({ variant, inputSize: 32, widthMultiplier: 0.25, dropout: 0.25 });

beforeAll(() => useNodeBackend('wasm'));

function predictions(m: MultiMixModel) {
  return tf.tidy(() => {
    const p = m.predict(seededTensor4d([2, 32, 32, 1], 3));
    return { cls: p.clsProb ? values(p.clsProb) : [], mask: p.maskProb ? values(p.maskProb) : [], sal: p.saliency ? values(p.saliency) : [] };
  });
}

describe('toArtifacts / fromArtifacts', () => {
  it.each(['multimix', 'enc', 'unet'] as const)('%s: round trip gives identical predictions and weights', async (variant) => {
    const a = MultiMixModel.create(cfg(variant), 5);
    const art = await a.toArtifacts();
    expect(art.modelTopology).toEqual({ format: ARTIFACTS_FORMAT, formatVersion: 1, config: cfg(variant) });
    expect(art.weightSpecs?.map((s) => s.name)).toEqual(a.parameterNames());
    expect((art.weightData as ArrayBuffer).byteLength).toBe(4 * a.parameterCount());
    const b = await MultiMixModel.fromArtifacts(art);
    expect(b.config).toEqual(a.config);
    expect(predictions(b)).toEqual(predictions(a));
    // And the copy is independent of the original.
    const firstConv = (m: MultiMixModel) => {
      const w = m.getWeights();
      const v = values(w['enc1/conv1/w'] as tf.Tensor);
      tf.dispose(Object.values(w));
      return v;
    };
    const before = firstConv(b);
    a.dispose();
    expect(firstConv(b)).toEqual(before);
    b.dispose();
  });

  it('rejects artifacts that are not a MultiMix model, or whose weights do not fit, naming the problem', async () => {
    const m = MultiMixModel.create(cfg('umtl'), 1);
    const art = await m.toArtifacts();
    await expect(MultiMixModel.fromArtifacts({ ...art, modelTopology: { class_name: 'Sequential' } })).rejects.toThrow(/format is "undefined", expected "multimix"/);
    await expect(MultiMixModel.fromArtifacts({ ...art, weightData: undefined })).rejects.toThrow(/weightSpecs and weightData are required/);
    await expect(
      MultiMixModel.fromArtifacts({ ...art, modelTopology: { format: 'multimix', formatVersion: 1, config: { ...cfg('umtl'), widthMultiplier: -1 } } }),
    ).rejects.toThrow(/model\.widthMultiplier must be in \(0, 4\] \(got -1\)/);
    // umtl weights declared as multimix: dec1/conv1/w lacks the 2 saliency-bridge input channels.
    await expect(MultiMixModel.fromArtifacts({ ...art, modelTopology: { format: 'multimix', formatVersion: 1, config: cfg('multimix') } })).rejects.toThrow(
      /"dec1\/conv1\/w" has shape \[3,3,96,32\], expected \[3,3,98,32\]/,
    );
    m.dispose();
  });
});

describe('getWeights / setWeights', () => {
  it('copies weights between models and validates names and shapes with clear messages', () => {
    const a = MultiMixModel.create(cfg('enc'), 1);
    const b = MultiMixModel.create(cfg('enc'), 2);
    const w = a.getWeights();
    b.setWeights(w);
    const x = seededTensor4d([1, 32, 32, 1], 9);
    const logits = (m: MultiMixModel) => tf.tidy(() => values(m.forward(x, { training: false }).clsLogits as tf.Tensor));
    expect(logits(b)).toEqual(logits(a));

    const missing = { ...w };
    delete missing['cls/dense/b'];
    expect(() => b.setWeights(missing)).toThrow(/missing "cls\/dense\/b" \[2\]/);
    const extra = tf.zeros([1]);
    expect(() => b.setWeights({ ...w, 'dec1/conv1/w': extra })).toThrow(/unexpected "dec1\/conv1\/w" \(not a parameter of this variant\)/);
    const wrong = tf.zeros([3, 3, 1, 5]);
    expect(() => b.setWeights({ ...w, 'enc1/conv1/w': wrong })).toThrow(/"enc1\/conv1\/w" has shape \[3,3,1,5\], expected \[3,3,1,4\]/);
    tf.dispose([x, wrong, extra, ...Object.values(w)]);
    a.dispose();
    b.dispose();
  });
});
