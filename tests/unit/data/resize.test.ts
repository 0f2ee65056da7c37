// Box filter when shrinking, bilinear (half-pixel centres) when enlarging, stretch to square, and
// masks that stay exactly {0,255}. Expected values worked out by hand in the comments.
import { describe, expect, it } from 'vitest';
import { binarizeMask, maskFitsImage, resizeGray, resizeMask, unionMasks } from '../../../src/core/data/index';

const arr = (a: Uint8Array) => Array.from(a);

describe('resizeGray', () => {
  it('averages 2×2 blocks when halving', () => {
    const src = Uint8Array.from({ length: 16 }, (_, i) => i * 10);
    // blocks: (0,10,40,50) (20,30,60,70) (80,90,120,130) (100,110,140,150)
    expect(arr(resizeGray(src, 4, 4, 2))).toEqual([25, 45, 105, 125]);
  });
  it('weights fractional coverage (3 -> 2: 2/3 + 1/3)', () => {
    const src = Uint8Array.from({ length: 9 }, (_, i) => [0, 90, 180][i % 3]!);
    // out0 = 0*2/3 + 90/3 = 30; out1 = 90/3 + 180*2/3 = 150
    expect(arr(resizeGray(src, 3, 3, 2))).toEqual([30, 150, 30, 150]);
  });
  it('interpolates bilinearly with half-pixel centres when enlarging', () => {
    // src x at (i+0.5)/2-0.5 = -0.25 (clamped 0), 0.25, 0.75, 1.25 (clamped 1)
    expect(arr(resizeGray(new Uint8Array([0, 100, 0, 100]), 2, 2, 4).subarray(0, 4))).toEqual([0, 25, 75, 100]);
  });
  it('stretches non-square images to the square', () => {
    const src = new Uint8Array([10, 20, 30, 40, 50, 60, 70, 80]); // 4 wide, 2 high
    expect(arr(resizeGray(src, 4, 2, 2))).toEqual([15, 35, 55, 75]);
  });
  it('is the identity at the same size', () => {
    const src = Uint8Array.from({ length: 25 }, (_, i) => (i * 37) % 256);
    expect(arr(resizeGray(src, 5, 5, 5))).toEqual(arr(src));
  });
  it('rejects inconsistent sizes', () => {
    expect(() => resizeGray(new Uint8Array(5), 2, 2, 2)).toThrow(/2×2/);
  });
});

describe('masks', () => {
  it('accepts a mask of the image size or a whole-factor reduction of it', () => {
    expect([maskFitsImage(64, 64, 64, 64), maskFitsImage(1024, 1024, 2048, 2048), maskFitsImage(48, 48, 64, 64), maskFitsImage(32, 64, 64, 64)]).toEqual([true, true, false, false]);
  });
  it('binarises by the mask rule: any level above 0 is lung; lossy (JPEG) masks at 128', () => {
    expect(arr(binarizeMask(new Uint8Array([0, 1, 127, 128, 255])))).toEqual([0, 255, 255, 255, 255]);
    expect(arr(binarizeMask(new Uint8Array([0, 3, 127, 128, 255]), true))).toEqual([0, 0, 0, 255, 255]);
  });
  it('keeps masks binary: half coverage or more is lung', () => {
    const half = Uint8Array.from({ length: 16 }, (_, i) => (i % 4 < 2 ? 255 : 0));
    expect(arr(resizeMask(half, 4, 4, 2))).toEqual([255, 0, 255, 0]);
    const centre = new Uint8Array(9);
    centre[4] = 1; // covers 0.25 of each output pixel's 2.25 px² -> 0.11 < 0.5
    expect(arr(resizeMask(centre, 3, 3, 2))).toEqual([0, 0, 0, 0]);
  });
  it('enlarges with the bilinear value thresholded at 0.5', () => {
    // 1D weights of [1,0] -> [1, .75, .25, 0]; products >= .5 only in the top-left 2×2
    const out = resizeMask(new Uint8Array([255, 0, 0, 0]), 2, 2, 4);
    expect(arr(out)).toEqual([255, 255, 0, 0, 255, 255, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
  });
  it('unions mask files and checks size and emptiness', () => {
    const img = (g: number[]) => ({ width: 2, height: 2, level: new Uint8Array(g), lossy: false });
    expect(arr(unionMasks([{ path: 'l.png', image: img([255, 0, 0, 0]) }, { path: 'r.png', image: img([0, 0, 0, 200]) }], 2, 2, 'a.png').mask)).toEqual([255, 0, 0, 255]);
    // SCR style: masks at half the image resolution are accepted at their own size
    expect(unionMasks([{ path: 'l.gif', image: img([255, 0, 0, 0]) }], 4, 4, 'j.IMG')).toMatchObject({ width: 2, height: 2 });
    expect(() => unionMasks([{ path: 'l.gif', image: img([255, 0, 0, 0]) }], 4, 6, 'j.IMG')).toThrow(/mask-size|2×2 but its image j.IMG is 4×6/);
    expect(() => unionMasks([{ path: 'l.png', image: img([255, 0, 0, 0]) }, { path: 'r.png', image: { width: 4, height: 4, level: new Uint8Array(16), lossy: false } }], 4, 4, 'a.png')).toThrow(/r.png: mask is 4×4/);
    expect(() => unionMasks([{ path: 'l.png', image: { width: 3, height: 2, level: new Uint8Array(6), lossy: false } }], 2, 2, 'a.png')).toThrow(/l.png: mask is 3×2 but its image a.png is 2×2/);
    expect(() => unionMasks([{ path: 'l.png', image: img([0, 0, 0, 0]) }], 2, 2, 'a.png')).toThrow(/no lung pixels/);
    expect(() => unionMasks([{ path: 'l.jpg', image: { ...img([0, 100, 0, 0]), lossy: true } }], 2, 2, 'a.png')).toThrow(/no lung pixels/);
    expect(arr(unionMasks([{ path: 'l.png', image: img([0, 1, 0, 0]) }], 2, 2, 'a.png').mask)).toEqual([0, 255, 0, 0]);
  });
});

describe('speed', () => {
  it('shrinks a 2048² original to 256² quickly', () => {
    const src = Uint8Array.from({ length: 2048 * 2048 }, (_, i) => i & 255);
    const t0 = performance.now();
    const out = resizeGray(src, 2048, 2048, 256);
    expect(out.length).toBe(256 * 256);
    expect(performance.now() - t0).toBeLessThan(3000);
  });
});
