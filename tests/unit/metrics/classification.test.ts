import { describe, expect, it } from 'vitest';
import { accuracy, confusionMatrix, f1Score } from '../../../src/core/metrics';

describe('classification metrics', () => {
  // i:      0  1  2  3  4  5
  // yTrue:  1  1  1  1  0  0
  // yPred:  1  1  1  0  1  0
  // tp = 3 (0,1,2), fn = 1 (3), fp = 1 (4), tn = 1 (5)
  const yTrue = [1, 1, 1, 1, 0, 0];
  const yPred = [1, 1, 1, 0, 1, 0];

  it('counts the confusion matrix with pneumonia as positive', () => {
    expect(confusionMatrix(yTrue, yPred)).toEqual({ tp: 3, fn: 1, fp: 1, tn: 1 });
    expect(confusionMatrix(Uint8Array.from(yTrue), Int32Array.from(yPred))).toEqual({ tp: 3, fn: 1, fp: 1, tn: 1 });
  });

  it('computes accuracy and both F1 scores by hand', () => {
    expect(accuracy(yTrue, yPred)).toBeCloseTo(4 / 6, 12); // (tp + tn) / n = (3 + 1) / 6
    expect(f1Score(yTrue, yPred, 1)).toBeCloseTo(0.75, 12); // 2·3 / (2·3 + 1 + 1) = 6/8
    expect(f1Score(yTrue, yPred, 0)).toBeCloseTo(0.5, 12); // class 0 positive: tp = 1 → 2·1 / (2 + 1 + 1)
  });

  it('gives F1 = 0 for 0/0 (class never true nor predicted) and accuracy NaN for no data', () => {
    expect(f1Score([0, 0], [0, 0], 1)).toBe(0); // 2·0 / (0 + 0 + 0) → 0 by definition
    expect(f1Score([0, 0], [0, 0], 0)).toBe(1); // 2·2 / (4 + 0 + 0)
    expect(accuracy([0, 0], [0, 0])).toBe(1);
    expect(accuracy([], [])).toBeNaN();
    expect(f1Score([1, 1], [0, 0], 1)).toBe(0); // 0 / (0 + 0 + 2)
  });

  it('rejects mismatched lengths and non-binary labels with specific messages', () => {
    expect(() => confusionMatrix([1, 0, 1], [1, 0])).toThrow('confusionMatrix: yTrue has length 3 but yPred has length 2');
    expect(() => confusionMatrix([1, 2], [1, 0])).toThrow('confusionMatrix: yTrue[1] = 2; expected 0 or 1');
    expect(() => accuracy([1, 0], [0.7, 0])).toThrow('yPred[0] = 0.7; expected 0 or 1');
    expect(() => f1Score([1], [1], 2 as 1)).toThrow(/positiveClass must be 0 \(normal\) or 1 \(pneumonia\), got 2/);
  });
});
