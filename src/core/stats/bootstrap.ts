// Seeded percentile bootstrap over test images (Efron & Tibshirani, "An Introduction to the Bootstrap", 1993,
// ch. 13): resample the images with replacement, recompute the metric, take the (1−level)/2 and (1+level)/2
// percentiles of the resampled values. Issue 10: confidence intervals in the results table; paired
// comparisons resample the SAME image indices for both models, so their difference keeps the pairing.
import type { Rng } from '../rng';
import { percentileOfSorted } from '../metrics/hausdorff';
import { rocAuc } from '../metrics/roc';
import { finiteMean } from '../metrics/finite-mean';

export interface ConfidenceInterval {
  /** The statistic on the data as given (not the bootstrap mean). */
  estimate: number;
  lo: number;
  hi: number;
  /** e.g. 0.95. */
  level: number;
  method: 'percentile-bootstrap' | 'wilson';
  /** Resamples whose statistic was not finite (e.g. an AUC resample with one class only), left out. */
  skipped?: number;
}

export interface BootstrapOptions {
  /** The stream the resamples come from: derive it from the run/grid seed (no Math.random). */
  rng: Rng;
  /** Number of resamples B. Default 2000. */
  resamples?: number;
  /** Coverage. Default 0.95. */
  level?: number;
}

/**
 * Stratified percentile bootstrap. `sizes[g]` images in group g (one group per seed's test set, or a single
 * group); every resample draws `sizes[g]` indices with replacement within each group and calls
 * `statistic(indices)` with one Int32Array per group. Non-finite resample statistics are skipped and
 * counted; if all are, lo = hi = NaN. Throws for an empty group list or a group of size 0.
 */
export function bootstrapCI(
  sizes: readonly number[],
  statistic: (indices: readonly Int32Array[]) => number,
  opts: BootstrapOptions,
): ConfidenceInterval {
  const B = opts.resamples ?? 2000;
  const level = opts.level ?? 0.95;
  if (sizes.length === 0 || sizes.some((n) => !Number.isInteger(n) || n < 1)) {
    throw new Error(`bootstrapCI: every group needs at least one image (sizes ${JSON.stringify(sizes)})`);
  }
  if (!(level > 0 && level < 1)) throw new Error(`bootstrapCI: level must be in (0, 1), got ${level}`);
  if (!Number.isInteger(B) || B < 1) throw new Error(`bootstrapCI: resamples must be an integer >= 1, got ${B}`);
  const identity = sizes.map((n) => Int32Array.from({ length: n }, (_, i) => i));
  const estimate = statistic(identity);
  const values: number[] = [];
  const idx = sizes.map((n) => new Int32Array(n));
  for (let b = 0; b < B; b++) {
    sizes.forEach((n, g) => {
      const a = idx[g] as Int32Array;
      for (let i = 0; i < n; i++) a[i] = opts.rng.int(n);
    });
    const v = statistic(idx);
    if (Number.isFinite(v)) values.push(v);
  }
  values.sort((x, y) => x - y);
  const tail = ((1 - level) / 2) * 100;
  return {
    estimate,
    lo: percentileOfSorted(values, tail),
    hi: percentileOfSorted(values, 100 - tail),
    level,
    method: 'percentile-bootstrap',
    skipped: B - values.length,
  };
}

/** Mean of values[i] over the given indices, finite values only (NaN if none). */
export function meanAt(values: ArrayLike<number>, indices: ArrayLike<number>): number {
  let s = 0;
  let n = 0;
  for (let k = 0; k < indices.length; k++) {
    const v = values[indices[k] as number] as number;
    if (Number.isFinite(v)) {
      s += v;
      n++;
    }
  }
  return n === 0 ? NaN : s / n;
}

/** ROC AUC on the given indices (NaN when the resample holds one class only). */
export function aucAt(labels: ArrayLike<number>, scores: ArrayLike<number>, indices: ArrayLike<number>): number {
  const y: number[] = [];
  const s: number[] = [];
  for (let k = 0; k < indices.length; k++) {
    y.push(labels[indices[k] as number] as number);
    s.push(scores[indices[k] as number] as number);
  }
  return rocAuc(y, s);
}

/**
 * CI of the mean over groups (seeds) of a per-group statistic. Each group's `perGroup(g, indices)` is
 * recomputed on its own resample; the mean over the groups whose value is finite is the statistic.
 */
export function meanOverGroupsCI(
  sizes: readonly number[],
  perGroup: (group: number, indices: ArrayLike<number>) => number,
  opts: BootstrapOptions,
): ConfidenceInterval {
  return bootstrapCI(sizes, (idx) => finiteMean(idx.map((ix, g) => perGroup(g, ix))).mean, opts);
}
