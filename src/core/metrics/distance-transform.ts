// Exact Euclidean distance transform (Felzenszwalb & Huttenlocher, "Distance Transforms of Sampled
// Functions", Theory of Computing 2012): two 1-D passes of a lower envelope of parabolas, O(width·height).
// Anisotropic pixel spacing is exact too: each 1-D pass works in physical coordinates.

/**
 * 1-D squared distance transform of f (read with `stride` from `offset`, n samples, sample spacing `step`),
 * written back in place. Samples equal to Infinity are skipped rather than entered as huge finite values, so
 * no precision is lost in the parabola intersections; a line without finite samples stays Infinity.
 */
function transformLine(
  data: Float64Array,
  offset: number,
  stride: number,
  n: number,
  step: number,
  f: Float64Array,
  v: Int32Array,
  z: Float64Array,
): void {
  for (let q = 0; q < n; q++) f[q] = data[offset + q * stride] as number;
  let k = -1;
  for (let q = 0; q < n; q++) {
    const fq = f[q] as number;
    if (fq === Infinity) continue;
    const xq = q * step;
    if (k < 0) {
      k = 0;
      v[0] = q;
      z[0] = -Infinity;
      z[1] = Infinity;
      continue;
    }
    let s: number;
    for (;;) {
      const vk = v[k] as number;
      const xv = vk * step;
      // Where the parabola rooted at q overtakes the one rooted at v[k].
      s = (fq + xq * xq - ((f[vk] as number) + xv * xv)) / (2 * (xq - xv));
      if (s <= (z[k] as number) && k > 0) k--;
      else break;
    }
    k++;
    v[k] = q;
    z[k] = s;
    z[k + 1] = Infinity;
  }
  if (k < 0) return; // no finite sample: the line stays Infinity
  k = 0;
  for (let q = 0; q < n; q++) {
    const xq = q * step;
    while ((z[k + 1] as number) < xq) k++;
    const vk = v[k] as number;
    const d = xq - vk * step;
    data[offset + q * stride] = d * d + (f[vk] as number);
  }
}

/**
 * Squared Euclidean distance from every pixel to the nearest pixel with features[i] !== 0, in units of the
 * spacing ([sy, sx] per pixel, default [1, 1]). All Infinity when there is no feature pixel.
 */
export function squaredDistanceTransform(
  features: ArrayLike<number>,
  width: number,
  height: number,
  spacing: readonly [number, number] = [1, 1],
): Float64Array {
  const [sy, sx] = spacing;
  const out = new Float64Array(width * height);
  for (let i = 0; i < out.length; i++) out[i] = features[i] ? 0 : Infinity;
  const longest = Math.max(width, height);
  const f = new Float64Array(longest);
  const v = new Int32Array(longest);
  const z = new Float64Array(longest + 1);
  for (let x = 0; x < width; x++) transformLine(out, x, width, height, sy, f, v, z);
  for (let y = 0; y < height; y++) transformLine(out, y * width, 1, width, sx, f, v, z);
  return out;
}
