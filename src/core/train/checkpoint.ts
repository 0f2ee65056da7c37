// Checkpoints: model weights + Adam state + where the loop was, as plain ArrayBuffers (storable in
// IndexedDB, postMessage-able, writable to disk). Batches and augmentations are derived from (seed, step), so
// this is everything needed to continue a run exactly where it stopped.
import * as tf from '@tensorflow/tfjs';
import type { RunConfig } from '../config';
import type { Adam, AdamState } from './optimizer';

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
 * Adam's state (optimizer.ts), in tfjs' layout so that checkpoints written before our own Adam still load: the
 * iteration count (`iter`, int32 scalar), then first moments, then second moments, in the order of the variables
 * they belong to (names `${variable}/m`, `${variable}/v`, for validation on restore), then the bias-correction
 * powers `accBeta1`, `accBeta2` (float32 scalars). The powers are stored because recomputing them as pow(β, t+1),
 * as tfjs' setWeights does, differs from the running float32 product in the last bits — enough for a resumed
 * run's losses to part from the uninterrupted run's a few steps after the resume (issue 12).
 */
export async function encodeOptimizer(optimizer: Adam): Promise<EncodedTensors> {
  const s = optimizer.state();
  const iter = tf.scalar(s.iterations, 'int32');
  try {
    return await encodeTensors([
      { name: 'iter', tensor: iter },
      ...s.firstMoments,
      ...s.secondMoments,
      ...(s.accBeta1 ? [{ name: 'accBeta1', tensor: s.accBeta1 }] : []),
      ...(s.accBeta2 ? [{ name: 'accBeta2', tensor: s.accBeta2 }] : []),
    ]);
  } finally {
    iter.dispose();
  }
}

const ACC_BETAS = ['accBeta1', 'accBeta2'] as const;

/**
 * Restores Adam state from a checkpoint. Checkpoints written before the bias-correction powers were stored get
 * them recomputed as float32 products (Adam.restoreState).
 */
export async function restoreOptimizer(optimizer: Adam, enc: EncodedTensors, variableCount: number): Promise<void> {
  const map = decodeTensors(enc);
  try {
    const all = enc.specs.map((s) => ({ name: s.name, tensor: map[s.name] as tf.Tensor }));
    const isBeta = (name: string) => (ACC_BETAS as readonly string[]).includes(name);
    const list = all.filter((l) => !isBeta(l.name));
    const moments = list.length - 1;
    if (list[0]?.name !== 'iter' || (moments !== 0 && moments !== 2 * variableCount)) {
      throw new Error(
        `checkpoint optimizer state has ${moments} moment tensors; this model needs ${2 * variableCount} ` +
          '(was it saved from a different variant or width?)',
      );
    }
    const iterations = (await (list[0].tensor as tf.Tensor).data())[0] as number;
    const half = moments / 2;
    const state: AdamState = { iterations, firstMoments: list.slice(1, 1 + half), secondMoments: list.slice(1 + half) };
    const b1 = map.accBeta1;
    const b2 = map.accBeta2;
    if (b1 && b2) {
      state.accBeta1 = b1 as tf.Scalar;
      state.accBeta2 = b2 as tf.Scalar;
    }
    optimizer.restoreState(state);
  } finally {
    tf.dispose(Object.values(map));
  }
}
