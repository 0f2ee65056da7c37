// Bounded plots of unbounded runs: a series longer than a few thousand points is drawn from a min/max
// decimation — each of `max / 2` equal buckets of consecutive points keeps its lowest and highest value (in
// step order), so spikes and dips stay visible while memory and plotly's work stay fixed however long the run.

import type { CurvePoint } from '../../../platform/storage';

/** Points kept per series by the live plots; a series reaching twice this many is decimated back to it. */
export const PLOT_POINTS = 500;

/**
 * At most `max` points of `points` (max ≥ 4): the minimum and maximum of each of ⌊(max − 1) / 2⌋ buckets of
 * consecutive points, plus the last point (where the run is now). Non-finite values are never a bucket's
 * extreme. Returns a copy when `points` is short enough.
 */
export function decimateMinMax(points: readonly CurvePoint[], max: number): CurvePoint[] {
  if (points.length <= max) return [...points];
  const buckets = Math.max(1, Math.floor((max - 1) / 2));
  const size = Math.ceil(points.length / buckets);
  const out: CurvePoint[] = [];
  for (let start = 0; start < points.length; start += size) {
    const end = Math.min(points.length, start + size);
    let lo = -1;
    let hi = -1;
    for (let i = start; i < end; i++) {
      const v = points[i]!.value;
      if (!Number.isFinite(v)) continue;
      if (lo < 0 || v < points[lo]!.value) lo = i;
      if (hi < 0 || v > points[hi]!.value) hi = i;
    }
    if (lo < 0) out.push(points[start]!);
    else if (lo === hi) out.push(points[lo]!);
    else out.push(points[Math.min(lo, hi)]!, points[Math.max(lo, hi)]!);
  }
  const last = points[points.length - 1]!;
  if (out[out.length - 1] !== last) out.push(last);
  return out;
}

/** Decimates every series of a curves record (a new record; the input is not touched). */
export function decimateCurves(curves: Readonly<Record<string, readonly CurvePoint[]>>, max: number = PLOT_POINTS): Record<string, CurvePoint[]> {
  return Object.fromEntries(Object.entries(curves).map(([k, v]) => [k, decimateMinMax(v, max)]));
}
