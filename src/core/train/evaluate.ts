// Evaluation of a model on held-out images: the paper's classification and segmentation metrics, plus the
// per-image values the evaluation view plots (ROC, Dice box plot). Same input pipeline as training.
import * as tf from '@tensorflow/tfjs';
import type { MultiMixModel } from '../model';
import {
  binarizeProbabilities, ClassificationAccumulator, foregroundMask, metricsIn, SegmentationAccumulator,
  type ClassificationResult, type MetricId, type MetricTask, type SegmentationResult,
} from '../metrics';
import { maskAreaPercent } from '../stats/bland-altman';
import { DEFAULT_THRESHOLD } from '../stats/threshold';
import { modelInput, type EvaluationSet, type Sample } from './data';

export interface ClassificationEvaluation extends ClassificationResult {
  ids: string[];
  labels: number[];
  /** Probability of pneumonia per image, in `ids` order. */
  probs: number[];
  /** The decision threshold used: pneumonia predicted when prob > threshold. */
  threshold: number;
}

export interface SegmentationEvaluation extends SegmentationResult {
  ids: string[];
  /** Per image, in `ids` order: predicted and true lung area in % of the image (Bland–Altman, issue 10). */
  areaPred: number[];
  areaTrue: number[];
}

export interface EvaluationResult {
  cls?: ClassificationEvaluation;
  seg?: SegmentationEvaluation;
  /** Wall time of the whole evaluation. */
  ms: number;
}

export interface EvaluateOptions {
  batchSize?: number;
  /** Classification decision threshold (predict pneumonia when p > threshold); default 0.5. */
  threshold?: number;
  onProgress?: (done: number, total: number) => void;
}

async function forEachBatch(
  samples: readonly Sample[],
  batchSize: number,
  run: (batch: readonly Sample[]) => Promise<void>,
): Promise<void> {
  for (let i = 0; i < samples.length; i += batchSize) await run(samples.slice(i, i + batchSize));
}

/**
 * Runs the model in inference mode over the set's classification and segmentation images (whichever the
 * variant has a head for) and computes all metrics. Masks are thresholded at p ≥ 0.5; the class decision at
 * p(pneumonia) > `opts.threshold` (default 0.5; see `youdenThreshold` for choosing it on validation).
 */
export async function evaluateModel(model: MultiMixModel, set: EvaluationSet, opts: EvaluateOptions = {}): Promise<EvaluationResult> {
  const t0 = performance.now();
  const bs = Math.max(1, opts.batchSize ?? 8);
  const total = (model.features.cls ? set.cls.length : 0) + (model.features.seg ? set.seg.length : 0);
  let done = 0;
  const result: EvaluationResult = { ms: 0 };

  if (model.features.cls && set.cls.length > 0) {
    const threshold = opts.threshold ?? DEFAULT_THRESHOLD;
    const acc = new ClassificationAccumulator({ threshold });
    const probs: number[] = [];
    await forEachBatch(set.cls, bs, async (batch) => {
      const p = tf.tidy(() => {
        const out = model.predict(modelInput(batch, set.size), { heads: { cls: true, seg: false } });
        return tf.slice(out.clsProb as tf.Tensor2D, [0, 1], [-1, 1]).reshape([-1]);
      });
      const values = Array.from(await p.data());
      p.dispose();
      acc.add(batch.map((s) => s.label as number), values);
      probs.push(...values);
      opts.onProgress?.((done += batch.length), total);
    });
    result.cls = {
      ...acc.compute(),
      ids: set.cls.map((s, i) => s.id ?? `cls-${i}`),
      labels: set.cls.map((s) => s.label as number),
      probs,
      threshold,
    };
  }

  if (model.features.seg && set.seg.length > 0) {
    const acc = new SegmentationAccumulator();
    const S = set.size;
    const areaPred: number[] = [];
    const areaTrue: number[] = [];
    await forEachBatch(set.seg, bs, async (batch) => {
      const m = tf.tidy(() => model.predict(modelInput(batch, S), { heads: { cls: false, seg: true } }).maskProb as tf.Tensor4D);
      const values = await m.data();
      m.dispose();
      batch.forEach((s, b) => {
        const pred = binarizeProbabilities(values.subarray(b * S * S, (b + 1) * S * S));
        const gt = foregroundMask(s.mask as Uint8Array);
        acc.add(pred, gt, S, S);
        areaPred.push(maskAreaPercent(pred));
        areaTrue.push(maskAreaPercent(gt));
      });
      opts.onProgress?.((done += batch.length), total);
    });
    result.seg = { ...acc.compute(), ids: set.seg.map((s, i) => s.id ?? `seg-${i}`), areaPred, areaTrue };
  }
  result.ms = performance.now() - t0;
  return result;
}

/**
 * One number to pick the best epoch by: the mean of the classification AUC (accuracy when the AUC is
 * undefined, i.e. one class only) and the segmentation Dice, over whichever heads the variant has.
 */
export function selectionScore(r: EvaluationResult): number {
  const parts: number[] = [];
  if (r.cls) parts.push(Number.isFinite(r.cls.auc) ? r.cls.auc : r.cls.acc);
  if (r.seg && Number.isFinite(r.seg.dice)) parts.push(r.seg.dice);
  return parts.length > 0 ? parts.reduce((a, b) => a + b, 0) / parts.length : -Infinity;
}

/** The registry's `summary` metrics of one head, in registry order. */
function summaryMetrics(task: MetricTask, result: Partial<Record<MetricId, number>>): Record<string, number> {
  return Object.fromEntries(metricsIn('summary', task).map((m) => [m.id, result[m.id] as number]));
}

/**
 * The metrics.json blocks, which are also the validation curves (`val/<head>/<id>`) and so the CSV export: the
 * metrics the registry marks `summary` (core/metrics/registry.ts), the image counts and, for segmentation,
 * how many images had no Hausdorff distance.
 */
export function summarizeEvaluation(r: EvaluationResult): { cls?: Record<string, number>; seg?: Record<string, number> } {
  const out: { cls?: Record<string, number>; seg?: Record<string, number> } = {};
  if (r.cls) out.cls = { ...summaryMetrics('cls', r.cls), n: r.cls.n };
  if (r.seg) out.seg = { ...summaryMetrics('seg', r.seg), n: r.seg.n, hdSkipped: r.seg.skipped.hd };
  return out;
}
