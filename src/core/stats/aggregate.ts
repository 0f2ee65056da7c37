// Aggregation of per-run metrics over seeds for the results table (issue 10, item 5): mean ± sample standard
// deviation, NaN runs skipped and counted, best row per column by the metric's direction, and the small-sample
// flag for metrics computed on fewer than 30 images.
import { metricBetter } from './directions';

/** Metrics computed on fewer test images than this carry a warning in every table (issue 10). */
export const SMALL_SAMPLE_IMAGES = 30;

export interface SeedSummary {
  /** Mean over the seeds whose value is finite; NaN if none. */
  mean: number;
  /** Sample standard deviation (n − 1); NaN with fewer than two finite values (shown as "—"). */
  std: number;
  /** Finite values used. */
  n: number;
  /** Runs whose value was NaN / ±Infinity (e.g. AUC with one class), left out. */
  skipped: number;
}

export function summarizeSeeds(values: readonly number[]): SeedSummary {
  const finite = values.filter((v) => Number.isFinite(v));
  const n = finite.length;
  const mean = n === 0 ? NaN : finite.reduce((s, v) => s + v, 0) / n;
  const std = n < 2 ? NaN : Math.sqrt(finite.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1));
  return { mean, std, n, skipped: values.length - n };
}

/**
 * Indices of the best rows for one column (all tied rows), by the metric's direction; NaN means are never
 * best. Empty for metrics without a direction or when no row has a finite mean.
 */
export function bestRows(metric: string, means: readonly number[]): number[] {
  const better = metricBetter(metric);
  if (!better) return [];
  let best = better === 'higher' ? -Infinity : Infinity;
  for (const m of means) if (Number.isFinite(m) && (better === 'higher' ? m > best : m < best)) best = m;
  if (!Number.isFinite(best)) return [];
  return means.flatMap((m, i) => (m === best ? [i] : []));
}

/** "0.912 ± 0.013", "0.912 ± —" with one seed, "—" when there is no value. */
export function formatMeanStd(s: SeedSummary, digits = 3): string {
  if (!Number.isFinite(s.mean)) return '—';
  return `${s.mean.toFixed(digits)} ± ${Number.isFinite(s.std) ? s.std.toFixed(digits) : '—'}`;
}
