import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { useNodeBackend } from '../../../src/cli/node-backend';
import { VARIANTS, variantFeatures, type ModelConfig, type Variant } from '../../../src/core/config';
import { MultiMixModel, modelWidths } from '../../../src/core/model';
import { createRng } from '../../../src/core/rng';
import { onEachBackend } from '../support/backends';
import { seededTensor4d, values } from '../support/tensors';

const S = 32;
const small = (variant: Variant, extra: Partial<ModelConfig> = {}): ModelConfig => ({ variant, inputSize: S, widthMultiplier: 0.25, dropout: 0.25, ...extra });

beforeAll(() => useNodeBackend('wasm'));

describe('MultiMixModel shapes and parameters', () => {
  it.each(VARIANTS)('%s: forward gives the heads the variant has, with the right shapes', (variant) => {
    const model = MultiMixModel.create(small(variant), 1);
    const f = variantFeatures(variant);
    const shapes = tf.tidy(() => {
      const x = seededTensor4d([3, S, S, 1], 2);
      const saliency = f.saliency ? model.saliency(x) : undefined;
      const out = model.forward(x, { training: true, rng: createRng(3), saliency });
      return { cls: out.clsLogits?.shape, seg: out.segLogits?.shape };
    });
    expect(shapes.cls).toEqual(f.cls ? [3, 2] : undefined);
    expect(shapes.seg).toEqual(f.seg ? [3, S, S, 1] : undefined);
    const names = model.parameterNames();
    expect(names.some((n) => n.startsWith('dec'))).toBe(f.seg);
    expect(names.some((n) => n.startsWith('cls/'))).toBe(f.cls);
    expect(model.trainableVariables()).toHaveLength(names.length);
    model.dispose();
  });

  it('uses the paper widths and counts parameters like a hand count (1,966,627 at multiplier 1)', () => {
    expect(modelWidths(1)).toEqual({ encoder: [16, 32, 64, 128, 256], decoder: [128, 64, 32, 16] });
    expect(modelWidths(0.25).encoder).toEqual([4, 8, 16, 32, 64]);
    expect(modelWidths(0.01).encoder).toEqual([1, 1, 1, 1, 3]); // round, at least 1
    const m = MultiMixModel.create({ variant: 'multimix', inputSize: 32, widthMultiplier: 1, dropout: 0.25 }, 0);
    // encoder convs 9·(1·16+16·16+16·32+32·32+32·64+64·64+64·128+128·128+128·256+256·256) = 1,177,488
    // encoder norms 4·(16+32+64+128+256) = 1,984; cls head 256·2+2 = 514
    // decoder convs 9·((256+128+2)·128+128·128+(128+64)·64+64·64+(64+32)·32+32·32+(32+16)·16+16·16) = 785,664
    // decoder norms 4·(128+64+32+16) = 960; seg head 16+1 = 17
    expect(m.parameterCount()).toBe(1_177_488 + 1_984 + 514 + 785_664 + 960 + 17);
    const dec1 = m.getWeights()['dec1/conv1/w'] as tf.Tensor;
    expect(dec1.shape).toEqual([3, 3, 256 + 128 + 2, 128]); // upsampled + skip + [saliency, image]
    dec1.dispose();
    m.dispose();
  });

  it('counts forward FLOPs as 2·multiply-adds of convs and matMuls', () => {
    const m = MultiMixModel.create(small('multimix', { widthMultiplier: 0.0625 }), 0);
    const w = modelWidths(0.0625);
    expect(w).toEqual({ encoder: [1, 2, 4, 8, 16], decoder: [8, 4, 2, 1] });
    const c = (res: number, cin: number, cout: number) => 2 * 9 * cin * cout * res * res;
    const expected =
      c(32, 1, 1) + c(32, 1, 1) + c(16, 1, 2) + c(16, 2, 2) + c(8, 2, 4) + c(8, 4, 4) + c(4, 4, 8) + c(4, 8, 8) + c(2, 8, 16) + c(2, 16, 16) +
      2 * 16 * 2 + // cls dense
      c(4, 16 + 8 + 2, 8) + c(4, 8, 8) + c(8, 8 + 4, 4) + c(8, 4, 4) + c(16, 4 + 2, 2) + c(16, 2, 2) + c(32, 2 + 1, 1) + c(32, 1, 1) +
      2 * 1 * 32 * 32; // 1x1 seg head
    expect(m.flopsPerImageForward()).toBe(expected);
    m.dispose();
  });
});

