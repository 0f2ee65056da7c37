import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import { equalize } from '../../../src/core/augment';
import { batchOf, describeOnBackends, imageFrom, imagesOf, randomBatch } from './helpers';

/** torchvision's tensor equalize on one image of 8-bit levels, written out in plain JS. */
function referenceEqualize(levels: number[]): number[] {
  const hist = new Array<number>(256).fill(0);
  for (const v of levels) hist[v]! += 1;
  const nonzero = hist.filter((h) => h > 0);
  const step = Math.floor(nonzero.slice(0, -1).reduce((a, b) => a + b, 0) / 255);
  if (step === 0) return levels;
  const lut: number[] = [0];
  let cum = 0;
  for (let i = 0; i < 255; i++) {
    cum += hist[i]!;
    lut.push(Math.min(255, Math.floor((cum + Math.floor(step / 2)) / step)));
  }
  return levels.map((v) => lut[v]!);
}

describeOnBackends('equalize', () => {
  it('gives the hand-computed mapping, per image', () => {
    // Image A (32×32): 512 px at level 0, 256 at 100, 256 at 200. step = (1024 − 256) // 255 = 3;
    //   lut[0] = 1 // 3 = 0, lut[100] = (512 + 1) // 3 = 171, lut[200] = min(255, (768 + 1) // 3) = 255.
    // Image B: 1000 px at level 10, 24 at level 20. step = 1000 // 255 = 3; lut[10] = 0, lut[20] = 255.
    const a = imageFrom(32, 32, (r) => (r < 16 ? 0 : r < 24 ? 100 / 255 : 200 / 255));
    const b = imageFrom(32, 32, (r, c) => (r * 32 + c < 1000 ? 10 / 255 : 20 / 255));
    const [outA, outB] = tf.tidy(() => imagesOf(equalize(batchOf([a, b]))));
    const mapA = new Map([[0, 0], [100, 171], [200, 255]]);
    outA!.forEach((row, r) => row.forEach((v, c) => expect(v * 255).toBeCloseTo(mapA.get(Math.round(a[r]![c]! * 255))!, 3)));
    outB!.forEach((row, r) => row.forEach((v, c) => expect(v * 255).toBeCloseTo(r * 32 + c < 1000 ? 0 : 255, 3)));
  });

  it('leaves images it cannot spread (constant, or too few pixels) exactly as they are', () => {
    const flat = imageFrom(32, 32, () => 0.3337);
    const tiny = imageFrom(4, 4, (r, c) => (r * 4 + c) / 15);
    const [outFlat] = tf.tidy(() => imagesOf(equalize(batchOf([flat]))));
    const [outTiny] = tf.tidy(() => imagesOf(equalize(batchOf([tiny]))));
    expect(outFlat!.flat().every((v) => Math.abs(v - 0.3337) < 1e-7)).toBe(true);
    expect(outTiny!.flat().map((v) => v.toFixed(6))).toEqual(tiny.flat().map((v) => v.toFixed(6)));
  });

  it('matches a plain-JS port of torchvision equalize on random images', () => {
    const x = randomBatch(3, 32, 7);
    const levels = Array.from(x.dataSync(), (v) => Math.floor(Math.min(1, Math.max(0, v)) * 255 + 0.5));
    const out = tf.tidy(() => Array.from(equalize(x).dataSync()));
    x.dispose();
    const per = 32 * 32;
    for (let b = 0; b < 3; b++) {
      const input = levels.slice(b * per, (b + 1) * per);
      const expected = referenceEqualize(input);
      const got = out.slice(b * per, (b + 1) * per).map((v) => Math.round(v * 255));
      expect(got).toEqual(expected);
      // Equalisation must actually change and spread these images, or the comparison above proves little.
      expect(expected).not.toEqual(input);
      expect(Math.max(...got) - Math.min(...got)).toBeGreaterThan(200);
    }
  });
});
