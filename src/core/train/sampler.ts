// Which images a training step sees, derived only from (seed, stream, step): no sampler state to save, so a
// run resumed from a checkpoint at step k sees exactly the batches the uninterrupted run would have seen.
import * as tf from '@tensorflow/tfjs';
import type { RunConfig, VariantFeatures } from '../config';
import { createRng, type Rng } from '../rng';
import { augmentPair, strongAugment, weakAugment } from '../augment';
import { imagesToTensor, labelsToTensor, masksToTensor, normalizeImages, type Sample, type TrainingSet } from './data';

export type StreamName = 'labeledSeg' | 'unlabeledSeg' | 'labeledCls' | 'unlabeledCls';

/**
 * Indices of `batch` items for `step`, walking through seeded per-epoch permutations of the pool
 * (every image once per pass, like a shuffled DataLoader, then a fresh permutation).
 */
export function sampleIndices(poolSize: number, batch: number, step: number, seed: number, stream: StreamName): number[] {
  if (poolSize <= 0) return [];
  const out: number[] = [];
  let cachedPass = -1;
  let perm: number[] = [];
  for (let j = 0; j < batch; j++) {
    const flat = step * batch + j;
    const pass = Math.floor(flat / poolSize);
    if (pass !== cachedPass) {
      perm = createRng(`${seed}/${stream}/pass/${pass}`).shuffle(Array.from({ length: poolSize }, (_, i) => i));
      cachedPass = pass;
    }
    out.push(perm[flat % poolSize] as number);
  }
  return out;
}

/** Model-ready tensors for one step; every field a stream the variant uses. Dispose with `disposeStepBatch`. */
export interface StepBatch {
  labeledSeg?: { x: tf.Tensor4D; mask: tf.Tensor4D };
  unlabeledSeg?: { x: tf.Tensor4D };
  labeledCls?: { x: tf.Tensor4D; y: tf.Tensor1D };
  /** `withheld`: the labels a budget removed (int32 [M]), present only when every sampled image had one. */
  unlabeledCls?: { weak: tf.Tensor4D; strong: tf.Tensor4D; withheld?: tf.Tensor1D };
}

export function disposeStepBatch(b: StepBatch): void {
  const all: Array<tf.Tensor | undefined> = [
    b.labeledSeg?.x, b.labeledSeg?.mask, b.unlabeledSeg?.x, b.labeledCls?.x, b.labeledCls?.y,
    b.unlabeledCls?.weak, b.unlabeledCls?.strong, b.unlabeledCls?.withheld,
  ];
  for (const t of all) t?.dispose();
}

function pick(pool: readonly Sample[], idx: number[]): Sample[] {
  return idx.map((i) => pool[i] as Sample);
}

/**
 * The pool the KL term compares against: unlabeled segmentation images, or — when a dataset has none —
 * the classification images (also chest X-rays without masks), so the term still has something to act on.
 */
export function unlabeledSegPool(set: TrainingSet): Sample[] {
  return set.unlabeledSeg.length > 0 ? set.unlabeledSeg : [...set.unlabeledCls, ...set.labeledCls];
}

/**
 * Builds the step's minibatches: labeled seg (image+mask, same weak geometric augmentation on both),
 * unlabeled seg (as is), labeled cls (weak view), and weak + strong views of the same unlabeled cls images.
 * Augmentations run on [0,1] images; normalisation comes after, as at test time.
 */
export function buildStepBatch(set: TrainingSet, features: VariantFeatures, config: RunConfig, step: number): StepBatch {
  const M = config.batchSize;
  const S = set.size;
  const seed = config.seed;
  const rng: Rng = createRng(`${seed}/step/${step}/augment`);
  const batch: StepBatch = {};
  // tf.keep marks what survives the tidy; everything intermediate is freed at its end.
  tf.tidy(() => {
    if (features.seg) {
      const ls = pick(set.labeledSeg, sampleIndices(set.labeledSeg.length, M, step, seed, 'labeledSeg'));
      const pair = augmentPair(imagesToTensor(ls, S), masksToTensor(ls, S), rng.fork('labeledSeg'));
      batch.labeledSeg = { x: tf.keep(normalizeImages(pair.image)), mask: tf.keep(pair.mask) };
      if (features.kl) {
        const pool = unlabeledSegPool(set);
        const us = pick(pool, sampleIndices(pool.length, M, step, seed, 'unlabeledSeg'));
        if (us.length > 0) batch.unlabeledSeg = { x: tf.keep(normalizeImages(imagesToTensor(us, S))) };
      }
    }
    if (features.cls) {
      const lc = pick(set.labeledCls, sampleIndices(set.labeledCls.length, M, step, seed, 'labeledCls'));
      const x = weakAugment(imagesToTensor(lc, S), rng.fork('labeledCls'));
      batch.labeledCls = { x: tf.keep(normalizeImages(x)), y: tf.keep(labelsToTensor(lc)) };
      if (features.ssl) {
        const uc = pick(set.unlabeledCls, sampleIndices(set.unlabeledCls.length, M, step, seed, 'unlabeledCls'));
        if (uc.length > 0) {
          const raw = imagesToTensor(uc, S);
          const weak = weakAugment(raw, rng.fork('weak'));
          const strong = strongAugment(raw, rng.fork('strong'), { cutout: config.cutout });
          batch.unlabeledCls = { weak: tf.keep(normalizeImages(weak)), strong: tf.keep(normalizeImages(strong)) };
          if (uc.every((s) => s.withheldLabel !== undefined)) {
            batch.unlabeledCls.withheld = tf.keep(tf.tensor1d(uc.map((s) => s.withheldLabel as number), 'int32'));
          }
        }
      }
    }
  });
  return batch;
}
