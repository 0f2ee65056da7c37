// Cross-backend check of one full MultiMix training step: the same weights and the same minibatches on
// every backend must give the same loss terms and the same gradients (to a tolerance), and repeated steps
// must not leak tensors. Used by the Node unit tests (cpu vs wasm) and the headless-Chromium test (all four).
import * as tf from '@tensorflow/tfjs';
import { variantFeatures, withDefaults, type BackendName, type Variant } from '../config';
import { createRng } from '../rng';
import { MultiMixModel } from '../model';
import { buildStepBatch, disposeStepBatch, type StepBatch } from './sampler';
import { computeStepGradients, readLossTerms, trainStep, type LossTermValues } from './step';
import { Adam } from './optimizer';
import type { TrainingSet } from './data';
import { phantomTrainingSet } from './phantom-set';

export interface GradientCheckOptions {
  size: number;
  m: number;
  widthMultiplier: number;
  variant?: Variant;
  seed?: number;
  /** Steps of the tensor-leak check per backend (≥ 2). */
  leakSteps?: number;
}

export interface BackendGradients {
  backend: string;
  terms: LossTermValues;
  /** Per-variable gradients, in trainableVariables() order. */
  grads: Array<{ name: string; values: Float32Array }>;
  tensorsAfterFirstStep: number;
  tensorsAfterLastStep: number;
  ms: number;
}

export interface BackendComparison {
  backend: string;
  ok: boolean;
  error?: string;
  /** max over variables of ‖g − g_ref‖ / ‖g_ref‖. */
  maxRelativeError?: number;
  worstVariable?: string;
  /** max over loss terms of |t − t_ref|. */
  maxTermDifference?: number;
  terms?: LossTermValues;
  tensorsAfterFirstStep?: number;
  tensorsAfterLastStep?: number;
  ms?: number;
}

type BatchArrays = Record<string, { shape: number[]; dtype: 'float32' | 'int32'; values: number[] }>;

function phantomSet(size: number, m: number, seed: number): TrainingSet {
  return phantomTrainingSet(size, 4 * m, createRng(`${seed}/gradient-check`));
}

/** Flattens a StepBatch to plain arrays so exactly the same numbers can be uploaded to every backend. */
async function batchToArrays(b: StepBatch): Promise<BatchArrays> {
  const out: BatchArrays = {};
  const entries: Array<[string, tf.Tensor | undefined]> = [
    ['ls.x', b.labeledSeg?.x], ['ls.mask', b.labeledSeg?.mask], ['us.x', b.unlabeledSeg?.x],
    ['lc.x', b.labeledCls?.x], ['lc.y', b.labeledCls?.y], ['uc.weak', b.unlabeledCls?.weak], ['uc.strong', b.unlabeledCls?.strong],
  ];
  for (const [k, t] of entries) {
    if (t) out[k] = { shape: t.shape, dtype: t.dtype as 'float32' | 'int32', values: Array.from(await t.data()) };
  }
  return out;
}

function arraysToBatch(a: BatchArrays): StepBatch {
  const t = (k: string) => (a[k] ? tf.tensor(a[k].values, a[k].shape, a[k].dtype) : undefined);
  const b: StepBatch = {};
  if (a['ls.x']) b.labeledSeg = { x: t('ls.x') as tf.Tensor4D, mask: t('ls.mask') as tf.Tensor4D };
  if (a['us.x']) b.unlabeledSeg = { x: t('us.x') as tf.Tensor4D };
  if (a['lc.x']) b.labeledCls = { x: t('lc.x') as tf.Tensor4D, y: t('lc.y') as tf.Tensor1D };
  if (a['uc.weak']) b.unlabeledCls = { weak: t('uc.weak') as tf.Tensor4D, strong: t('uc.strong') as tf.Tensor4D };
  return b;
}

function checkConfig(opts: GradientCheckOptions) {
  return withDefaults({
    model: { variant: opts.variant ?? 'multimix', inputSize: opts.size, widthMultiplier: opts.widthMultiplier },
    batchSize: opts.m,
    seed: opts.seed ?? 7,
    // t = 0.5 makes every pseudo-label confident, so the FixMatch path contributes gradients at init.
    loss: { threshold: 0.5 },
  });
}

