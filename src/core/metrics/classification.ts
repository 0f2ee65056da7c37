// Binary classification metrics: class 0 = normal, class 1 = pneumonia.
import { checkBinary, checkSameLength } from './input-checks';

/** Counts with pneumonia (1) as the positive class. */
export interface ConfusionMatrix {
  tn: number;
  fp: number;
  fn: number;
  tp: number;
}

export type BinaryClass = 0 | 1;

/** yTrue and yPred hold 0 (normal) or 1 (pneumonia); anything else throws with the offending index. */
export function confusionMatrix(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): ConfusionMatrix {
  const fn = 'confusionMatrix';
  checkSameLength(fn, 'yTrue', yTrue, 'yPred', yPred);
  checkBinary(fn, 'yTrue', yTrue);
  checkBinary(fn, 'yPred', yPred);
  const cm: ConfusionMatrix = { tn: 0, fp: 0, fn: 0, tp: 0 };
  for (let i = 0; i < yTrue.length; i++) {
    if (yTrue[i] === 1) {
      if (yPred[i] === 1) cm.tp++;
      else cm.fn++;
    } else if (yPred[i] === 1) cm.fp++;
    else cm.tn++;
  }
  return cm;
}

/** Fraction correct. NaN for an empty input: no data is not 0 % correct. */
export function accuracyFromConfusion(cm: ConfusionMatrix): number {
  const n = cm.tn + cm.fp + cm.fn + cm.tp;
  return n === 0 ? NaN : (cm.tp + cm.tn) / n;
}

export function accuracy(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number {
  return accuracyFromConfusion(confusionMatrix(yTrue, yPred));
}

/**
 * F1 = 2·TP / (2·TP + FP + FN) with `positiveClass` as positive (class 0 swaps the roles: TP ↔ TN, FP ↔ FN).
 * When the class never occurs in yTrue nor in yPred the ratio is 0/0; we return 0 there (scikit-learn's
 * zero_division=0), so a run that never predicts a class is not rewarded.
 */
export function f1FromConfusion(cm: ConfusionMatrix, positiveClass: BinaryClass): number {
  const tp = positiveClass === 1 ? cm.tp : cm.tn;
  const errors = cm.fp + cm.fn; // the same two off-diagonal cells for either positive class
  const denominator = 2 * tp + errors;
  return denominator === 0 ? 0 : (2 * tp) / denominator;
}

/** F1 normal = f1Score(…, 0); F1 abnormal (pneumonia) = f1Score(…, 1). */
export function f1Score(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, positiveClass: BinaryClass): number {
  if (positiveClass !== 0 && positiveClass !== 1) {
    throw new Error(`f1Score: positiveClass must be 0 (normal) or 1 (pneumonia), got ${String(positiveClass)}`);
  }
  return f1FromConfusion(confusionMatrix(yTrue, yPred), positiveClass);
}
