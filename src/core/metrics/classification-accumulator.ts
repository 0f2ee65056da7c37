// Collects classifier outputs over an evaluation pass (batch by batch) and computes every classification
// metric once at the end, so AUC is over the whole set rather than a mean of per-batch AUCs.
import { accuracyFromConfusion, confusionMatrix, f1FromConfusion, type ConfusionMatrix } from './classification';
import { checkBinary, checkSameLength } from './input-checks';
import type { ClassificationMetric } from './registry';
import { aucFromRocCurve, rocCurve, type RocCurve } from './roc';

/**
 * acc; f1Normal / f1Abnormal = F1 with normal (0) / pneumonia (1) as the positive class; auc = ROC AUC of the
 * pneumonia probability, NaN if one class is absent (names, units, directions: registry.ts).
 */
export interface ClassificationResult extends Record<ClassificationMetric, number> {
  confusion: ConfusionMatrix;
  roc: RocCurve;
  n: number;
}

export interface ClassificationAccumulatorOptions {
  /**
   * Predict pneumonia when probPneumonia > threshold. Default 0.5, strict, so that p = 0.5 gives class 0,
   * matching tf.argMax over the two softmax outputs (first maximum wins).
   */
  threshold?: number;
}

export class ClassificationAccumulator {
  private readonly labels: number[] = [];
  private readonly probs: number[] = [];
  private readonly threshold: number;

  constructor(opts: ClassificationAccumulatorOptions = {}) {
    this.threshold = opts.threshold ?? 0.5;
    if (!(this.threshold >= 0 && this.threshold <= 1)) {
      throw new Error(`ClassificationAccumulator: threshold must be in [0, 1], got ${this.threshold}`);
    }
  }

  /** yTrue: 0 normal / 1 pneumonia; probPneumonia: softmax probability of class 1, in [0, 1]. */
  add(yTrue: ArrayLike<number>, probPneumonia: ArrayLike<number>): void {
    const fn = 'ClassificationAccumulator.add';
    checkSameLength(fn, 'yTrue', yTrue, 'probPneumonia', probPneumonia);
    checkBinary(fn, 'yTrue', yTrue);
    for (let i = 0; i < probPneumonia.length; i++) {
      const p = probPneumonia[i] as number;
      if (!(p >= 0 && p <= 1)) throw new Error(`${fn}: probPneumonia[${i}] = ${p}; expected a probability in [0, 1]`);
    }
    for (let i = 0; i < yTrue.length; i++) {
      this.labels.push(yTrue[i] as number);
      this.probs.push(probPneumonia[i] as number);
    }
  }

  get n(): number {
    return this.labels.length;
  }

  reset(): void {
    this.labels.length = 0;
    this.probs.length = 0;
  }

  compute(): ClassificationResult {
    const yPred = this.probs.map((p) => (p > this.threshold ? 1 : 0));
    const confusion = confusionMatrix(this.labels, yPred);
    const roc = rocCurve(this.labels, this.probs);
    return {
      acc: accuracyFromConfusion(confusion),
      f1Normal: f1FromConfusion(confusion, 0),
      f1Abnormal: f1FromConfusion(confusion, 1),
      auc: aucFromRocCurve(roc),
      confusion,
      roc,
      n: this.n,
    };
  }
}