/** One step's gradients on the active backend, then a short training run to count live tensors. */
export async function stepGradientsOnActiveBackend(arrays: BatchArrays, opts: GradientCheckOptions): Promise<BackendGradients> {
  const config = checkConfig(opts);
  const t0 = performance.now();
  const model = MultiMixModel.create(config.model, config.seed);
  try {
    const batch = arraysToBatch(arrays);
    const { grads, terms } = computeStepGradients(model, batch, config.loss, createRng('gradient-check/dropout'));
    const values = await readLossTerms(terms);
    const out: BackendGradients['grads'] = [];
    for (const v of model.trainableVariables()) {
      const g = grads[v.name];
      out.push({ name: v.name, values: g ? ((await g.data()) as Float32Array) : new Float32Array(v.size) });
    }
    tf.dispose(Object.values(grads));
    disposeStepBatch(batch);

    const optimizer = new Adam({ learningRate: config.optim.learningRate });
    const data = phantomSet(opts.size, opts.m, config.seed);
    let afterFirst = 0;
    const steps = Math.max(2, opts.leakSteps ?? 3);
    for (let i = 0; i < steps; i++) {
      const b = buildStepBatch(data, model.features, config, i);
      try {
        await trainStep(model, optimizer, b, config.loss, createRng(`leak/${i}`), i);
      } finally {
        disposeStepBatch(b);
      }
      if (i === 0) afterFirst = tf.memory().numTensors;
    }
    const afterLast = tf.memory().numTensors;
    optimizer.dispose();
    return { backend: tf.getBackend(), terms: values, grads: out, tensorsAfterFirstStep: afterFirst, tensorsAfterLastStep: afterLast, ms: performance.now() - t0 };
  } finally {
    model.dispose();
  }
}

function norm(a: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] as number) * (a[i] as number);
  return Math.sqrt(s);
}

export function compareGradients(ref: BackendGradients, other: BackendGradients): Required<Pick<BackendComparison, 'maxRelativeError' | 'worstVariable' | 'maxTermDifference'>> {
  let maxRelativeError = 0;
  let worstVariable = '';
  ref.grads.forEach((r, i) => {
    const o = other.grads[i]!.values;
    const diff = new Float32Array(o.length);
    for (let j = 0; j < o.length; j++) diff[j] = (o[j] as number) - (r.values[j] as number);
    const rel = norm(diff) / Math.max(norm(r.values), 1e-12);
    if (!(rel <= maxRelativeError)) [maxRelativeError, worstVariable] = [rel, r.name];
  });
  let maxTermDifference = 0;
  for (const [k, v] of Object.entries(ref.terms)) {
    const d = Math.abs(((other.terms as Record<string, number>)[k] ?? NaN) - (v as number));
    if (!(d <= maxTermDifference)) maxTermDifference = d;
  }
  return { maxRelativeError, worstVariable, maxTermDifference };
}

/**
 * Builds one step's minibatches on the first backend (the reference, normally cpu), then computes the
 * step's gradients on every backend from exactly those numbers and compares each with the reference.
 * `use` activates a backend (Node: useNodeBackend; browser: the backend ladder's tryBackend).
 */
export async function compareStepGradients(
  backends: BackendName[],
  use: (b: BackendName) => Promise<void>,
  opts: GradientCheckOptions,
): Promise<{ reference: string; results: BackendComparison[] }> {
  const [reference, ...others] = backends;
  if (!reference) throw new Error('compareStepGradients needs at least one backend');
  await use(reference);
  const config = checkConfig(opts);
  const batch = buildStepBatch(phantomSet(opts.size, opts.m, config.seed), variantFeatures(config.model.variant), config, 0);
  const arrays = await batchToArrays(batch);
  disposeStepBatch(batch);
  const ref = await stepGradientsOnActiveBackend(arrays, opts);
  const results: BackendComparison[] = [
    { backend: reference, ok: true, maxRelativeError: 0, maxTermDifference: 0, terms: ref.terms, tensorsAfterFirstStep: ref.tensorsAfterFirstStep, tensorsAfterLastStep: ref.tensorsAfterLastStep, ms: ref.ms },
  ];
  for (const b of others) {
    try {
      await use(b);
      const g = await stepGradientsOnActiveBackend(arrays, opts);
      results.push({ backend: b, ok: true, ...compareGradients(ref, g), terms: g.terms, tensorsAfterFirstStep: g.tensorsAfterFirstStep, tensorsAfterLastStep: g.tensorsAfterLastStep, ms: g.ms });
    } catch (e) {
      results.push({ backend: b, ok: false, error: e instanceof Error ? e.message : String(e) });
    }
  }
  return { reference, results };
}
