// The test blocks of one finished run, as metrics.json and per-image.json hold them (issue 10, items 3 and
// 5): `npm run experiment` / `npm run grid` (cli/run-experiment.ts) and the app's experiment grid (the
// training worker, platform/training/cell-results.ts) both build them here, so a run's record has one shape
// wherever it was trained and `buildResultsTable` reads both alike.
import { summarizeEvaluation, type EvaluationResult } from '../train/evaluate';
import { SMALL_SAMPLE_IMAGES } from '../stats/aggregate';
import type { PerImageCls, PerImageSeg, RunRecord } from './table';

/** Per-image values the grid's CIs, paired tests and Bland–Altman need (one block of per-image.json). */
export function perImageBlock(r: EvaluationResult): { cls?: PerImageCls; seg?: PerImageSeg } {
  const out: { cls?: PerImageCls; seg?: PerImageSeg } = {};
  if (r.cls) out.cls = { ids: r.cls.ids, labels: r.cls.labels, probs: r.cls.probs, threshold: r.cls.threshold };
  if (r.seg) out.seg = { ids: r.seg.ids, ...r.seg.perImage, areaPred: r.seg.areaPred, areaTrue: r.seg.areaTrue };
  return out;
}

/** Evaluations of one model: the in-domain test set, and the cross-domain sets when the run has them. */
export interface RunEvaluations {
  test: EvaluationResult;
  /** Cross-domain segmentation (only its `seg` part is read). */
  crossSeg?: EvaluationResult;
  /** Cross-domain classification (only its `cls` part is read). */
  crossCls?: EvaluationResult;
}

/**
 * The `cls`, `seg`, `crossSeg` and `crossCls` blocks of metrics.json (summarizeEvaluation: n, acc, f1Normal,
 * f1Abnormal, auc | n, dice, jaccard, ssim, hd, …) and of per-image.json. A block is absent when its set was
 * empty or the variant has no head for it.
 */
export function evaluationBlocks(e: RunEvaluations): { metrics: Record<string, unknown>; perImage: RunRecord['perImage'] } {
  const metrics: Record<string, unknown> = { ...summarizeEvaluation(e.test) };
  const perImage: RunRecord['perImage'] = { ...perImageBlock(e.test) };
  if (e.crossSeg?.seg) {
    metrics.crossSeg = summarizeEvaluation(e.crossSeg).seg;
    perImage.crossSeg = perImageBlock(e.crossSeg).seg;
  }
  if (e.crossCls?.cls) {
    metrics.crossCls = summarizeEvaluation(e.crossCls).cls;
    perImage.crossCls = perImageBlock(e.crossCls).cls;
  }
  return { metrics, perImage };
}

/** metrics.json's warnings about its test blocks: a block computed on fewer than 30 images, and an SSL warning. */
export function testBlockWarnings(metrics: Record<string, unknown>, sslWarning?: string): string[] {
  const warnings: string[] = [];
  for (const block of ['cls', 'seg', 'crossSeg', 'crossCls'] as const) {
    const n = (metrics[block] as { n?: number } | undefined)?.n;
    if (n !== undefined && n < SMALL_SAMPLE_IMAGES) warnings.push(`${block}: computed on ${n} images (< ${SMALL_SAMPLE_IMAGES}); treat as indicative only`);
  }
  if (sslWarning) warnings.push(`ssl: ${sslWarning}`);
  return warnings;
}
