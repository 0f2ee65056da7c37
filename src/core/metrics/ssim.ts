// Structural similarity (Wang, Bovik, Sheikh & Simoncelli, IEEE TIP 2004), as in the authors' ssim_index.m.
import { checkFinite, checkImage, checkSameLength } from './input-checks';

export interface SsimOptions {
  /** L, the dynamic range of the values (1 for masks or images in [0, 1]). Default 1. */
  dataRange?: number;
  /** Default 0.01. */
  k1?: number;
  /** Default 0.03. */
  k2?: number;
  /** Odd side of the Gaussian window. Default 11. */
  windowSize?: number;
  /** Standard deviation of the Gaussian window. Default 1.5. */
  sigma?: number;
}

/** Normalised 1-D Gaussian; its outer product with itself is MATLAB's fspecial('gaussian', size, sigma). */
export function gaussianKernel1d(size: number, sigma: number): Float64Array {
  const k = new Float64Array(size);
  const centre = (size - 1) / 2;
  let sum = 0;
  for (let i = 0; i < size; i++) {
    k[i] = Math.exp(-((i - centre) ** 2) / (2 * sigma * sigma));
    sum += k[i] as number;
  }
  for (let i = 0; i < size; i++) k[i] = (k[i] as number) / sum;
  return k;
}

/** 'valid' separable correlation: output (height − w + 1) × (width − w + 1), no padding. */
function filterValid(img: Float64Array, width: number, height: number, k: Float64Array): Float64Array {
  const w = k.length;
  const outW = width - w + 1;
  const outH = height - w + 1;
  const rows = new Float64Array(height * outW);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < outW; x++) {
      let s = 0;
      for (let i = 0; i < w; i++) s += (k[i] as number) * (img[y * width + x + i] as number);
      rows[y * outW + x] = s;
    }
  }
  const out = new Float64Array(outH * outW);
  for (let y = 0; y < outH; y++) {
    for (let x = 0; x < outW; x++) {
      let s = 0;
      for (let i = 0; i < w; i++) s += (k[i] as number) * (rows[(y + i) * outW + x] as number);
      out[y * outW + x] = s;
    }
  }
  return out;
}

/**
 * Mean SSIM over all window positions that lie fully inside the image (MATLAB filter2 'valid'; no padding,
 * so border pixels are weighted less). Per window, with Gaussian-weighted means μ, variances σ² and
 * covariance σ_ab (weights sum to 1, no N−1 correction, as in Wang et al.):
 *   SSIM = (2 μ_a μ_b + C1)(2 σ_ab + C2) / ((μ_a² + μ_b² + C1)(σ_a² + σ_b² + C2)),  C1 = (K1·L)², C2 = (K2·L)².
 * Defaults: window 11, σ 1.5, K1 0.01, K2 0.03, L 1. Both sides need at least `windowSize` pixels.
 * For MultiMix the runner feeds the binarised predicted mask and the ground-truth mask as float 0/1, L = 1.
 */
export function ssim(a: ArrayLike<number>, b: ArrayLike<number>, width: number, height: number, opts: SsimOptions = {}): number {
  const fn = 'ssim';
  const { dataRange = 1, k1 = 0.01, k2 = 0.03, windowSize = 11, sigma = 1.5 } = opts;
  checkSameLength(fn, 'a', a, 'b', b);
  checkImage(fn, 'a', a, width, height);
  if (!Number.isInteger(windowSize) || windowSize < 1 || windowSize % 2 === 0) {
    throw new Error(`${fn}: windowSize must be an odd positive integer, got ${windowSize}`);
  }
  if (width < windowSize || height < windowSize) {
    throw new Error(`${fn}: image ${width}×${height} is smaller than the ${windowSize}×${windowSize} window`);
  }
  if (!(dataRange > 0) || !(sigma > 0) || !(k1 > 0) || !(k2 > 0)) {
    throw new Error(`${fn}: dataRange, sigma, k1 and k2 must be > 0 (got ${dataRange}, ${sigma}, ${k1}, ${k2})`);
  }
  checkFinite(fn, 'a', a);
  checkFinite(fn, 'b', b);

  const n = width * height;
  const fa = Float64Array.from(a);
  const fb = Float64Array.from(b);
  const aa = new Float64Array(n);
  const bb = new Float64Array(n);
  const ab = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const x = fa[i] as number;
    const y = fb[i] as number;
    aa[i] = x * x;
    bb[i] = y * y;
    ab[i] = x * y;
  }
  const k = gaussianKernel1d(windowSize, sigma);
  const muA = filterValid(fa, width, height, k);
  const muB = filterValid(fb, width, height, k);
  const eAA = filterValid(aa, width, height, k);
  const eBB = filterValid(bb, width, height, k);
  const eAB = filterValid(ab, width, height, k);
  const c1 = (k1 * dataRange) ** 2;
  const c2 = (k2 * dataRange) ** 2;
  let total = 0;
  for (let i = 0; i < muA.length; i++) {
    const ma = muA[i] as number;
    const mb = muB[i] as number;
    const varA = (eAA[i] as number) - ma * ma;
    const varB = (eBB[i] as number) - mb * mb;
    const cov = (eAB[i] as number) - ma * mb;
    total += ((2 * ma * mb + c1) * (2 * cov + c2)) / ((ma * ma + mb * mb + c1) * (varA + varB + c2));
  }
  return total / muA.length;
}
