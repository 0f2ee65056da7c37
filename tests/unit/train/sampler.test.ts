import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { useNodeBackend } from '../../../src/cli/node-backend';
import { variantFeatures, withDefaults } from '../../../src/core/config';
import { buildStepBatch, disposeStepBatch, sampleIndices, unlabeledSegPool } from '../../../src/core/train/sampler';
import { assembleTrainingSet, type BudgetedRecord } from '../../../src/core/train/assemble';
import { normalizeImages } from '../../../src/core/train/data';
import type { TrainingSet } from '../../../src/core/train/data';

function tinySet(size = 32, n = 6): TrainingSet {
  const img = (k: number) => Uint8Array.from({ length: size * size }, (_, i) => (i * 7 + k * 31) % 256);
  const mask = Uint8Array.from({ length: size * size }, (_, i) => (i % size < size / 2 ? 255 : 0));
  const samples = Array.from({ length: n }, (_, k) => ({ pixels: img(k), mask, label: (k % 2) as 0 | 1, id: `s${k}` }));
  return { size, labeledSeg: samples, unlabeledSeg: samples.map((s) => ({ pixels: s.pixels })), labeledCls: samples, unlabeledCls: samples.map((s) => ({ pixels: s.pixels })), valSeg: [], valCls: [] };
}

