// Checkpoints: model weights + Adam state + where the loop was, as plain ArrayBuffers (storable in
// IndexedDB, postMessage-able, writable to disk). Batches and augmentations are derived from (seed, step), so
// this is everything needed to continue a run exactly where it stopped.
import * as tf from '@tensorflow/tfjs';
import type { RunConfig } from '../config';

export const CHECKPOINT_FORMAT = 'multimix-checkpoint/1';

export interface EncodedTensors {
  specs: tf.io.WeightsManifestEntry[];
  data: ArrayBuffer;
}

export interface TrainerState {
  /** Steps completed so far (the next step to run has this index). */
  step: number;
  /** Epochs completed so far. */
  epoch: number;
  /** Best validation score so far (see loop.ts `selectionScore`), -Infinity before the first validation. */
  bestScore: number;
  /** Step at which the best weights were taken; -1 when none yet. */
  bestStep: number;
}

export interface Checkpoint {
  format: typeof CHECKPOINT_FORMAT;
  config: RunConfig;
  state: TrainerState;
  weights: EncodedTensors;
  optimizer: EncodedTensors;
  /** Weights of the best validation epoch, kept so model selection survives a resume. */
  best?: EncodedTensors;
  createdAt: string;
}

export async function encodeTensors(named: Array<{ name: string; tensor: tf.Tensor }>): Promise<EncodedTensors> {
  const { data, specs } = await tf.io.encodeWeights(named);
  return { data, specs };
}

export function decodeTensors(enc: EncodedTensors): tf.NamedTensorMap {
  return tf.io.decodeWeights(enc.data, enc.specs);
}

export function namedList(map: Record<string, tf.Tensor>): Array<{ name: string; tensor: tf.Tensor }> {
  return Object.entries(map).map(([name, tensor]) => ({ name, tensor }));
}

/**
 * Adam's bias-correction powers β₁ᵗ⁺¹ and β₂ᵗ⁺¹ as tfjs keeps them: float32 scalars multiplied by β once per
 * step. tfjs' own `setWeights` recomputes them as `pow(β, t + 1)`, which differs from the running product in the
 * last bits — enough for a resumed run's losses to part from the uninterrupted run's a few steps after the
 * resume (issue 12). So the checkpoint stores them and a restore puts them back exactly.
 */
const ACC_BETAS = ['accBeta1', 'accBeta2'] as const;
type AdamInternals = Record<(typeof ACC_BETAS)[number], tf.Variable>;

/**
 * Adam's state as tfjs orders it: iteration count, then first moments, then second moments, in the order of
 * the variables it was applied to, then the two bias-correction powers (`accBeta1`, `accBeta2`, scalars).
 * Names carry the variable name (prefix-free) for validation on restore.
 */
export async function encodeOptimizer(optimizer: tf.Optimizer): Promise<EncodedTensors> {
  const weights = await optimizer.getWeights();
  const internals = optimizer as unknown as Partial<AdamInternals>;
  const betas = ACC_BETAS.flatMap((name) => {
    const v = internals[name];
    return v ? [{ name, tensor: v as tf.Tensor }] : [];
  });
  const enc = await encodeTensors([...weights, ...betas]);
  // getWeights() makes a fresh scalar for the iteration count; the moments are the optimizer's own variables.
  const iter = weights.find((w) => w.name === 'iter');
  iter?.tensor.dispose();
  return enc;
}

/**
 * Restores Adam state into a *fresh* optimizer (tfjs' setWeights does not free earlier accumulators).
 * Checkpoints written before the bias-correction powers were stored get them recomputed as float32 products
 * (restoreAdamBetaPowers).
 */
export async function restoreOptimizer(optimizer: tf.Optimizer, enc: EncodedTensors, variableCount: number): Promise<void> {
  const map = decodeTensors(enc);
  const all = enc.specs.map((s) => ({ name: s.name, tensor: map[s.name] as tf.Tensor }));
  const isBeta = (name: string) => (ACC_BETAS as readonly string[]).includes(name);
  const list = all.filter((l) => !isBeta(l.name));
  const betas = all.filter((l) => isBeta(l.name));
  const moments = list.length - 1;
  if (list[0]?.name !== 'iter' || (moments !== 0 && moments !== 2 * variableCount)) {
    tf.dispose(Object.values(map));
    throw new Error(
      `checkpoint optimizer state has ${moments} moment tensors; this model needs ${2 * variableCount} ` +
        '(was it saved from a different variant or width?)',
    );
  }
  await optimizer.setWeights(list);
  const internals = optimizer as unknown as Partial<AdamInternals>;
  for (const { name, tensor } of betas) internals[name as keyof AdamInternals]?.assign(tensor as tf.Scalar);
  // setWeights wraps each tensor in a variable sharing its data; drop our handles so only the variables hold it.
  tf.dispose(all.map((l) => l.tensor));
  // Checkpoints written before the powers were stored: recompute them the way training reaches them.
  if (betas.length === 0) restoreAdamBetaPowers(optimizer);
}

/**
 * tfjs' Adam.setWeights sets β₁ᵗ, β₂ᵗ to pow(β, t + 1), but training reaches them by t float32 multiplications;
 * the two differ in the last bits, and a resumed run then drifts from the uninterrupted one (measured: 2e-7 at
 * the first resumed step, growing ~30× per step). For checkpoints without stored powers, recomputes them as
 * training does: float32 products.
 */
function restoreAdamBetaPowers(optimizer: tf.Optimizer): void {
  if (!(optimizer instanceof tf.AdamOptimizer)) return;
  const adam = optimizer as unknown as { beta1: number; beta2: number; accBeta1: tf.Variable; accBeta2: tf.Variable; iterations_: number };
  const power = (beta: number) => {
    const b = Math.fround(beta);
    let acc = b;
    for (let i = 0; i < adam.iterations_; i++) acc = Math.fround(acc * b);
    return acc;
  };
  tf.tidy(() => {
    adam.accBeta1.assign(tf.scalar(power(adam.beta1)));
    adam.accBeta2.assign(tf.scalar(power(adam.beta2)));
  });
}
