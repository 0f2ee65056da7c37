// Overlap metrics for binary lung masks (Uint8Array of 0/1, row-major width×height).
import { checkBinary, checkSameLength } from './input-checks';

/** Pixel counts with foreground (1) as positive. */
export interface MaskConfusion {
  tp: number;
  fp: number;
  fn: number;
  tn: number;
}

/**
 * Probabilities (e.g. sigmoid outputs) → binary mask: 1 where p >= threshold (MONAI's AsDiscrete convention,
 * so a logit of exactly 0 counts as foreground). NaN becomes 0.
 */
export function binarizeProbabilities(probs: ArrayLike<number>, threshold = 0.5): Uint8Array {
  const out = new Uint8Array(probs.length);
  for (let i = 0; i < probs.length; i++) out[i] = (probs[i] as number) >= threshold ? 1 : 0;
  return out;
}

/** A stored mask (0 = background, anything > 0 = foreground, e.g. 0/255 PNG masks) as a 0/1 mask. */
export function foregroundMask(mask: ArrayLike<number>): Uint8Array {
  const out = new Uint8Array(mask.length);
  for (let i = 0; i < mask.length; i++) out[i] = (mask[i] as number) > 0 ? 1 : 0;
  return out;
}

export function maskConfusion(pred: ArrayLike<number>, gt: ArrayLike<number>): MaskConfusion {
  const fn = 'maskConfusion';
  checkSameLength(fn, 'pred', pred, 'gt', gt);
  checkBinary(fn, 'pred', pred);
  checkBinary(fn, 'gt', gt);
  const c: MaskConfusion = { tp: 0, fp: 0, fn: 0, tn: 0 };
  for (let i = 0; i < pred.length; i++) {
    if (gt[i] === 1) {
      if (pred[i] === 1) c.tp++;
      else c.fn++;
    } else if (pred[i] === 1) c.fp++;
    else c.tn++;
  }
  return c;
}

// All four ratios share one rule for 0/0: the value is 1 when both masks are empty (predicting nothing where
// there is nothing is perfect) and 0 otherwise (e.g. precision of an empty prediction against a non-empty
// truth: the prediction missed everything, so it must not score as perfect).
function ratio(numerator: number, denominator: number, c: MaskConfusion): number {
  if (denominator > 0) return numerator / denominator;
  return c.tp + c.fp + c.fn === 0 ? 1 : 0;
}

/** 2|P∩G| / (|P| + |G|); 1 when both masks are empty. */
export function diceFromConfusion(c: MaskConfusion): number {
  return ratio(2 * c.tp, 2 * c.tp + c.fp + c.fn, c);
}
/** |P∩G| / |P∪G|; 1 when both masks are empty. */
export function jaccardFromConfusion(c: MaskConfusion): number {
  return ratio(c.tp, c.tp + c.fp + c.fn, c);
}
/** |P∩G| / |P|; empty prediction: 1 if the truth is empty too, else 0. */
export function precisionFromConfusion(c: MaskConfusion): number {
  return ratio(c.tp, c.tp + c.fp, c);
}
/** |P∩G| / |G|; empty truth: 1 if the prediction is empty too, else 0. */
export function recallFromConfusion(c: MaskConfusion): number {
  return ratio(c.tp, c.tp + c.fn, c);
}

export function diceCoefficient(pred: ArrayLike<number>, gt: ArrayLike<number>): number {
  return diceFromConfusion(maskConfusion(pred, gt));
}
export function jaccardIndex(pred: ArrayLike<number>, gt: ArrayLike<number>): number {
  return jaccardFromConfusion(maskConfusion(pred, gt));
}
export function precision(pred: ArrayLike<number>, gt: ArrayLike<number>): number {
  return precisionFromConfusion(maskConfusion(pred, gt));
}
export function recall(pred: ArrayLike<number>, gt: ArrayLike<number>): number {
  return recallFromConfusion(maskConfusion(pred, gt));
}
