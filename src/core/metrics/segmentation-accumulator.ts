// Per-image segmentation scores, averaged over an evaluation pass. Keeps the per-image values for box plots.
// Which metrics there are, their names, units and directions: registry.ts.
import { finiteMean } from './finite-mean';
import { hausdorffDistance } from './hausdorff';
import { SEGMENTATION_METRICS, type SegmentationMetric } from './registry';
import {
  diceFromConfusion,
  jaccardFromConfusion,
  maskConfusion,
  precisionFromConfusion,
  recallFromConfusion,
} from './segmentation';
import { ssim, type SsimOptions } from './ssim';

/** Scores of one image. hd = HD95, hdMax = Hausdorff, assd = average symmetric surface distance, in pixels. */
export type SegmentationImageScores = Record<SegmentationMetric, number>;

/**
 * Per metric, the mean over images of the finite per-image values (NaN if none is finite); hdMm / hdMaxMm
 * over the images that were added with a spacing.
 */
export interface SegmentationResult extends SegmentationImageScores {
  /** Images added. */
  n: number;
  /** Per-image values in the order added, NaN included (filter with Number.isFinite before plotting). */
  perImage: Record<SegmentationMetric, number[]>;
  /** Per metric: images left out of the mean because the value was NaN/±Infinity (or no spacing, for *Mm). */
  skipped: Record<SegmentationMetric, number>;
}

export interface SegmentationAccumulatorOptions {
  ssim?: SsimOptions;
}

/** All per-image scores for one predicted / ground-truth mask pair (binary 0/1, row-major). */
export function scoreSegmentation(
  pred: Uint8Array,
  gt: Uint8Array,
  width: number,
  height: number,
  spacing?: readonly [number, number],
  ssimOptions: SsimOptions = {},
): SegmentationImageScores {
  const c = maskConfusion(pred, gt);
  const hd = hausdorffDistance(pred, gt, width, height, spacing);
  return {
    dice: diceFromConfusion(c),
    jaccard: jaccardFromConfusion(c),
    // SSIM of the binarised prediction against the truth, both as float 0/1 with L = 1.
    ssim: ssim(Float32Array.from(pred), Float32Array.from(gt), width, height, { dataRange: 1, ...ssimOptions }),
    hd: hd.p95,
    hdMax: hd.max,
    assd: hd.averageSurface,
    precision: precisionFromConfusion(c),
    recall: recallFromConfusion(c),
    hdMm: hd.mm?.p95 ?? NaN,
    hdMaxMm: hd.mm?.max ?? NaN,
  };
}

export class SegmentationAccumulator {
  private readonly values = recordPerMetric(() => [] as number[]);
  private readonly ssimOptions: SsimOptions;

  constructor(opts: SegmentationAccumulatorOptions = {}) {
    this.ssimOptions = opts.ssim ?? {};
  }

  /** Scores one image, records it and returns its scores. `spacing` = [sy, sx] in mm per pixel, if known. */
  add(pred: Uint8Array, gt: Uint8Array, width: number, height: number, spacing?: readonly [number, number]): SegmentationImageScores {
    const scores = scoreSegmentation(pred, gt, width, height, spacing, this.ssimOptions);
    this.addScores(scores);
    return scores;
  }

  /** Records scores computed elsewhere (e.g. in a worker by scoreSegmentation). */
  addScores(scores: SegmentationImageScores): void {
    for (const m of SEGMENTATION_METRICS) {
      const v = scores[m];
      if (typeof v !== 'number') throw new Error(`SegmentationAccumulator.addScores: missing metric "${m}"`);
      this.values[m].push(v);
    }
  }

  get n(): number {
    return this.values.dice.length;
  }

  reset(): void {
    for (const m of SEGMENTATION_METRICS) this.values[m].length = 0;
  }

  compute(): SegmentationResult {
    const stats = Object.fromEntries(SEGMENTATION_METRICS.map((m) => [m, finiteMean(this.values[m])])) as Record<
      SegmentationMetric,
      ReturnType<typeof finiteMean>
    >;
    const mean = recordPerMetric((m) => stats[m].mean);
    return {
      ...mean,
      n: this.n,
      perImage: recordPerMetric((m) => this.values[m].slice()),
      skipped: recordPerMetric((m) => stats[m].skipped),
    };
  }
}

function recordPerMetric<T>(make: (m: SegmentationMetric) => T): Record<SegmentationMetric, T> {
  return Object.fromEntries(SEGMENTATION_METRICS.map((m) => [m, make(m)])) as Record<SegmentationMetric, T>;
}
