// ROC curve and AUC for the pneumonia score (probability of class 1).
import { checkBinary, checkNotNaN, checkSameLength } from './input-checks';

export interface RocCurve {
  /** False-positive rate at each threshold, non-decreasing, starting at 0 and ending at 1. */
  fpr: number[];
  /** True-positive rate at each threshold. */
  tpr: number[];
  /** Decreasing; a sample is called positive when score >= threshold. The first is +Infinity (nothing positive). */
  thresholds: number[];
}

/**
 * One point per distinct score (plus the origin), highest threshold first. Tied scores move together in one
 * step — a diagonal segment when the tie mixes classes — which is what makes the trapezoidal AUC count
 * each mixed tie as ½. Unlike scikit-learn's default, collinear points are kept (drop_intermediate=false).
 * If yTrue has no positives, tpr is all NaN; if it has no negatives, fpr is all NaN (the rate is 0/0).
 * Scores may be any non-NaN numbers (logits or probabilities).
 */
export function rocCurve(yTrue: ArrayLike<number>, scores: ArrayLike<number>): RocCurve {
  const fn = 'rocCurve';
  checkSameLength(fn, 'yTrue', yTrue, 'scores', scores);
  checkBinary(fn, 'yTrue', yTrue);
  checkNotNaN(fn, 'scores', scores);
  const order = Array.from({ length: scores.length }, (_, i) => i).sort(
    // `|| 0`: Infinity − Infinity is NaN, which would make the sort inconsistent.
    (i, j) => (scores[j] as number) - (scores[i] as number) || 0,
  );
  let positives = 0;
  for (let i = 0; i < yTrue.length; i++) positives += yTrue[i] as number;
  const negatives = yTrue.length - positives;

  const fpr = [negatives === 0 ? NaN : 0];
  const tpr = [positives === 0 ? NaN : 0];
  const thresholds = [Infinity];
  let tp = 0;
  let fp = 0;
  for (let k = 0; k < order.length; ) {
    const threshold = scores[order[k] as number] as number;
    // Consume the whole group of tied scores before emitting a point.
    while (k < order.length && scores[order[k] as number] === threshold) {
      if (yTrue[order[k] as number] === 1) tp++;
      else fp++;
      k++;
    }
    fpr.push(fp / negatives);
    tpr.push(tp / positives);
    thresholds.push(threshold);
  }
  return { fpr, tpr, thresholds };
}

/** Trapezoidal area under an ROC curve; NaN if any point is NaN (a class was absent). */
export function aucFromRocCurve(curve: RocCurve): number {
  let area = 0;
  for (let i = 1; i < curve.fpr.length; i++) {
    const dx = (curve.fpr[i] as number) - (curve.fpr[i - 1] as number);
    area += (dx * ((curve.tpr[i] as number) + (curve.tpr[i - 1] as number))) / 2;
  }
  return curve.fpr.length < 2 || curve.fpr.some(Number.isNaN) || curve.tpr.some(Number.isNaN) ? NaN : area;
}

/**
 * ROC AUC by the trapezoid rule over `rocCurve`. Equals the Mann–Whitney probability
 * P(score of a random positive > score of a random negative) + ½·P(tie). NaN when yTrue lacks either class,
 * since the probability is then undefined (scikit-learn raises instead; NaN lets accumulators skip it).
 */
export function rocAuc(yTrue: ArrayLike<number>, scores: ArrayLike<number>): number {
  return aucFromRocCurve(rocCurve(yTrue, scores));
}
