import { describe, expect, it } from 'vitest';
import { binarizeProbabilities, diceCoefficient, jaccardIndex, maskConfusion, precision, recall } from '../../../src/core/metrics';

const mask = (rows: string[]) => Uint8Array.from(rows.join('').split('').map(Number));

describe('overlap metrics on 3×3 masks', () => {
  const pred = mask(['110', '110', '100']); // 5 pixels
  const gt = mask(['011', '011', '000']); // 4 pixels
  // overlap: (0,1), (1,1) → tp = 2; pred only: (0,0), (1,0), (2,0) → fp = 3; gt only: (0,2), (1,2) → fn = 2; tn = 2

  it('counts the pixel confusion', () => {
    expect(maskConfusion(pred, gt)).toEqual({ tp: 2, fp: 3, fn: 2, tn: 2 });
  });

  it('computes dice, jaccard, precision and recall by hand', () => {
    expect(diceCoefficient(pred, gt)).toBeCloseTo(4 / 9, 12); // 2·2 / (5 + 4)
    expect(jaccardIndex(pred, gt)).toBeCloseTo(2 / 7, 12); // 2 / |union| = 2 / 7
    expect(precision(pred, gt)).toBeCloseTo(2 / 5, 12); // 2 / |pred|
    expect(recall(pred, gt)).toBeCloseTo(2 / 4, 12); // 2 / |gt|
  });

  it('scores identical masks 1 and disjoint masks 0', () => {
    expect([diceCoefficient(gt, gt), jaccardIndex(gt, gt), precision(gt, gt), recall(gt, gt)]).toEqual([1, 1, 1, 1]);
    const other = mask(['000', '000', '111']);
    expect([diceCoefficient(other, gt), jaccardIndex(other, gt), precision(other, gt), recall(other, gt)]).toEqual([0, 0, 0, 0]);
  });

  it('defines empty-vs-empty as 1 and empty-vs-nonempty as 0 for every ratio', () => {
    const empty = new Uint8Array(9);
    expect([diceCoefficient(empty, empty), jaccardIndex(empty, empty), precision(empty, empty), recall(empty, empty)]).toEqual([
      1, 1, 1, 1,
    ]);
    // empty prediction: precision is 0/0 but the truth is not empty → 0; recall 0/4 = 0
    expect([diceCoefficient(empty, gt), jaccardIndex(empty, gt), precision(empty, gt), recall(empty, gt)]).toEqual([0, 0, 0, 0]);
    // empty truth: recall is 0/0 but the prediction is not empty → 0; precision 0/5 = 0
    expect([diceCoefficient(pred, empty), jaccardIndex(pred, empty), precision(pred, empty), recall(pred, empty)]).toEqual([
      0, 0, 0, 0,
    ]);
  });

  it('binarises probabilities at >= 0.5 (NaN → 0)', () => {
    expect(Array.from(binarizeProbabilities([0.2, 0.5, 0.7, 0.49999, NaN, 1]))).toEqual([0, 1, 1, 0, 0, 1]);
    expect(Array.from(binarizeProbabilities(Float32Array.of(0.2, 0.5, 0.9), 0.8))).toEqual([0, 0, 1]);
  });

  it('rejects non-binary pixels and mismatched sizes, naming both', () => {
    expect(() => diceCoefficient(Uint8Array.of(0, 255), Uint8Array.of(0, 1))).toThrow('maskConfusion: pred[1] = 255; expected 0 or 1');
    expect(() => jaccardIndex(new Uint8Array(9), new Uint8Array(4))).toThrow('maskConfusion: pred has length 9 but gt has length 4');
  });
});
