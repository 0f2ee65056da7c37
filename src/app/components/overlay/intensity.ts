// Pixel-value helpers of the viewer: window/level of the X-ray and percentile clipping of the saliency map.
// Both map values to 0..255 display bytes; both are pure so they are unit-tested and run anywhere.

/** Window/level in display units of the stored 8-bit image: centre `level`, full width `window` (≥ 1). */
export interface WindowLevel {
  level: number;
  window: number;
}

/** Maps 8-bit gray through a window: values below level − window/2 go black, above level + window/2 white. */
export function applyWindowLevel(pixels: Uint8Array, wl: WindowLevel): Uint8Array {
  if (!(wl.window >= 1)) throw new Error(`window width must be at least 1, got ${wl.window}`);
  const lo = wl.level - wl.window / 2;
  const scale = 255 / wl.window;
  // A 256-entry table: the image is 8-bit, so each possible value is mapped once.
  const table = new Uint8Array(256);
  for (let v = 0; v < 256; v++) table[v] = Math.max(0, Math.min(255, Math.round((v - lo) * scale)));
  const out = new Uint8Array(pixels.length);
  for (let i = 0; i < pixels.length; i++) out[i] = table[pixels[i] as number] as number;
  return out;
}

/** Finite values sorted ascending (a typed-array sort: numeric and fast for a 256² map). */
function sortedFinite(values: ArrayLike<number>): Float64Array {
  const finite = new Float64Array(values.length);
  let n = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (Number.isFinite(v)) finite[n++] = v;
  }
  return finite.subarray(0, n).sort();
}

function checkPercent(p: number): void {
  if (!(p >= 0 && p <= 100)) throw new Error(`percentile must be in [0, 100], got ${p}`);
}

/** Nearest rank in sorted values; NaN when there are none. */
function rankOf(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] as number;
}

/** Value below which `p` percent of the finite values lie (nearest-rank on the sorted values). NaN when none. */
export function percentile(values: ArrayLike<number>, p: number): number {
  checkPercent(p);
  return rankOf(sortedFinite(values), p);
}

/**
 * Saliency to display bytes with percentile clipping: values at or below the `low` percentile become 0, at or
 * above the `high` percentile 255, linear in between. Saliency maps are heavy-tailed (a few pixels dominate
 * the maximum), so clipping the top percent is what makes the structure visible.
 */
export function clipToBytes(values: Float32Array, low: number, high: number): Uint8Array {
  if (!(low < high)) throw new Error(`the low percentile (${low}) must be below the high one (${high})`);
  checkPercent(low);
  checkPercent(high);
  // One sort for both ends: this runs on every image flip and clipping change.
  const sorted = sortedFinite(values);
  const lo = rankOf(sorted, low);
  const hi = rankOf(sorted, high);
  const out = new Uint8Array(values.length);
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return out;
  const range = hi - lo;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (!Number.isFinite(v) || range <= 0) out[i] = Number.isFinite(v) && v > lo ? 255 : 0;
    else out[i] = Math.max(0, Math.min(255, Math.round(((v - lo) / range) * 255)));
  }
  return out;
}
