// The same seed must give the same augmented batch on every backend (a run resumed on another backend sees
// the same data), and a paper-sized batch must stay cheap.
import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import { useNodeBackend } from '../../../src/cli/node-backend';
import {
  STRONG_OPS,
  applyStrongPlan,
  augmentPair,
  opValue,
  strongAugment,
  weakAugment,
  type StrongAugmentLog,
} from '../../../src/core/augment';
import { createRng } from '../../../src/core/rng';
import { BACKENDS, maxAbsDiff, randomBatch } from './helpers';

/** Everything the module produces for one fixed input and seed, read back to JS. */
function augmentEverything(): Record<string, Float32Array> {
  const x = randomBatch(12, 24, 21);
  const mask = tf.tidy(() => tf.cast(tf.greater(x, 0.45), 'float32') as tf.Tensor4D);
  // Each op at magnitude 8 on its own image, so every op is compared, not just the ones a seed happens to draw.
  const plan: StrongAugmentLog[] = STRONG_OPS.map((op, b) => ({
    weak: null,
    cutout: null,
    ops: [{ op, magnitude: 8, value: opValue(op, 8, b % 2 === 0 ? 1 : -1, 24) }],
  }));
  const out = tf.tidy(() => {
    const pair = augmentPair(x, mask, createRng(1));
    return {
      weak: weakAugment(x, createRng(2)).dataSync() as Float32Array,
      strong: strongAugment(x, createRng(3), { n: 3 }).dataSync() as Float32Array,
      perOp: applyStrongPlan(x, plan).dataSync() as Float32Array,
      pairImage: pair.image.dataSync() as Float32Array,
      pairMask: pair.mask.dataSync() as Float32Array,
    };
  });
  tf.dispose([x, mask]);
  return out;
}

it('cpu and wasm give the same augmentations for the same seed', async () => {
  const results: Record<string, Record<string, Float32Array>> = {};
  for (const backend of BACKENDS) {
    await useNodeBackend(backend);
    results[backend] = augmentEverything();
  }
  const [first, second] = BACKENDS.map((b) => results[b]!);
  for (const key of Object.keys(first!)) {
    expect(maxAbsDiff(first![key]!, second![key]!), key).toBeLessThan(1e-5);
  }
});

it('smoke: weak + strong of B=10 at 128 px on cpu stays well under 5 s', async () => {
  await useNodeBackend('cpu');
  const x = randomBatch(10, 128, 1);
  const start = performance.now();
  const weak = weakAugment(x, createRng(1));
  const strong = strongAugment(x, createRng(2));
  const values = strong.dataSync();
  const ms = performance.now() - start;
  expect(strong.shape).toEqual([10, 128, 128, 1]);
  expect(values.every((v) => v >= 0 && v <= 1)).toBe(true);
  expect(ms).toBeLessThan(5000);
  tf.dispose([x, weak, strong]);
});
