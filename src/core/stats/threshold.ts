// The classification decision threshold, chosen on validation (issue 10, item 7): a model trained on
// class-balanced labels and tested on an 80% pneumonia set is badly calibrated at the fixed 0.5.
import { rocCurve } from '../metrics/roc';

/** Fixed probability threshold of the accumulators (predict pneumonia when p > 0.5). */
export const DEFAULT_THRESHOLD = 0.5;

export interface ThresholdChoice {
  /** Predict pneumonia when p(pneumonia) > threshold. */
  threshold: number;
  /** How it was chosen: Youden's J on validation, a configured value, or the default (no usable validation). */
  source: 'youden' | 'fixed' | 'default';
  /** Youden's J = TPR − FPR at that threshold on the validation set (youden only). */
  j?: number;
  /** Validation images it was chosen on. */
  n?: number;
}

/**
 * Youden's J (Youden, Cancer 1950): the ROC operating point maximising sensitivity + specificity − 1 on
 * (labels 0/1, probs of class 1). The ROC point at cut s counts p ≥ s as positive; since the accumulators
 * predict pneumonia for p > threshold, the threshold returned is the midpoint between s and the next lower
 * distinct score (or s/2 below the lowest), so both rules classify the validation images identically.
 * Ties in J go to the highest cut (fewest pneumonia calls). Needs both classes: otherwise the default 0.5
 * with source 'default'.
 */
export function youdenThreshold(labels: ArrayLike<number>, probs: ArrayLike<number>): ThresholdChoice {
  let pos = 0;
  for (let i = 0; i < labels.length; i++) pos += labels[i] === 1 ? 1 : 0;
  if (pos === 0 || pos === labels.length) return { threshold: DEFAULT_THRESHOLD, source: 'default', n: labels.length };
  const roc = rocCurve(labels, probs);
  let best = 0;
  let bestJ = -Infinity;
  for (let k = 0; k < roc.fpr.length; k++) {
    const j = (roc.tpr[k] as number) - (roc.fpr[k] as number);
    // A tolerance, so J values equal up to rounding (1 − 1/3 vs 2/3) count as tied.
    if (j > bestJ + 1e-12) [best, bestJ] = [k, j];
  }
  const cut = roc.thresholds[best] as number;
  const next = roc.thresholds[best + 1];
  // Cut at +Infinity (nothing positive): any value ≥ the highest score does it; use that score.
  const threshold = cut === Infinity ? (roc.thresholds[1] as number) : next === undefined ? cut / 2 : (cut + next) / 2;
  return { threshold, source: 'youden', j: bestJ, n: labels.length };
}

/** Youden on validation when `setting` is 'youden', else the configured fixed value. */
export function chooseThreshold(setting: 'youden' | number, labels: ArrayLike<number>, probs: ArrayLike<number>): ThresholdChoice {
  if (setting === 'youden') return youdenThreshold(labels, probs);
  if (!(setting >= 0 && setting <= 1)) throw new Error(`decision threshold must be "youden" or a number in [0, 1], got ${setting}`);
  return { threshold: setting, source: 'fixed' };
}
