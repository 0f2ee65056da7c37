import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import {
  applySeparableRemap,
  augmentPair,
  flipHorizontal,
  planWeakAugment,
  reflectIndex,
  weakAugment,
  weakRemap,
} from '../../../src/core/augment';
import { createRng } from '../../../src/core/rng';
import { batchOf, describeOnBackends, imageFrom, imagesOf, maxAbsDiff, randomBatch } from './helpers';

// A[r][c] = 4r + c, kept in [0,1] by /15.
const A = imageFrom(4, 4, (r, c) => (4 * r + c) / 15);
const levels = (img: number[][]) => img.map((row) => row.map((v) => Math.round(v * 15)));

it('reflectIndex mirrors without repeating the edge (tf.pad REFLECT)', () => {
  expect([-3, -2, -1, 0, 1, 2, 3, 4, 5, 6].map((i) => reflectIndex(i, 4))).toEqual([3, 2, 1, 0, 1, 2, 3, 2, 1, 0]);
  expect(reflectIndex(-5, 1)).toBe(0);
});

it('planWeakAugment draws shifts within ±12.5% of the side and flips about half the images', () => {
  const plan = planWeakAugment(400, 32, 32, createRng(3));
  expect(plan.every((p) => Math.abs(p.dx) <= 4 && Math.abs(p.dy) <= 4)).toBe(true);
  expect(new Set(plan.map((p) => p.dx)).size).toBe(9);
  const flips = plan.filter((p) => p.flip).length;
  expect(flips).toBeGreaterThan(150);
  expect(flips).toBeLessThan(250);
  const noFlip = planWeakAugment(400, 32, 32, createRng(3), { flip: false });
  expect(noFlip.some((p) => p.flip)).toBe(false);
  // Same shifts whether or not flipping is on: the draw sequence does not depend on the option.
  expect(noFlip.map((p) => [p.dy, p.dx])).toEqual(plan.map((p) => [p.dy, p.dx]));
});

describeOnBackends('weak augmentation', () => {
  it('flip + shift with reflection gives the hand-computed pixels', () => {
    // flip, content down 1 and left 2: rows read [1,0,1,2]; columns read reflect(j+2) = [2,3,2,1], flipped
    // to 3 − c = [1,0,1,2]. Output = A[row][col] = 4·row + col.
    const remap = weakRemap([{ flip: true, dy: 1, dx: -2 }, { flip: false, dy: 0, dx: 1 }], 4, 4);
    const [a, b] = tf.tidy(() => imagesOf(applySeparableRemap(batchOf([A, A]), remap)));
    expect(levels(a!)).toEqual([
      [5, 4, 5, 6],
      [1, 0, 1, 2],
      [5, 4, 5, 6],
      [9, 8, 9, 10],
    ]);
    // No flip, content right 1: columns read reflect(j − 1) = [1,0,1,2].
    expect(levels(b!)).toEqual([
      [1, 0, 1, 2],
      [5, 4, 5, 6],
      [9, 8, 9, 10],
      [13, 12, 13, 14],
    ]);
  });

  it('flipHorizontal mirrors only the flagged images', () => {
    const [f, same] = tf.tidy(() => imagesOf(flipHorizontal(batchOf([A, A]), [true, false])));
    expect(levels(f!)).toEqual(levels(A).map((row) => row.slice().reverse()));
    expect(levels(same!)).toEqual(levels(A));
  });

  it('same seed → identical output, different seed → different; shape, dtype and values preserved', () => {
    const x = randomBatch(6, 16, 5);
    const [a, b, c] = tf.tidy(() => [1, 1, 2].map((seed) => Array.from(weakAugment(x, createRng(seed)).dataSync())));
    const out = weakAugment(x, createRng(1));
    expect(out.shape).toEqual([6, 16, 16, 1]);
    expect(out.dtype).toBe('float32');
    out.dispose();
    expect(a).toEqual(b);
    expect(maxAbsDiff(a!, c!)).toBeGreaterThan(0.01);
    // Pure pixel copies: every output value is one of its input image's values.
    const input = x.dataSync();
    for (let i = 0; i < 6; i++) {
      const own = new Set(Array.from(input.slice(i * 256, (i + 1) * 256)));
      expect(a!.slice(i * 256, (i + 1) * 256).every((v) => own.has(v))).toBe(true);
    }
    x.dispose();
  });

  it('per-image parameters differ within a batch', () => {
    // Six copies of one image: a shared draw would give six identical outputs.
    const one = imageFrom(16, 16, (r, c) => (r * 16 + c) / 255);
    const out = tf.tidy(() => imagesOf(weakAugment(batchOf([one, one, one, one, one, one]), createRng(11))));
    expect(new Set(out.map((img) => JSON.stringify(img))).size).toBeGreaterThan(3);
  });

  it('augmentPair moves image and mask identically and keeps the mask binary', () => {
    const x = randomBatch(5, 16, 9);
    const mask = tf.tidy(() => tf.cast(tf.greater(x, 0.5), 'float32') as tf.Tensor4D);
    const pair = augmentPair(x, mask, createRng(4));
    const img = pair.image.dataSync();
    const m = pair.mask.dataSync();
    expect(pair.mask.shape).toEqual([5, 16, 16, 1]);
    // Mask was image > 0.5 before; the same pixel permutation keeps that true after.
    for (let i = 0; i < m.length; i++) expect(m[i]).toBe(img[i]! > 0.5 ? 1 : 0);
    // And the image did move (otherwise alignment would be trivial).
    expect(maxAbsDiff(img, x.dataSync())).toBeGreaterThan(0.01);
    tf.dispose([x, mask, pair.image, pair.mask]);
  });

  it('augmentPair uses the same parameters as weakAugment for the same seed', () => {
    const x = randomBatch(3, 16, 2);
    const mask = tf.zerosLike(x) as tf.Tensor4D;
    const pair = augmentPair(x, mask, createRng(8));
    const weak = weakAugment(x, createRng(8));
    expect(Array.from(pair.image.dataSync())).toEqual(Array.from(weak.dataSync()));
    tf.dispose([x, mask, pair.image, pair.mask, weak]);
  });

  it('tensor count does not grow across repeated calls', () => {
    const x = randomBatch(4, 16, 1);
    const mask = tf.zerosLike(x) as tf.Tensor4D;
    const rng = createRng(0);
    weakAugment(x, rng).dispose(); // warm-up: backends may allocate lasting helpers on first use
    const before = tf.memory().numTensors;
    for (let i = 0; i < 5; i++) {
      weakAugment(x, rng, { flip: i % 2 === 0 }).dispose();
      const p = augmentPair(x, mask, rng);
      tf.dispose([p.image, p.mask]);
    }
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, mask]);
  });
});
