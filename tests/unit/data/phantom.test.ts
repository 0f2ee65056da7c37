// The synthetic phantom: marked synthetic, deterministic, masks where the lungs are dark, opacities
// only in label 1, knobs that act, and fast enough for the first-visit demo.
import { describe, expect, it } from 'vitest';
import { generatePhantoms } from '../../../src/core/data/index';
import { createRng } from '../../../src/core/rng';

const mean = (px: Uint8Array, mask: Uint8Array, inside: boolean) => {
  let s = 0;
  let n = 0;
  // outside = the body around the lungs (brighter than the ~15 of the air background)
  for (let i = 0; i < px.length; i++) if ((mask[i] === 255) === inside && (inside || px[i]! > 40)) [s, n] = [s + px[i]!, n + 1];
  return s / n;
};

describe('generatePhantoms', () => {
  const set = generatePhantoms({ count: 40, size: 128 }, createRng(11));

  it('marks every record synthetic and balances labels exactly', () => {
    expect(set.every((p) => p.synthetic === true && p.sourcePath.startsWith('synthetic://'))).toBe(true);
    expect(set.filter((p) => p.label === 1)).toHaveLength(20);
    expect(new Set(set.map((p) => p.key)).size).toBe(40);
  });
  it('is deterministic for a seed', () => {
    const again = generatePhantoms({ count: 40, size: 128 }, createRng(11));
    expect(again.map((p) => p.contentHash)).toEqual(set.map((p) => p.contentHash));
    expect(generatePhantoms({ count: 2, size: 128 }, createRng(12))[0]!.contentHash).not.toBe(set[0]!.contentHash);
  });
  it('draws binary lung masks covering a plausible area, darker than the rest', () => {
    for (const p of set) {
      expect(p.mask.every((v) => v === 0 || v === 255)).toBe(true);
      const area = p.mask.filter((v) => v === 255).length / p.mask.length;
      expect(area).toBeGreaterThan(0.12);
      expect(area).toBeLessThan(0.35);
      expect(mean(p.pixels, p.mask, true)).toBeLessThan(mean(p.pixels, p.mask, false));
    }
  });
  it('puts opacities in the lungs of label 1 only: lungs are brighter on average, with overlap', () => {
    const lung = (l: number) => set.filter((p) => p.label === l).map((p) => mean(p.pixels, p.mask, true));
    const avg = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(avg(lung(1))).toBeGreaterThan(avg(lung(0)));
    // not trivially separable by mean lung brightness
    expect(Math.min(...lung(1))).toBeLessThan(Math.max(...lung(0)));
  });
  it('applies the domain-shift knobs', () => {
    const base = generatePhantoms({ count: 1, size: 64, noise: 0 }, createRng(5))[0]!;
    const flat = generatePhantoms({ count: 1, size: 64, noise: 0, contrast: 0.5 }, createRng(5))[0]!;
    const std = (px: Uint8Array) => {
      const m = px.reduce((a, b) => a + b, 0) / px.length;
      return Math.sqrt(px.reduce((a, b) => a + (b - m) ** 2, 0) / px.length);
    };
    expect(std(flat.pixels)).toBeLessThan(std(base.pixels) * 0.6);
    const dark = generatePhantoms({ count: 1, size: 64, noise: 0, gamma: 2 }, createRng(5))[0]!;
    expect(dark.pixels.reduce((a, b) => a + b, 0)).toBeLessThan(base.pixels.reduce((a, b) => a + b, 0));
    expect(dark.mask).toEqual(base.mask);
  });
  it('makes 100 images of 256² in a few seconds', () => {
    const t0 = performance.now();
    generatePhantoms({ count: 100, size: 256 }, createRng(1));
    expect(performance.now() - t0).toBeLessThan(10_000);
  });
});
