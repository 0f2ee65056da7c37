import { describe, expect, it } from 'vitest';
import { gaussianKernel1d, ssim } from '../../../src/core/metrics';
import { createRng } from '../../../src/core/rng';

const C1 = 0.01 ** 2; // (K1·L)², L = 1
const C2 = 0.03 ** 2;

function randomImage(seed: string, n: number): Float32Array {
  const rng = createRng(seed);
  return Float32Array.from({ length: n }, () => rng.next());
}

/** Direct (non-separable) 2-D Gaussian-window SSIM over 'valid' positions, written independently for checking. */
function ssimDirect(a: Float32Array, b: Float32Array, w: number, h: number): number {
  const g = gaussianKernel1d(11, 1.5);
  let total = 0;
  let count = 0;
  for (let y0 = 0; y0 + 11 <= h; y0++) {
    for (let x0 = 0; x0 + 11 <= w; x0++) {
      let ma = 0, mb = 0, saa = 0, sbb = 0, sab = 0;
      for (let dy = 0; dy < 11; dy++) {
        for (let dx = 0; dx < 11; dx++) {
          const wt = (g[dy] as number) * (g[dx] as number);
          const va = a[(y0 + dy) * w + x0 + dx] as number;
          const vb = b[(y0 + dy) * w + x0 + dx] as number;
          ma += wt * va; mb += wt * vb; saa += wt * va * va; sbb += wt * vb * vb; sab += wt * va * vb;
        }
      }
      const num = (2 * ma * mb + C1) * (2 * (sab - ma * mb) + C2);
      const den = (ma * ma + mb * mb + C1) * (saa - ma * ma + sbb - mb * mb + C2);
      total += num / den;
      count++;
    }
  }
  return total / count;
}

describe('ssim', () => {
  it('is 1 for identical images', () => {
    const a = randomImage('ssim-same', 20 * 17);
    expect(ssim(a, a.slice(), 20, 17)).toBeCloseTo(1, 12);
  });

  it('reduces to the luminance term for constant images', () => {
    // σ = 0 everywhere, so SSIM = (2·μa·μb + C1) / (μa² + μb² + C1) · C2/C2
    //   = (2·.5·.25 + 1e-4) / (.25 + .0625 + 1e-4) = .2501 / .3126 = .800064
    const a = new Float32Array(12 * 12).fill(0.5);
    const b = new Float32Array(12 * 12).fill(0.25);
    expect(ssim(a, b, 12, 12)).toBeCloseTo(0.2501 / 0.3126, 10);
    expect(0.2501 / 0.3126).toBeCloseTo(0.800064, 6);
  });

  it('matches the formula on a single 11×11 window: centre pixel 1 vs all zeros', () => {
    // 1-D weights g_d ∝ exp(−d²/(2·1.5²)), d = −5…5: exp(−d²/4.5) = 1, .800737, .411112, .135335, .028566, .003866
    // (each twice for d ≠ 0) → sum 3.759232, centre weight g0 = 1/3.759232 = .266012, 2-D centre w = g0² = .070762
    // a = centre 1: μa = w, E[a²] = w, σa² = w − w²; b = 0: μb = σb² = σab = 0
    // SSIM = C1·C2 / ((w² + C1)·(w − w² + C2))
    const g0 = 1 / (1 + 2 * [1, 4, 9, 16, 25].reduce((s, d2) => s + Math.exp(-d2 / 4.5), 0));
    expect(g0).toBeCloseTo(0.266012, 6);
    const w = g0 * g0;
    const expected = (C1 * C2) / ((w * w + C1) * (w - w * w + C2));
    expect(expected).toBeCloseTo(2.644e-4, 6);
    const a = new Float32Array(121);
    a[60] = 1;
    expect(ssim(a, new Float32Array(121), 11, 11)).toBeCloseTo(expected, 12);
  });

  it('agrees with a direct 2-D window implementation on a non-square random pair', () => {
    const a = randomImage('ssim-a', 19 * 14);
    const b = a.map((v, i) => Math.min(1, Math.max(0, v + 0.3 * Math.sin(i))));
    const got = ssim(a, b, 19, 14);
    expect(got).toBeLessThan(0.99);
    expect(got).toBeCloseTo(ssimDirect(a, b, 19, 14), 10);
  });

  it('is invariant to rescaling the data together with dataRange', () => {
    const a = randomImage('ssim-r1', 16 * 16);
    const b = randomImage('ssim-r2', 16 * 16);
    const scaled = (x: Float32Array) => Float64Array.from(x, (v) => v * 255);
    expect(ssim(scaled(a), scaled(b), 16, 16, { dataRange: 255 })).toBeCloseTo(ssim(a, b, 16, 16), 6);
  });

  it('uses a normalised Gaussian window', () => {
    const g = gaussianKernel1d(11, 1.5);
    expect(g.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 14);
    expect(g[5]).toBeCloseTo(0.266012, 6);
    expect(g[0]).toBeCloseTo(g[10] as number, 15);
  });

  it('rejects images smaller than the window, size mismatches and NaN', () => {
    expect(() => ssim(new Float32Array(100), new Float32Array(100), 10, 10)).toThrow('ssim: image 10×10 is smaller than the 11×11 window');
    expect(() => ssim(new Float32Array(144), new Float32Array(121), 12, 12)).toThrow('ssim: a has length 144 but b has length 121');
    expect(() => ssim(new Float32Array(144), new Float32Array(144), 12, 11)).toThrow('width×height = 12×11 = 132');
    const nan = new Float32Array(144);
    nan[7] = NaN;
    expect(() => ssim(nan, new Float32Array(144), 12, 12)).toThrow('ssim: a[7] = NaN; expected a finite number');
  });
});
