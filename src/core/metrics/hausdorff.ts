// Surface-distance metrics between a predicted and a ground-truth binary mask: Hausdorff (max), HD95 and the
// average symmetric surface distance, computed on mask boundaries with an exact distance transform (O(N)).
import { squaredDistanceTransform } from './distance-transform';
import { checkBinary, checkImage, checkSameLength } from './input-checks';

export interface SurfaceDistances {
  /** Hausdorff distance: max over both directions of the largest boundary-to-boundary distance. */
  max: number;
  /** HD95: max over both directions of the 95th percentile of the directed distances. */
  p95: number;
  /** Average symmetric surface distance: mean over the boundary pixels of both masks of the distance to the other. */
  averageSurface: number;
}

export interface HausdorffResult extends SurfaceDistances {
  /** The same distances in physical units (e.g. mm), present only when a spacing was given. */
  mm?: SurfaceDistances;
}

/**
 * Foreground pixels with at least one 4-neighbour that is background or outside the image (an image-edge
 * pixel of the mask is part of its contour, as with scipy's binary_erosion and border_value 0). Any non-zero
 * value is foreground (so 0/255 masks work too). Also the viewer's mask outline, so what it draws is what HD
 * measures.
 */
export function maskBoundary(mask: ArrayLike<number>, width: number, height: number): Uint8Array {
  checkImage('maskBoundary', 'mask', mask, width, height);
  const out = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      if (!mask[i]) continue;
      const interior =
        x > 0 && x < width - 1 && y > 0 && y < height - 1 && mask[i - 1] && mask[i + 1] && mask[i - width] && mask[i + width];
      if (!interior) out[i] = 1;
    }
  }
  return out;
}

/** Linear-interpolated percentile of sorted values (NumPy's default method). */
export function percentileOfSorted(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = (p / 100) * (sorted.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  const a = sorted[lo] as number;
  return a + (rank - lo) * ((sorted[hi] as number) - a);
}

/** Distances from every boundary pixel of `from` to the nearest boundary pixel of `to`, sorted ascending. */
function directedDistances(fromBoundary: Uint8Array, toSquaredDt: Float64Array): Float64Array {
  let count = 0;
  for (let i = 0; i < fromBoundary.length; i++) count += fromBoundary[i] as number;
  const d = new Float64Array(count);
  let j = 0;
  for (let i = 0; i < fromBoundary.length; i++) if (fromBoundary[i]) d[j++] = Math.sqrt(toSquaredDt[i] as number);
  return d.sort();
}

function surfaceDistances(predB: Uint8Array, gtB: Uint8Array, width: number, height: number, spacing: readonly [number, number]): SurfaceDistances {
  const predToGt = directedDistances(predB, squaredDistanceTransform(gtB, width, height, spacing));
  const gtToPred = directedDistances(gtB, squaredDistanceTransform(predB, width, height, spacing));
  let sum = 0;
  for (const d of predToGt) sum += d;
  for (const d of gtToPred) sum += d;
  return {
    max: Math.max(predToGt[predToGt.length - 1] as number, gtToPred[gtToPred.length - 1] as number),
    p95: Math.max(percentileOfSorted(predToGt, 95), percentileOfSorted(gtToPred, 95)),
    averageSurface: sum / (predToGt.length + gtToPred.length),
  };
}

/**
 * Boundary-based surface distances (MONAI / medpy convention: distances between the 4-connected contours of
 * the two masks, not between the full sets, so a mask strictly inside the other still scores > 0).
 * Distances are in pixels; with `spacing` = [sy, sx] (size of a pixel along y and x) `mm` holds the same
 * metrics in physical units, computed exactly for anisotropic pixels (not a rescaled pixel result).
 * Empty masks: both empty → all 0 (perfect agreement); exactly one empty → all NaN (undefined; accumulators
 * skip and count it).
 */
export function hausdorffDistance(
  pred: ArrayLike<number>,
  gt: ArrayLike<number>,
  width: number,
  height: number,
  spacing?: readonly [number, number],
): HausdorffResult {
  const fn = 'hausdorffDistance';
  checkSameLength(fn, 'pred', pred, 'gt', gt);
  checkImage(fn, 'pred', pred, width, height);
  checkBinary(fn, 'pred', pred);
  checkBinary(fn, 'gt', gt);
  if (spacing !== undefined) {
    const [sy, sx] = spacing;
    if (spacing.length !== 2 || !(sy > 0 && sy < Infinity) || !(sx > 0 && sx < Infinity)) {
      throw new Error(`${fn}: spacing must be [sy, sx] with two finite numbers > 0, got [${spacing.join(', ')}]`);
    }
  }
  const predB = maskBoundary(pred, width, height);
  const gtB = maskBoundary(gt, width, height);
  const predEmpty = !predB.includes(1);
  const gtEmpty = !gtB.includes(1);
  if (predEmpty || gtEmpty) {
    const v = predEmpty && gtEmpty ? 0 : NaN;
    const same: SurfaceDistances = { max: v, p95: v, averageSurface: v };
    return spacing ? { ...same, mm: { ...same } } : same;
  }
  const px = surfaceDistances(predB, gtB, width, height, [1, 1]);
  return spacing ? { ...px, mm: surfaceDistances(predB, gtB, width, height, spacing) } : px;
}
