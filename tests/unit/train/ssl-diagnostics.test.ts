// What the semi-supervised terms did (issue 10, item 6): the per-run summary from step terms, and the
// pseudo-label check against the labels a budget withheld.
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { useNodeBackend } from '../../../src/cli/node-backend';
import { variantFeatures, withDefaults } from '../../../src/core/config';
import { MultiMixModel } from '../../../src/core/model';
import { createRng } from '../../../src/core/rng';
import { assembleTrainingSet } from '../../../src/core/train/assemble';
import type { TrainingSet } from '../../../src/core/train/data';
import { buildStepBatch, disposeStepBatch } from '../../../src/core/train/sampler';
import { computeStepGradients, readLossTerms } from '../../../src/core/train/step';
import { sslDiagnostics } from '../../../src/core/train/ssl-diagnostics';

const weights = { alpha: 5, beta: 0.01, lambda: 0.25, threshold: 0.7 };

describe('sslDiagnostics', () => {
  it('summarises active steps, confident share, pseudo-label accuracy and loss shares by hand', () => {
    const steps = [
      { total: 2, fixmatch: 0, kl: 10, maskRate: 0, pseudoCorrect: 0 },
      { total: 2, fixmatch: 0.4, kl: 10, maskRate: 0.5, pseudoCorrect: 1 }, // M = 4: 2 confident, 1 right
      { total: 4, fixmatch: 0.4, kl: 20, maskRate: 0.25 }, // 1 confident, not checkable
      { total: 2, fixmatch: 0, kl: 0, maskRate: 0, pseudoCorrect: 0 },
    ];
    const d = sslDiagnostics(steps, weights, 4)!;
    expect(d.fixmatchSteps).toBe(4);
    expect(d.activeStepShare).toBe(0.5);
    expect(d.meanConfidentShare).toBeCloseTo(0.1875, 12);
    expect([d.pseudoLabelAccuracy, d.pseudoLabelsChecked]).toEqual([0.5, 2]);
    expect(d.fixmatchLossShare).toBeCloseTo((0.25 * 0.8) / 10, 12);
    expect(d.klLossShare).toBeCloseTo((0.01 * 40) / 10, 12);
    expect(d.warning).toBeUndefined();
    const quiet = sslDiagnostics([{ total: 1, fixmatch: 0, maskRate: 0 }, ...Array.from({ length: 9 }, () => ({ total: 1, fixmatch: 0, maskRate: 0 })), { total: 1, fixmatch: 0.1, maskRate: 0.5 }], weights, 2)!;
    expect(quiet.warning).toMatch(/only 1 of 11 steps \(< 20%\)/);
    expect(quiet.pseudoLabelAccuracy).toBeNaN();
    expect(sslDiagnostics([{ total: 1, dice: 1 }], weights, 2)).toBeUndefined();
  });
});

describe('pseudo-label accuracy against withheld labels', () => {
  beforeAll(async () => {
    await useNodeBackend('wasm');
  });

  it('assembly keeps the budgeted-away label aside as withheldLabel, never as label', () => {
    const px = new Uint8Array(4);
    const set = assembleTrainingSet(2, [], [
      { key: 'a', pixels: px, label: 1, split: 'train', labeled: { seg: false, cls: false } },
      { key: 'b', pixels: px, label: 0, split: 'train', labeled: { seg: false, cls: true } },
    ]);
    expect(set.unlabeledCls).toEqual([{ pixels: px, id: 'a', withheldLabel: 1 }]);
    expect(set.unlabeledCls[0]!.label).toBeUndefined();
  });

  it('counts confident pseudo-labels equal to the withheld label: y and 1 − y add up to all confident ones', async () => {
    const S = 32;
    const config = withDefaults({ model: { variant: 'enc-ssl', inputSize: S, widthMultiplier: 0.25 }, batchSize: 3, loss: { ...weights, threshold: 0.5 } });
    const img = (k: number) => Uint8Array.from({ length: S * S }, (_, i) => (i * 7 + k * 31) % 256);
    const labeled = Array.from({ length: 4 }, (_, k) => ({ pixels: img(k), label: (k % 2) as 0 | 1, id: `l${k}` }));
    const setWith = (flip: boolean): TrainingSet => ({
      size: S, labeledSeg: [], unlabeledSeg: [], valSeg: [], valCls: [], labeledCls: labeled,
      unlabeledCls: Array.from({ length: 3 }, (_, k) => ({ pixels: img(10 + k), id: `u${k}`, withheldLabel: ((k % 2) ^ (flip ? 1 : 0)) as 0 | 1 })),
    });
    const model = MultiMixModel.create(config.model, 5);
    const correct: number[] = [];
    for (const flip of [false, true]) {
      const batch = buildStepBatch(setWith(flip), variantFeatures('enc-ssl'), config, 0);
      expect(batch.unlabeledCls?.withheld?.shape).toEqual([3]);
      const { grads, terms } = computeStepGradients(model, batch, config.loss, createRng('same-dropout'));
      const values = await readLossTerms(terms);
      tf.dispose(Object.values(grads));
      disposeStepBatch(batch);
      // Threshold 0.5 with two classes: every pseudo-label is confident.
      expect(values.maskRate).toBe(1);
      correct.push(values.pseudoCorrect!);
    }
    expect(correct[0]! + correct[1]!).toBe(3);
    // Without withheld labels (an unlabeled dataset) there is nothing to check, and no term.
    const plain = setWith(false);
    plain.unlabeledCls = plain.unlabeledCls.map(({ pixels, id }) => ({ pixels, id: id! }));
    const batch = buildStepBatch(plain, variantFeatures('enc-ssl'), config, 0);
    expect(batch.unlabeledCls?.withheld).toBeUndefined();
    const { grads, terms } = computeStepGradients(model, batch, config.loss, createRng('same-dropout'));
    expect(terms.pseudoCorrect).toBeUndefined();
    tf.dispose([...Object.values(grads), ...Object.values(terms)]);
    disposeStepBatch(batch);
    model.dispose();
  });
});
