import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import {
  autocontrast,
  brightness,
  contrast,
  cutout,
  posterize,
  sharpness,
  solarize,
} from '../../../src/core/augment';
import { batchOf, describeOnBackends, imagesOf } from './helpers';

function expectImagesClose(actual: number[][][], expected: number[][][], digits = 5): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((img, b) =>
    img.forEach((row, r) => row.forEach((v, c) => expect(v, `pixel ${b},${r},${c}`).toBeCloseTo(expected[b]![r]![c]!, digits))),
  );
}

/** Runs `op` on a fresh batch and returns its pixels, disposing everything. */
function run(images: number[][][], op: (x: tf.Tensor4D) => tf.Tensor4D): number[][][] {
  return tf.tidy(() => imagesOf(op(batchOf(images))));
}

describeOnBackends('intensity ops', () => {
  it('autocontrast maps each image min to 0 and max to 1, leaves a flat image alone', () => {
    const out = run(
      [
        [[0.2, 0.4], [0.6, 0.3]],
        [[0.3, 0.3], [0.3, 0.3]],
      ],
      autocontrast,
    );
    expectImagesClose(out, [
      [[0, 0.5], [1, 0.25]],
      [[0.3, 0.3], [0.3, 0.3]],
    ]);
  });

  it('brightness multiplies per image and clips at 1', () => {
    const out = run([[[0.2, 0.8]], [[0.2, 0.8]]], (x) => brightness(x, [0.5, 1.5]));
    expectImagesClose(out, [[[0.1, 0.4]], [[0.3, 1]]]);
  });

  it('contrast scales around each image mean', () => {
    // mean 0.4: factor 2 pushes 0.2 → 0 and 0.6 → 0.8; factor 0 gives the flat mean.
    const out = run([[[0.2, 0.6]], [[0.2, 0.6]]], (x) => contrast(x, [2, 0]));
    expectImagesClose(out, [[[0, 0.8]], [[0.4, 0.4]]]);
  });

  it('sharpness blends with the 1-1-1/1-5-1/1-1-1 smoothing and keeps the border', () => {
    const img = [
      [0.2, 0.2, 0.2],
      [0.2, 0.5, 0.2],
      [0.2, 0.2, 0.2],
    ];
    const smooth = (8 * 0.2 + 5 * 0.5) / 13; // 0.315385
    const out = run([img, img, img], (x) => sharpness(x, [0, 1, 2]));
    const withCentre = (v: number) => img.map((row, r) => row.map((p, c) => (r === 1 && c === 1 ? v : p)));
    expectImagesClose(out, [withCentre(smooth), img, withCentre(smooth + 2 * (0.5 - smooth))]);
  });

  it('posterize keeps the top bits of the 8-bit level', () => {
    const row = [0, 0.5, 100 / 255, 1];
    const out = run([[row], [row], [row]], (x) => posterize(x, [4, 1, 8]));
    // levels 0, 128, 100, 255 → &0xF0 = 0,128,96,240; &0x80 = 0,128,0,128; 8 bits unchanged.
    expectImagesClose(out, [[[0, 128 / 255, 96 / 255, 240 / 255]], [[0, 128 / 255, 0, 128 / 255]], [[0, 128 / 255, 100 / 255, 1]]], 6);
    expect(() => posterize(batchOf([[row]]), 0)).toThrow(/bits/);
  });

  it('solarize inverts pixels at or above the threshold', () => {
    const row = [0.1, 0.4, 0.7, 1];
    const out = run([[row], [row], [row]], (x) => solarize(x, [0.4, 256 / 255, 0]));
    expectImagesClose(out, [[[0.1, 0.6, 0.3, 0]], [row], [[0.9, 0.6, 0.3, 0]]]);
  });

  it('cutout fills each box with 0.5, clipped at the border', () => {
    const img = [
      [0, 0, 0, 0],
      [0, 0, 0, 0],
      [0, 0, 0, 0],
    ];
    const out = run([img, img, img], (x) =>
      cutout(x, [{ centerRow: 1, centerCol: 2, size: 2 }, { centerRow: 0, centerCol: 0, size: 2 }, null]),
    );
    const g = 0.5;
    // Box 1: rows floor(1 − 1) = 0 .. 0 + 2, columns 1 .. 3. Box 2 would span −1 .. 1: only (0,0) is inside.
    expectImagesClose(out, [
      [[0, g, g, 0], [0, g, g, 0], [0, 0, 0, 0]],
      [[g, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0]],
      img,
    ]);
  });

  it('rejects a wrong number of per-image values and non-image shapes', () => {
    const x = batchOf([[[0.5]], [[0.5]]]);
    expect(() => brightness(x, [1, 1, 1])).toThrow(/3 per-image values for a batch of 2/);
    expect(() => autocontrast(tf.zeros([2, 2, 2, 3]) as tf.Tensor4D)).toThrow(/\[B,H,W,1\]/);
    x.dispose();
  });
});
