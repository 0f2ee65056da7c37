import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import {
  IDENTITY_MATRIX,
  rotate,
  shearX,
  shearY,
  translateX,
  translateY,
  warpAffine,
} from '../../../src/core/augment';
import { batchOf, describeOnBackends, imageFrom, imagesOf } from './helpers';

const A = imageFrom(5, 5, (r, c) => (5 * r + c) / 24);

function expectImageClose(actual: number[][], expected: number[][], digits = 5): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((row, r) => row.forEach((v, c) => expect(v, `pixel ${r},${c}`).toBeCloseTo(expected[r]![c]!, digits)));
}

describeOnBackends('geometric ops', () => {
  it('rotate by +90° equals transpose then row flip (counter-clockwise), −90° the other way, per image', () => {
    const [ccw, cw, same] = tf.tidy(() => imagesOf(rotate(batchOf([A, A, A]), [90, -90, 0])));
    // Counter-clockwise: out[r][c] = A[c][S−1−r] (the top row becomes the left column, read bottom-up).
    expectImageClose(ccw!, imageFrom(5, 5, (r, c) => A[c]![4 - r]!));
    expectImageClose(cw!, imageFrom(5, 5, (r, c) => A[4 - c]![r]!));
    expectImageClose(same!, A);
  });

  it('rotate by 45° keeps the centre and blends corners with the black fill (bilinear)', () => {
    const ones = imageFrom(5, 5, () => 1);
    const [out] = tf.tidy(() => imagesOf(rotate(batchOf([ones]), 45)));
    expect(out![2]![2]).toBeCloseTo(1, 6);
    // Corner (0,0) samples the input at (2, 2 − 2√2) = (2, −0.828): the fill row −1 gets weight 0.828 and
    // row 0 (all ones) weight 1 − 0.828, so the value is 3 − 2√2 = 0.1716. Same for the opposite corner.
    expect(out![0]![0]).toBeCloseTo(3 - 2 * Math.SQRT2, 5);
    expect(out![4]![4]).toBeCloseTo(3 - 2 * Math.SQRT2, 5);
  });

  it('translateX / translateY move whole pixels and fill with 0', () => {
    const img = [
      [0.1, 0.2, 0.3, 0.4],
      [0.5, 0.6, 0.7, 0.8],
      [0.9, 1.0, 0.0, 0.2],
    ];
    const [right1, left2] = tf.tidy(() => imagesOf(translateX(batchOf([img, img]), [1, -2])));
    expectImageClose(right1!, [[0, 0.1, 0.2, 0.3], [0, 0.5, 0.6, 0.7], [0, 0.9, 1.0, 0.0]], 6);
    expectImageClose(left2!, [[0.3, 0.4, 0, 0], [0.7, 0.8, 0, 0], [0.0, 0.2, 0, 0]], 6);
    const [down1] = tf.tidy(() => imagesOf(translateY(batchOf([img]), 1)));
    expectImageClose(down1!, [[0, 0, 0, 0], [0.1, 0.2, 0.3, 0.4], [0.5, 0.6, 0.7, 0.8]], 6);
  });

  it('shearX by 1 shifts each row by its distance from the centre row; shearY the columns', () => {
    const img = [
      [0.1, 0.2, 0.3],
      [0.4, 0.5, 0.6],
      [0.7, 0.8, 0.9],
    ];
    // input x = x + 1·(y − 1): row 0 reads one column to the left, row 2 one to the right.
    const [sx] = tf.tidy(() => imagesOf(shearX(batchOf([img]), 1)));
    expectImageClose(sx!, [[0, 0.1, 0.2], [0.4, 0.5, 0.6], [0.8, 0.9, 0]], 6);
    const [sy] = tf.tidy(() => imagesOf(shearY(batchOf([img]), 1)));
    expectImageClose(sy!, [[0, 0.2, 0.6], [0.1, 0.5, 0.9], [0.4, 0.8, 0]], 6);
    // Half a pixel: row 0 samples x − 0.5, i.e. the mean of two neighbours (the fill 0 left of column 0).
    const [half] = tf.tidy(() => imagesOf(shearX(batchOf([img]), 0.5)));
    expectImageClose(half!, [[0.05, 0.15, 0.25], [0.4, 0.5, 0.6], [0.75, 0.85, 0.45]], 6);
  });

  it('warpAffine nearest copies pixels and honours fillValue', () => {
    const [out] = tf.tidy(() =>
      imagesOf(warpAffine(batchOf([A]), [[1, 0, 0.6, 0, 1, -0.4]], { interpolation: 'nearest', fillValue: 0.25 })),
    );
    // input (x + 0.6, y − 0.4) rounds to (x + 1, y): a one-column shift left, the last column filled.
    expectImageClose(out!, imageFrom(5, 5, (r, c) => (c === 4 ? 0.25 : A[r]![c + 1]!)), 6);
    // Bilinear, half a pixel to the right: each pixel averages itself and its left neighbour; column 0 blends
    // with the fill.
    const [half] = tf.tidy(() => imagesOf(warpAffine(batchOf([A]), [[1, 0, -0.5, 0, 1, 0]], { fillValue: 0.25 })));
    expectImageClose(half!, imageFrom(5, 5, (r, c) => 0.5 * A[r]![c]! + 0.5 * (c === 0 ? 0.25 : A[r]![c - 1]!)), 6);
    const [id] = tf.tidy(() => imagesOf(warpAffine(batchOf([A]), [IDENTITY_MATRIX])));
    expectImageClose(id!, A, 6);
  });

  it('applies a different parameter to every image of the batch (not just the first)', () => {
    const out = tf.tidy(() => imagesOf(translateX(batchOf([A, A, A]), [0, 1, 2])));
    out.forEach((img, b) => expectImageClose(img, imageFrom(5, 5, (r, c) => (c < b ? 0 : A[r]![c - b]!)), 6));
  });
});
