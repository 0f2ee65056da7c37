// The MultiMix forward pass as plain functions over named parameters: encoder, classification head, decoder
// with the saliency bridge. No state here; MultiMixModel owns the variables and calls these.
import * as tf from '@tensorflow/tfjs';
import type { Rng } from '../rng';
import {
  conv1x1,
  conv3x3Parts,
  conv3x3Reference,
  dense,
  instanceNormLeakyRelu,
  instanceNormLeakyReluReference,
  maxPool2x2,
  maxPool2x2Reference,
  resizeBilinearConstant,
  seededDropout,
  seededDropoutReference,
  upsampleBilinear2x,
  upsampleBilinear2xReference,
} from './layers';

export const LEAKY_RELU_SLOPE = 0.2;

export type ParamLookup = (name: string) => tf.Tensor;

interface LayerSet {
  /** The 3x3 conv of the channel concatenation of `parts` (one part: the plain conv). */
  conv: (parts: tf.Tensor4D[], w: tf.Tensor4D, filterGrad: boolean) => tf.Tensor4D;
  normAct: (x: tf.Tensor4D, gamma: tf.Tensor1D, beta: tf.Tensor1D, slope: number) => tf.Tensor4D;
  dropout: (x: tf.Tensor4D, rate: number, seed: number, rowOffset: number) => tf.Tensor4D;
  pool: (x: tf.Tensor4D) => tf.Tensor4D;
  upsample: (x: tf.Tensor4D) => tf.Tensor4D;
}

/** Hand-written gradients: trainable on wasm, lean on memory. Used for training and inference. */
const FAST_LAYERS: LayerSet = {
  conv: (parts, w, filterGrad) => conv3x3Parts(parts, w, { filterGrad }),
  normAct: instanceNormLeakyRelu,
  dropout: seededDropout,
  pool: maxPool2x2,
  upsample: upsampleBilinear2x,
};

/** The same functions by tfjs autodiff (not trainable on wasm): the whole-model reference for tests. */
const REFERENCE_LAYERS: LayerSet = {
  conv: (parts, w) => conv3x3Reference(parts.length === 1 ? (parts[0] as tf.Tensor4D) : tf.concat(parts, 3), w),
  normAct: instanceNormLeakyReluReference,
  dropout: seededDropoutReference,
  pool: maxPool2x2Reference,
  upsample: upsampleBilinear2xReference,
};

export interface PassOptions {
  /** Dropout on; requires `rng` when the dropout rate is > 0. */
  training: boolean;
  dropout: number;
  rng?: Rng;
  /** false for the saliency pass: only ∂/∂input is needed, so convs may skip their filter gradients. */
  filterGrad: boolean;
  /** Plain-autodiff layers instead of the hand-written gradients (tests only). */
  reference?: boolean;
  /** Index of the input's first image in the whole step batch (dropout masks are per image; see dropout.ts). */
  rowOffset?: number;
}

const layersFor = (o: PassOptions): LayerSet => (o.reference ? REFERENCE_LAYERS : FAST_LAYERS);

/**
 * conv3x3 → InstanceNorm → LeakyReLU, twice, then dropout (training only). `x` may be given as the parts of a
 * channel concatenation (decoder: [upsampled, skip(, bridge)]), which the first conv takes without concatenating.
 */
export function convBlock(x: tf.Tensor4D | tf.Tensor4D[], prefix: string, p: ParamLookup, o: PassOptions): tf.Tensor4D {
  const layers = layersFor(o);
  let parts = Array.isArray(x) ? x : [x];
  let h = parts[0] as tf.Tensor4D;
  for (const i of [1, 2]) {
    h = layers.conv(parts, p(`${prefix}/conv${i}/w`) as tf.Tensor4D, o.filterGrad);
    const gamma = p(`${prefix}/norm${i}/gamma`) as tf.Tensor1D;
    h = layers.normAct(h, gamma, p(`${prefix}/norm${i}/beta`) as tf.Tensor1D, LEAKY_RELU_SLOPE);
    parts = [h];
  }
  if (o.training && o.dropout > 0) {
    if (!o.rng) throw new Error(`convBlock ${prefix}: training with dropout ${o.dropout} needs an rng for the dropout seeds`);
    h = layers.dropout(h, o.dropout, o.rng.seed(), o.rowOffset ?? 0);
  }
  return h;
}

export interface EncoderOutput {
  /** Outputs of levels 1..4 at S, S/2, S/4, S/8: the decoder's skip connections. */
  skips: [tf.Tensor4D, tf.Tensor4D, tf.Tensor4D, tf.Tensor4D];
  /** Level 5 at S/16. */
  bottom: tf.Tensor4D;
}

export function encoder(x: tf.Tensor4D, p: ParamLookup, o: PassOptions): EncoderOutput {
  const skips: tf.Tensor4D[] = [];
  let h = x;
  for (let level = 1; level <= 4; level++) {
    h = convBlock(h, `enc${level}`, p, o);
    skips.push(h);
    h = layersFor(o).pool(h);
  }
  const bottom = convBlock(h, 'enc5', p, o);
  return { skips: skips as EncoderOutput['skips'], bottom };
}

/** Global average pool → dense(2): logits, class 0 = normal, 1 = pneumonia. */
export function classificationHead(bottom: tf.Tensor4D, p: ParamLookup): tf.Tensor2D {
  const pooled = tf.mean(bottom, [1, 2]) as tf.Tensor2D;
  return dense(pooled, p('cls/dense/w') as tf.Tensor2D, p('cls/dense/b') as tf.Tensor1D);
}

/**
 * The saliency bridge input of decoder stage 1: [saliency, image] resized to S/8. Built from constants (the
 * image and a saliency computed beforehand), so no gradient flows into it.
 */
export function saliencyBridge(x: tf.Tensor4D, saliency: tf.Tensor4D, size: number): tf.Tensor4D {
  return resizeBilinearConstant(tf.concat([saliency, x], 3), size);
}

/** Four ×2 upsampling stages with skips, then the 1×1 conv to one mask logit per pixel. */
export function decoder(enc: EncoderOutput, p: ParamLookup, o: PassOptions, bridge?: tf.Tensor4D): tf.Tensor4D {
  let h = enc.bottom;
  for (const stage of [1, 2, 3, 4] as const) {
    const up = layersFor(o).upsample(h);
    const skip = enc.skips[4 - stage] as tf.Tensor4D;
    const parts = stage === 1 && bridge ? [up, skip, bridge] : [up, skip];
    h = convBlock(parts, `dec${stage}`, p, o);
  }
  return conv1x1(h, p('seg/out/w') as tf.Tensor2D, p('seg/out/b') as tf.Tensor1D);
}
