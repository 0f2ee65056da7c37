import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import {
  STRONG_OPS,
  applyStrongPlan,
  opValue,
  planStrongAugment,
  strongAugment,
  strongAugmentWithLog,
  type StrongAugmentLog,
} from '../../../src/core/augment';
import { createRng } from '../../../src/core/rng';
import { describeOnBackends, maxAbsDiff, randomBatch } from './helpers';

it('exports the op list the UI shows', () => {
  expect(STRONG_OPS).toEqual([
    'autocontrast', 'brightness', 'contrast', 'equalize', 'posterize', 'rotate', 'sharpness',
    'shearX', 'shearY', 'solarize', 'translateX', 'translateY',
  ]);
});

it('maps magnitudes to FixMatch ranges', () => {
  expect(opValue('brightness', 10, 1, 64)).toBeCloseTo(1.95, 10);
  expect(opValue('contrast', 10, -1, 64)).toBeCloseTo(0.05, 10);
  expect(opValue('sharpness', 0, -1, 64)).toBe(1);
  expect(opValue('rotate', 5, -1, 64)).toBe(-15);
  expect(opValue('shearY', 10, 1, 64)).toBeCloseTo(0.3, 10);
  expect(opValue('translateX', 10, -1, 100)).toBe(-30);
  expect(opValue('posterize', 0, 1, 64)).toBe(8);
  expect(opValue('posterize', 10, 1, 64)).toBe(4);
  expect(opValue('solarize', 10, 1, 64)).toBe(0);
  expect(opValue('solarize', 0, 1, 64)).toBeGreaterThan(1); // nothing inverted
});

it('plans n ops per image with magnitudes in [0, magnitude], every op reachable, and validates options', () => {
  const plans = planStrongAugment(300, 32, 32, createRng(1), { n: 3, magnitude: 6 });
  expect(plans.every((p) => p.ops.length === 3 && p.cutout !== null && p.weak !== null)).toBe(true);
  const ops = plans.flatMap((p) => p.ops);
  expect(ops.every((o) => o.magnitude >= 0 && o.magnitude <= 6)).toBe(true);
  expect(new Set(ops.map((o) => o.op)).size).toBe(STRONG_OPS.length);
  expect(plans.every((p) => p.cutout!.size === 16)).toBe(true);
  const bare = planStrongAugment(2, 32, 32, createRng(1), { cutout: false, weak: false });
  expect(bare.every((p) => p.cutout === null && p.weak === null && p.ops.length === 2)).toBe(true);
  expect(() => planStrongAugment(1, 8, 8, createRng(1), { magnitude: 11 })).toThrow(/magnitude/);
  expect(() => planStrongAugment(1, 8, 8, createRng(1), { n: 1.5 })).toThrow(/n must be/);
});

/** A plan giving image b the op `ops[b % ops.length]` at magnitude 7, with no weak step and no cutout. */
function forcedPlan(batch: number, side: number, steps: number): StrongAugmentLog[] {
  return Array.from({ length: batch }, (_, b) => ({
    weak: null,
    cutout: null,
    ops: Array.from({ length: steps }, (_, k) => {
      const op = STRONG_OPS[(b + 5 * k) % STRONG_OPS.length]!;
      return { op, magnitude: 7, value: opValue(op, 7, b % 2 === 0 ? 1 : -1, side) };
    }),
  }));
}

describeOnBackends('strong augmentation', () => {
  it('same seed → identical output, different seed → different; shape, dtype, range preserved', () => {
    const x = randomBatch(6, 16, 3);
    const [a, b, c] = tf.tidy(() => [5, 5, 6].map((s) => Array.from(strongAugment(x, createRng(s)).dataSync())));
    expect(a).toEqual(b);
    expect(maxAbsDiff(a!, c!)).toBeGreaterThan(0.05);
    const out = strongAugment(x, createRng(5), { n: 4 });
    expect(out.shape).toEqual([6, 16, 16, 1]);
    expect(out.dtype).toBe('float32');
    const v = out.dataSync();
    expect(v.every((p) => Number.isFinite(p) && p >= 0 && p <= 1)).toBe(true);
    tf.dispose([x, out]);
  });

  it('batched-by-op application equals applying each image on its own', () => {
    // 24 images, 2 steps: every op appears in both steps, grouped with others; the reassembled batch must put
    // each image back in its place with its own parameters.
    const x = randomBatch(24, 16, 4);
    const plan = forcedPlan(24, 16, 2);
    const batched = tf.tidy(() => applyStrongPlan(x, plan).dataSync());
    for (let b = 0; b < 24; b++) {
      const single = tf.tidy(() => applyStrongPlan(tf.slice(x, [b, 0, 0, 0], [1, 16, 16, 1]) as tf.Tensor4D, [plan[b]!]).dataSync());
      expect(maxAbsDiff(batched.slice(b * 256, (b + 1) * 256), single), `image ${b}`).toBeLessThan(1e-6);
    }
    x.dispose();
  });

  it('the log replays exactly and matches the drawn plan', () => {
    const x = randomBatch(4, 16, 8);
    const { images, log } = strongAugmentWithLog(x, createRng(12), { n: 2, magnitude: 9 });
    expect(log).toEqual(planStrongAugment(4, 16, 16, createRng(12), { n: 2, magnitude: 9 }));
    const replay = applyStrongPlan(x, log);
    expect(Array.from(replay.dataSync())).toEqual(Array.from(images.dataSync()));
    tf.dispose([x, images, replay]);
  });

  it('cutout leaves its square filled with 0.5', () => {
    const x = randomBatch(3, 16, 6);
    const { images, log } = strongAugmentWithLog(x, createRng(2), { n: 1 });
    const out = images.arraySync() as number[][][][];
    log.forEach((entry, b) => {
      const box = entry.cutout!;
      const r0 = Math.max(0, Math.floor(box.centerRow - 4));
      const c0 = Math.max(0, Math.floor(box.centerCol - 4));
      const r1 = Math.min(16, Math.floor(box.centerRow - 4) + 8);
      const c1 = Math.min(16, Math.floor(box.centerCol - 4) + 8);
      expect(r1 - r0).toBeGreaterThan(0);
      for (let r = r0; r < r1; r++) for (let c = c0; c < c1; c++) expect(out[b]![r]![c]![0]).toBe(0.5);
    });
    tf.dispose([x, images]);
  });

  it('n = 0 without weak step and cutout returns an equal but separate tensor', () => {
    const x = randomBatch(2, 8, 1);
    const out = strongAugment(x, createRng(1), { n: 0, cutout: false, weak: false });
    expect(out).not.toBe(x);
    expect(Array.from(out.dataSync())).toEqual(Array.from(x.dataSync()));
    out.dispose();
    expect(x.isDisposed).toBe(false);
    x.dispose();
  });

  it('tensor count does not grow across repeated calls (every op, with and without cutout)', () => {
    const x = randomBatch(12, 16, 1);
    const plan = forcedPlan(12, 16, 3);
    applyStrongPlan(x, plan).dispose();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 4; i++) {
      applyStrongPlan(x, plan).dispose();
      strongAugment(x, createRng(i), { cutout: i % 2 === 0 }).dispose();
      const { images } = strongAugmentWithLog(x, createRng(i), { n: 3 });
      images.dispose();
    }
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
  });
});
