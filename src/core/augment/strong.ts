// FixMatch's strong view: (weak flip + shift), RandAugment with n random ops per image, then cutout.
// Batched by op: at each of the n steps the images are grouped by the op they drew, each intensity op runs
// once on its group, and all geometric ops of the step share a single warp with one matrix per image.
import * as tf from '@tensorflow/tfjs';
import type { Rng } from '../rng';
import { cutout } from './cutout';
import { equalize } from './equalize';
import { assertImageBatch } from './image-batch';
import { autocontrast, brightness, contrast, posterize, sharpness, solarize } from './intensity-ops';
import {
  planStrongAugment,
  type AppliedOp,
  type StrongAugmentLog,
  type StrongAugmentOptions,
  type StrongOpName,
} from './randaugment-plan';
import { applySeparableRemap } from './remap';
import { GEOMETRIC_MATRICES } from './geometric-ops';
import { warpAffine, type AffineMatrix } from './warp';
import { weakRemap, type WeakParams } from './weak';

type IntensityOp = (x: tf.Tensor4D, values: number[]) => tf.Tensor4D;

const INTENSITY_OPS: Partial<Record<StrongOpName, IntensityOp>> = {
  autocontrast: (x) => autocontrast(x),
  equalize: (x) => equalize(x),
  brightness,
  contrast,
  sharpness,
  posterize,
  solarize,
};

function geometricMatrix(op: AppliedOp, height: number, width: number): AffineMatrix | null {
  const matrix = (GEOMETRIC_MATRICES as Partial<Record<string, (value: number, height: number, width: number) => AffineMatrix>>)[op.op];
  return matrix ? matrix(op.value, height, width) : null;
}

/** Runs op step `k` of every image's plan: one call per op group, then restores the batch order. */
function applyOpStep(x: tf.Tensor4D, plans: readonly StrongAugmentLog[], k: number): tf.Tensor4D {
  const [B, H, W] = x.shape;
  const groups = new Map<string, { images: number[]; ops: AppliedOp[] }>();
  plans.forEach((plan, b) => {
    const op = plan.ops[k] as AppliedOp;
    const key = geometricMatrix(op, H, W) ? 'geometric' : op.op;
    const group = groups.get(key) ?? { images: [], ops: [] };
    group.images.push(b);
    group.ops.push(op);
    groups.set(key, group);
  });
  return tf.tidy(() => {
    const parts: tf.Tensor4D[] = [];
    const order: number[] = [];
    for (const [key, { images, ops }] of groups) {
      const sub = images.length === B ? x : (tf.gather(x, tf.tensor1d(images, 'int32')) as tf.Tensor4D);
      if (key === 'geometric') {
        parts.push(warpAffine(sub, ops.map((op) => geometricMatrix(op, H, W) as AffineMatrix)));
      } else {
        const fn = INTENSITY_OPS[key as StrongOpName];
        if (!fn) throw new Error(`augment/strong: no implementation for op "${key}"`);
        parts.push(fn(sub, ops.map((op) => op.value)));
      }
      order.push(...images);
    }
    if (parts.length === 1 && order.every((b, i) => b === i)) return parts[0] as tf.Tensor4D;
    // order[i] is the batch index of row i of the concatenation; invert it to put images back in place.
    const inverse = new Array<number>(B);
    order.forEach((b, i) => (inverse[b] = i));
    return tf.gather(tf.concat(parts, 0), tf.tensor1d(inverse, 'int32')) as tf.Tensor4D;
  });
}

/** Applies a plan (from planStrongAugment) to a batch. Deterministic given the plan. */
export function applyStrongPlan(x: tf.Tensor4D, plans: readonly StrongAugmentLog[]): tf.Tensor4D {
  assertImageBatch(x, 'applyStrongPlan');
  const [B, H, W] = x.shape;
  if (plans.length !== B) throw new Error(`augment/applyStrongPlan: ${plans.length} plans for a batch of ${B}`);
  const steps = plans[0]?.ops.length ?? 0;
  if (plans.some((p) => p.ops.length !== steps)) throw new Error('augment/applyStrongPlan: plans differ in op count');
  const hasWeak = plans.some((p) => p.weak !== null);
  if (hasWeak && plans.some((p) => p.weak === null)) throw new Error('augment/applyStrongPlan: weak step on some images only');
  return tf.tidy(() => {
    let out: tf.Tensor4D = hasWeak ? applySeparableRemap(x, weakRemap(plans.map((p) => p.weak as WeakParams), H, W)) : x;
    for (let k = 0; k < steps; k++) out = applyOpStep(out, plans, k);
    if (plans.some((p) => p.cutout !== null)) out = cutout(out, plans.map((p) => p.cutout));
    // Never hand back the caller's own tensor: the result must be disposable independently of x.
    return out === x ? tf.clone(x) : out;
  });
}

/**
 * Strong (RandAugment + cutout) augmentation of a [B,S,S,1] batch of [0,1] images, run before normalisation
 * (the trainer normalises afterwards). Same shape, dtype float32, values in [0,1]; `x` is not disposed.
 */
export function strongAugment(x: tf.Tensor4D, rng: Rng, opts: StrongAugmentOptions = {}): tf.Tensor4D {
  return strongAugmentWithLog(x, rng, opts).images;
}

/** strongAugment that also returns, per image, the ops with their magnitudes and values and the cutout box. */
export function strongAugmentWithLog(
  x: tf.Tensor4D,
  rng: Rng,
  opts: StrongAugmentOptions = {},
): { images: tf.Tensor4D; log: StrongAugmentLog[] } {
  assertImageBatch(x, 'strongAugment');
  const [B, H, W] = x.shape;
  const log = planStrongAugment(B, H, W, rng, opts);
  return { images: applyStrongPlan(x, log), log };
}
