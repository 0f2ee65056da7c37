// The in-memory training data the loop consumes, and turning samples into model-ready tensors.
// Samples are already at the model's input size (the runner / worker resizes once, up front), so a step only
// copies bytes into tensors. Normalisation lives here and nowhere else, so train, validation, test and the
// viewer all feed the model exactly the same way.
import * as tf from '@tensorflow/tfjs';

/** One grayscale image at the model size, optionally with a class label and/or a lung mask. */
export interface Sample {
  /** size×size 8-bit gray, row-major. */
  pixels: Uint8Array;
  /** 0 = normal, 1 = pneumonia. */
  label?: 0 | 1;
  /** size×size, 0 = background, anything > 0 = lung. */
  mask?: Uint8Array;
  /** Where it came from (file name, dataset key): carried into per-image results. */
  id?: string;
  /**
   * The class label a label budget took away from an unlabeled image, kept aside ONLY to measure how often
   * FixMatch's pseudo-labels are right (issue 10, item 6). No loss reads it.
   */
  withheldLabel?: 0 | 1;
}

/**
 * The streams one MultiMix step samples from (paper, Sec. 2.3), plus held-out sets. A variant only uses the
 * streams it needs: `unet` ignores the classification pools, `enc` the segmentation ones.
 */
export interface TrainingSet {
  size: number;
  labeledSeg: Sample[];
  unlabeledSeg: Sample[];
  labeledCls: Sample[];
  unlabeledCls: Sample[];
  valSeg: Sample[];
  valCls: Sample[];
}

export interface EvaluationSet {
  size: number;
  seg: Sample[];
  cls: Sample[];
}

/** Stacks samples into a [B,S,S,1] float tensor with values in [0,1] (augmentations work on this range). */
export function imagesToTensor(samples: readonly Sample[], size: number): tf.Tensor4D {
  const plane = size * size;
  const buf = new Float32Array(samples.length * plane);
  samples.forEach((s, b) => {
    if (s.pixels.length !== plane) {
      throw new Error(`sample ${s.id ?? b} has ${s.pixels.length} pixels, expected ${size}×${size} = ${plane}`);
    }
    const off = b * plane;
    for (let i = 0; i < plane; i++) buf[off + i] = (s.pixels[i] as number) / 255;
  });
  return tf.tensor4d(buf, [samples.length, size, size, 1]);
}

/** Stacks masks into a [B,S,S,1] float tensor of 0/1. Throws naming the sample that has no mask. */
export function masksToTensor(samples: readonly Sample[], size: number): tf.Tensor4D {
  const plane = size * size;
  const buf = new Float32Array(samples.length * plane);
  samples.forEach((s, b) => {
    if (!s.mask) throw new Error(`sample ${s.id ?? b} has no mask but was used as labeled segmentation data`);
    if (s.mask.length !== plane) {
      throw new Error(`mask of sample ${s.id ?? b} has ${s.mask.length} pixels, expected ${plane}`);
    }
    const off = b * plane;
    for (let i = 0; i < plane; i++) buf[off + i] = (s.mask[i] as number) > 0 ? 1 : 0;
  });
  return tf.tensor4d(buf, [samples.length, size, size, 1]);
}

export function labelsToTensor(samples: readonly Sample[]): tf.Tensor1D {
  return tf.tensor1d(
    samples.map((s, b) => {
      if (s.label !== 0 && s.label !== 1) {
        throw new Error(`sample ${s.id ?? b} has no class label but was used as labeled classification data`);
      }
      return s.label;
    }),
    'int32',
  );
}

/**
 * Per-image standardisation (zero mean, unit variance): X-rays from different scanners and crops differ
 * wildly in exposure, and per-image z-scoring removes most of that before the network sees it.
 * Input [B,S,S,1] in [0,1]; the epsilon keeps blank images finite.
 */
export function normalizeImages(x01: tf.Tensor4D): tf.Tensor4D {
  return tf.tidy(() => {
    const { mean, variance } = tf.moments(x01, [1, 2, 3], true);
    return x01.sub(mean).div(variance.add(1e-6).sqrt()) as tf.Tensor4D;
  });
}

/** The exact input the model gets at evaluation/inference time: stack, scale to [0,1], standardise. */
export function modelInput(samples: readonly Sample[], size: number): tf.Tensor4D {
  return tf.tidy(() => normalizeImages(imagesToTensor(samples, size)));
}

/** Nothing to train on is a configuration mistake worth a specific message. */
export function checkTrainingSet(set: TrainingSet, needs: { seg: boolean; cls: boolean; ssl: boolean }): string[] {
  const problems: string[] = [];
  if (needs.seg && set.labeledSeg.length === 0) {
    problems.push('this variant segments, but there are no labeled segmentation images (image + mask)');
  }
  if (needs.cls && set.labeledCls.length === 0) {
    problems.push('this variant classifies, but there are no labeled classification images');
  }
  if (needs.ssl && set.unlabeledCls.length === 0) {
    problems.push('this variant is semi-supervised, but there are no unlabeled classification images');
  }
  return problems;
}
