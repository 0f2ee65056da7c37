// Square resizing of 8-bit gray images and binary masks. Aspect ratio is NOT kept: images are stretched
// to size×size, as the MultiMix paper resizes every radiograph to 256×256 (letterboxing would waste
// pixels on padding and change the lung shapes the decoder learns differently per source).
//
// Per axis: area averaging (an exact box filter with fractional coverage) when shrinking, so thin ribs
// and mask edges are averaged rather than aliased; bilinear with half-pixel centres when enlarging or
// keeping the size (identity then). The filter is separable: rows first, then columns.

/** For every output index, which source indices contribute and with what weight (weights sum to 1). */
interface AxisWeights {
  start: Int32Array;
  count: Int32Array;
  /** `taps` weights per output index, padded with zeros. */
  weights: Float32Array;
  taps: number;
}

function axisWeights(srcLen: number, dstLen: number): AxisWeights {
  const start = new Int32Array(dstLen);
  const count = new Int32Array(dstLen);
  if (dstLen < srcLen) {
    const scale = srcLen / dstLen; // source pixels per output pixel (> 1)
    const taps = Math.ceil(scale) + 1;
    const weights = new Float32Array(dstLen * taps);
    for (let i = 0; i < dstLen; i++) {
      const lo = i * scale;
      const hi = lo + scale;
      const first = Math.floor(lo);
      const last = Math.min(srcLen - 1, Math.ceil(hi) - 1);
      start[i] = first;
      count[i] = last - first + 1;
      for (let s = first; s <= last; s++) {
        const overlap = Math.min(hi, s + 1) - Math.max(lo, s);
        weights[i * taps + (s - first)] = overlap / scale;
      }
    }
    return { start, count, weights, taps };
  }
  const taps = 2;
  const weights = new Float32Array(dstLen * taps);
  const scale = srcLen / dstLen;
  for (let i = 0; i < dstLen; i++) {
    const x = Math.min(Math.max((i + 0.5) * scale - 0.5, 0), srcLen - 1);
    const x0 = Math.floor(x);
    const x1 = Math.min(x0 + 1, srcLen - 1);
    const f = x - x0;
    start[i] = x0;
    count[i] = x1 === x0 ? 1 : 2;
    weights[i * taps] = x1 === x0 ? 1 : 1 - f;
    weights[i * taps + 1] = x1 === x0 ? 0 : f;
  }
  return { start, count, weights, taps };
}

/** Resample a w×h float plane to size×size floats. */
function resizePlane(src: ArrayLike<number>, w: number, h: number, size: number): Float32Array {
  const wx = axisWeights(w, size);
  const wy = axisWeights(h, size);
  // Pass 1: every source row to `size` columns.
  const tmp = new Float32Array(h * size);
  for (let y = 0; y < h; y++) {
    const rowOff = y * w;
    const outOff = y * size;
    for (let x = 0; x < size; x++) {
      const s = (wx.start[x] as number) + rowOff;
      const c = wx.count[x] as number;
      const wo = x * wx.taps;
      let acc = 0;
      for (let k = 0; k < c; k++) acc += (src[s + k] as number) * (wx.weights[wo + k] as number);
      tmp[outOff + x] = acc;
    }
  }
  // Pass 2: columns, accumulating whole rows for cache-friendly access.
  const out = new Float32Array(size * size);
  for (let y = 0; y < size; y++) {
    const s = wy.start[y] as number;
    const c = wy.count[y] as number;
    const wo = y * wy.taps;
    const outOff = y * size;
    for (let k = 0; k < c; k++) {
      const wk = wy.weights[wo + k] as number;
      if (wk === 0) continue;
      const rowOff = (s + k) * size;
      for (let x = 0; x < size; x++) out[outOff + x] = (out[outOff + x] as number) + (tmp[rowOff + x] as number) * wk;
    }
  }
  return out;
}

/** Resize 8-bit gray (w×h, row-major) to size×size 8-bit gray, stretching to the square. */
export function resizeGray(src: Uint8Array, w: number, h: number, size: number): Uint8Array {
  if (src.length !== w * h) throw new Error(`resizeGray: ${src.length} pixels do not make a ${w}×${h} image`);
  if (!(size >= 1) || !Number.isInteger(size)) throw new Error(`resizeGray: size must be a positive integer (got ${size})`);
  const plane = resizePlane(src, w, h, size);
  const out = new Uint8Array(size * size);
  for (let i = 0; i < out.length; i++) out[i] = Math.min(255, Math.round(plane[i] as number));
  return out;
}

/**
 * Resize a binary mask (0 / non-zero) to size×size, values exactly 0 or 255. The mask is resampled as
 * 0/1 coverage with the same filter as the image and thresholded at 0.5: an output pixel is lung when at
 * least half of its area is lung (shrinking) or its bilinear value is at least 0.5 (enlarging), so
 * image and mask stay aligned and no grey edge values leak into the Dice loss.
 */
export function resizeMask(mask: Uint8Array, w: number, h: number, size: number): Uint8Array {
  if (mask.length !== w * h) throw new Error(`resizeMask: ${mask.length} pixels do not make a ${w}×${h} mask`);
  const binary = new Uint8Array(mask.length);
  for (let i = 0; i < mask.length; i++) binary[i] = (mask[i] as number) > 0 ? 1 : 0;
  const plane = resizePlane(binary, w, h, size);
  const out = new Uint8Array(size * size);
  for (let i = 0; i < out.length; i++) out[i] = (plane[i] as number) >= 0.5 - 1e-6 ? 255 : 0;
  return out;
}

/**
 * From a stored image (stored×stored gray, optional mask; the browser keeps every import at 256², see
 * `DEFAULT_IMAGE_SIZE`) to the run's input size: the one path both the browser's run data and
 * `npm run experiment` take (issue 10, item 1), so the same file gives the same training pixels in both
 * (decode → 256² → run size, not decode → run size). Unchanged arrays when the sizes match.
 */
export function storedToRunSize(pixels: Uint8Array, mask: Uint8Array | undefined, stored: number, size: number): { pixels: Uint8Array; mask?: Uint8Array } {
  const out: { pixels: Uint8Array; mask?: Uint8Array } = { pixels: stored === size ? pixels : resizeGray(pixels, stored, stored, size) };
  if (mask) out.mask = stored === size ? mask : resizeMask(mask, stored, stored, size);
  return out;
}