describe('sampleIndices', () => {
  it('visits every pool item exactly once per pass, in a seeded order', () => {
    const pass0 = [0, 1, 2].flatMap((step) => sampleIndices(9, 3, step, 1, 'labeledCls'));
    expect(pass0.slice().sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    const pass1 = [3, 4, 5].flatMap((step) => sampleIndices(9, 3, step, 1, 'labeledCls'));
    expect(pass1.slice().sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect(pass1).not.toEqual(pass0);
  });

  it('depends only on (seed, stream, step): resumable without sampler state', () => {
    expect(sampleIndices(10, 4, 7, 3, 'unlabeledCls')).toEqual(sampleIndices(10, 4, 7, 3, 'unlabeledCls'));
    expect(sampleIndices(10, 4, 7, 3, 'unlabeledCls')).not.toEqual(sampleIndices(10, 4, 7, 4, 'unlabeledCls'));
    expect(sampleIndices(10, 4, 7, 3, 'labeledSeg')).not.toEqual(sampleIndices(10, 4, 7, 3, 'unlabeledCls'));
  });

  it('wraps around a pool smaller than the batch', () => {
    const idx = sampleIndices(2, 5, 0, 1, 'labeledSeg');
    expect(idx).toHaveLength(5);
    expect(new Set(idx)).toEqual(new Set([0, 1]));
    expect(sampleIndices(0, 5, 0, 1, 'labeledSeg')).toEqual([]);
  });
});

describe('buildStepBatch', () => {
  beforeAll(() => useNodeBackend('cpu'));

  it('builds the five MultiMix minibatches with M images each, normalised, and frees everything else', () => {
    const config = withDefaults({ model: { variant: 'multimix', inputSize: 32 }, batchSize: 3, seed: 5 });
    const before = tf.memory().numTensors;
    const b = buildStepBatch(tinySet(), variantFeatures('multimix'), config, 0);
    expect(b.labeledSeg!.x.shape).toEqual([3, 32, 32, 1]);
    expect(b.labeledSeg!.mask.shape).toEqual([3, 32, 32, 1]);
    expect(b.unlabeledSeg!.x.shape).toEqual([3, 32, 32, 1]);
    expect(b.labeledCls!.x.shape).toEqual([3, 32, 32, 1]);
    expect(b.labeledCls!.y.dtype).toBe('int32');
    expect(b.unlabeledCls!.weak.shape).toEqual([3, 32, 32, 1]);
    expect(b.unlabeledCls!.strong.shape).toEqual([3, 32, 32, 1]);
    // Masks stay binary through the geometric augmentation.
    expect(new Set(Array.from(b.labeledSeg!.mask.dataSync()))).toEqual(new Set([0, 1]));
    // Per-image standardisation: each image has mean ~0 and std ~1.
    const m = tf.moments(b.labeledCls!.x, [1, 2, 3]);
    for (const v of m.mean.dataSync()) expect(Math.abs(v)).toBeLessThan(1e-4);
    for (const v of m.variance.dataSync()) expect(v).toBeCloseTo(1, 3);
    tf.dispose([m.mean, m.variance]);
    // Weak and strong views of the same images differ.
    expect(tf.tidy(() => tf.sub(b.unlabeledCls!.weak, b.unlabeledCls!.strong).abs().max().dataSync()[0])).toBeGreaterThan(0.01);
    disposeStepBatch(b);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('is reproducible for a (seed, step) and differs between steps', () => {
    const config = withDefaults({ model: { variant: 'multimix', inputSize: 32 }, batchSize: 2, seed: 5 });
    const read = (step: number) => {
      const b = buildStepBatch(tinySet(), variantFeatures('multimix'), config, step);
      const out = Array.from(b.unlabeledCls!.strong.dataSync());
      disposeStepBatch(b);
      return out;
    };
    expect(read(3)).toEqual(read(3));
    expect(read(3)).not.toEqual(read(4));
  });

  it('builds only the streams a variant uses', () => {
    const config = withDefaults({ model: { variant: 'unet', inputSize: 32 }, batchSize: 2 });
    const b = buildStepBatch(tinySet(), variantFeatures('unet'), config, 0);
    expect(b.labeledSeg).toBeDefined();
    expect(b.unlabeledSeg).toBeUndefined();
    expect(b.labeledCls).toBeUndefined();
    expect(b.unlabeledCls).toBeUndefined();
    disposeStepBatch(b);
    const enc = buildStepBatch(tinySet(), variantFeatures('enc-ssl'), { ...config, model: { ...config.model, variant: 'enc-ssl' } }, 0);
    expect(enc.labeledSeg).toBeUndefined();
    expect(enc.unlabeledCls).toBeDefined();
    disposeStepBatch(enc);
  });

  it('normalizeImages keeps blank images finite', () => {
    const z = normalizeImages(tf.zeros([1, 4, 4, 1]));
    expect(Array.from(z.dataSync()).every(Number.isFinite)).toBe(true);
    z.dispose();
  });
});

describe('assembleTrainingSet', () => {
  const px = new Uint8Array(16);
  const mk = (key: string, split: BudgetedRecord['split'], labeled: BudgetedRecord['labeled'], extra: Partial<BudgetedRecord>): BudgetedRecord => ({ key, pixels: px, split, labeled, ...extra });

  it('strips the supervision a label budget removed, so unlabeled streams cannot leak labels or masks', () => {
    const mask = new Uint8Array(16).fill(255);
    const seg = [
      mk('a', 'train', { seg: true, cls: false }, { mask }),
      mk('b', 'train', { seg: false, cls: false }, { mask }),
      mk('c', 'val', { seg: true, cls: false }, { mask }),
      mk('d', 'test', { seg: true, cls: false }, { mask }),
    ];
    const cls = [
      mk('e', 'train', { seg: false, cls: true }, { label: 1 }),
      mk('f', 'train', { seg: false, cls: false }, { label: 0 }),
      mk('g', 'val', { seg: false, cls: true }, { label: 0 }),
    ];
    const set = assembleTrainingSet(4, seg, cls);
    expect(set.labeledSeg.map((s) => s.id)).toEqual(['a']);
    expect(set.unlabeledSeg).toEqual([{ pixels: px, id: 'b' }]);
    expect(set.labeledCls.map((s) => [s.id, s.label])).toEqual([['e', 1]]);
    // The withheld class label travels aside, only for the pseudo-label accuracy diagnostic (issue 10); never as `label`.
    expect(set.unlabeledCls).toEqual([{ pixels: px, id: 'f', withheldLabel: 0 }]);
    expect(set.unlabeledCls.every((s) => s.label === undefined && s.mask === undefined)).toBe(true);
    expect(set.valSeg.map((s) => s.id)).toEqual(['c']);
    expect(set.valCls.map((s) => s.id)).toEqual(['g']);
  });

  it('falls back to classification images for the KL term when there are no unlabeled seg images', () => {
    const set = tinySet();
    set.unlabeledSeg = [];
    expect(unlabeledSegPool(set).length).toBe(set.unlabeledCls.length + set.labeledCls.length);
  });
});