describe('MultiMixModel initialisation', () => {
  it('same seed → identical weights, different seed → different; He-normal scale; norms 1/0', () => {
    const a = MultiMixModel.create(small('multimix'), 7);
    const b = MultiMixModel.create(small('multimix'), 7);
    const c = MultiMixModel.create(small('multimix'), 8);
    const [wa, wb, wc] = [a.getWeights(), b.getWeights(), c.getWeights()];
    for (const name of a.parameterNames()) {
      expect(values(wa[name] as tf.Tensor), name).toEqual(values(wb[name] as tf.Tensor));
    }
    expect(values(wa['enc3/conv1/w'] as tf.Tensor)).not.toEqual(values(wc['enc3/conv1/w'] as tf.Tensor));
    // enc5/conv2/w has 9·64·64 = 36,864 samples of N(0, 2/(9·64)): the sample std is within 2% of it.
    const v = values(wa['enc5/conv2/w'] as tf.Tensor);
    const std = Math.sqrt(v.reduce((s, x) => s + x * x, 0) / v.length);
    expect(std / Math.sqrt(2 / (9 * 64))).toBeCloseTo(1, 1);
    expect(values(wa['enc1/norm1/gamma'] as tf.Tensor)).toEqual([1, 1, 1, 1]);
    expect(values(wa['cls/dense/b'] as tf.Tensor)).toEqual([0, 0]);
    tf.dispose([...Object.values(wa), ...Object.values(wb), ...Object.values(wc)]);
    [a, b, c].forEach((m) => m.dispose());
  });

  it('the same seed gives bit-identical weights on cpu and wasm', async () => {
    const r = await onEachBackend(() => {
      const m = MultiMixModel.create(small('multimix'), 31);
      const w = m.getWeights();
      const flat = m.parameterNames().flatMap((n) => values(w[n] as tf.Tensor));
      tf.dispose(Object.values(w));
      m.dispose();
      return flat;
    });
    expect(r.wasm).toEqual(r.cpu);
  });

  it('variants built with one seed share the weights they have in common', () => {
    const a = MultiMixModel.create(small('enc'), 5);
    const b = MultiMixModel.create(small('umtl'), 5);
    const [wa, wb] = [a.getWeights(), b.getWeights()];
    expect(values(wa['enc2/conv2/w'] as tf.Tensor)).toEqual(values(wb['enc2/conv2/w'] as tf.Tensor));
    tf.dispose([...Object.values(wa), ...Object.values(wb)]);
    a.dispose();
    b.dispose();
  });
});

describe('MultiMixModel forward modes and errors', () => {
  it('inference is deterministic; training dropout follows the rng seed', () => {
    const m = MultiMixModel.create(small('umtl'), 1);
    const r = tf.tidy(() => {
      const x = seededTensor4d([2, S, S, 1], 4);
      const seg = (o: Parameters<MultiMixModel['forward']>[1]) => values(m.forward(x, o).segLogits as tf.Tensor);
      return {
        inferA: seg({ training: false }),
        inferB: seg({ training: false }),
        trainA: seg({ training: true, rng: createRng(9) }),
        trainB: seg({ training: true, rng: createRng(9) }),
        trainC: seg({ training: true, rng: createRng(10) }),
      };
    });
    expect(r.inferA).toEqual(r.inferB);
    expect(r.trainA).toEqual(r.trainB);
    expect(r.trainA).not.toEqual(r.trainC);
    expect(r.trainA).not.toEqual(r.inferA);
    m.dispose();
  });

  it('names what is wrong with bad input', () => {
    const m = MultiMixModel.create(small('multimix'), 1);
    const x = tf.zeros([1, S, S, 1]) as tf.Tensor4D;
    expect(() => m.forward(tf.zeros([1, 16, 16, 1]) as tf.Tensor4D, { training: false })).toThrow(/input must have shape \[B,32,32,1\], got \[1,16,16,1\]/);
    expect(() => m.forward(x, { training: false })).toThrow(/needs opts.saliency/);
    expect(() => m.forward(x, { training: true, saliency: x })).toThrow(/needs opts.rng/);
    expect(() => m.forward(x, { training: false, saliency: tf.zeros([2, S, S, 1]) as tf.Tensor4D })).toThrow(/saliency shape/);
    const unet = MultiMixModel.create(small('unet'), 1);
    expect(() => unet.saliency(x)).toThrow(/variant "unet" has no classification head/);
    expect(() => MultiMixModel.create(small('multimix', { inputSize: 40 }), 1)).toThrow(/model\.inputSize must be a multiple of 16 and at least 32 \(got 40\)/);
    expect(() => MultiMixModel.create(small('nope' as Variant), 1)).toThrow(/variant "nope" is not one of unet, enc/);
    m.dispose();
    unet.dispose();
    expect(() => m.predict(x)).toThrow(/disposed/);
    x.dispose();
  });

  it('a cls-only pass (heads: {seg: false}) skips the decoder and needs no saliency', () => {
    const m = MultiMixModel.create(small('multimix'), 1);
    const r = tf.tidy(() => {
      const x = seededTensor4d([2, S, S, 1], 4);
      const clsOnly = m.forward(x, { training: false, heads: { seg: false } });
      const full = m.forward(x, { training: false, saliency: m.saliency(x) });
      return { keys: Object.keys(clsOnly), cls: values(clsOnly.clsLogits as tf.Tensor), fullCls: values(full.clsLogits as tf.Tensor) };
    });
    expect(r.keys).toEqual(['clsLogits']);
    expect(r.cls).toEqual(r.fullCls); // the cls head does not depend on the decoder
    expect(m.flopsPerImageForward({ seg: false })).toBeLessThan(m.flopsPerImageForward());
    m.dispose();
  });

  it('predict returns probabilities in [0,1] and, for bridge variants, the saliency', () => {
    const m = MultiMixModel.create(small('multimix'), 1);
    const r = tf.tidy(() => {
      const p = m.predict(seededTensor4d([2, S, S, 1], 4));
      return { cls: values(p.clsProb as tf.Tensor), mask: values(p.maskProb as tf.Tensor), sal: p.saliency?.shape };
    });
    expect(r.cls[0]! + r.cls[1]!).toBeCloseTo(1, 6);
    expect(Math.min(...r.mask)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...r.mask)).toBeLessThanOrEqual(1);
    expect(r.sal).toEqual([2, S, S, 1]);
    m.dispose();
  });
});
