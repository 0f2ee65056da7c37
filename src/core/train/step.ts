// One MultiMix training step: the combined loss of the paper (Eq. 5) and its gradients.
//   L = CE(labeled cls) + λ·FixMatch(strong | weak pseudo-labels ≥ t) + α·Dice(labeled seg) + β·KL(seg L ‖ seg U)
// Gradients are computed apart from applying them so that tests can compare one step's gradients across
// backends exactly as training computes them.
import * as tf from '@tensorflow/tfjs';
import type { LossWeights } from '../config';
import type { Rng } from '../rng';
import type { MultiMixModel } from '../model';
import {
  combineLosses, crossEntropyLoss, fixMatchLoss, fixMatchTargets, segmentationKlLoss, softDiceLoss, type FixMatchTargets,
} from '../losses';
import type { StepBatch } from './sampler';
import type { Adam } from './optimizer';
import { computeChunkedStepGradients, rowsOf, type ChunkSizes } from './chunked-step';

// pseudoCorrect: confident FixMatch pseudo-labels that equal the label the budget withheld (a count, only when
// every unlabeled image of the step had one) — a diagnostic, never part of the loss.
export const LOSS_TERMS = ['total', 'cls', 'dice', 'fixmatch', 'kl', 'maskRate', 'pseudoCorrect'] as const;
export type LossTermName = (typeof LOSS_TERMS)[number];
/** Plain numbers of one step; a term is absent when the variant does not use it. */
export type LossTermValues = Partial<Record<LossTermName, number>> & { total: number };

export interface StepGradients {
  grads: tf.NamedTensorMap;
  /** Scalars of every loss term (and the FixMatch mask rate). Owned by the caller: dispose them. */
  terms: Partial<Record<LossTermName, tf.Scalar>>;
}

export class NonFiniteLossError extends Error {
  readonly code = 'non-finite-loss';
  constructor(readonly step: number, readonly terms: LossTermValues) {
    super(`loss became ${terms.total} at step ${step} (terms: ${JSON.stringify(terms)}); lower the learning rate or check the data`);
  }
}

function concatBatch(parts: Array<tf.Tensor4D | undefined>): { x: tf.Tensor4D; sizes: number[] } {
  const present = parts.filter((p): p is tf.Tensor4D => p !== undefined);
  const x = present.length === 1 ? (present[0] as tf.Tensor4D) : tf.concat(present, 0);
  return { x, sizes: parts.map((p) => p?.shape[0] ?? 0) };
}

/** How a step is computed. */
export interface StepOptions {
  /**
   * Most images per taped forward pass (seg: encoder + decoder, cls: encoder only). When a stream's batch is
   * larger, the step runs in chunks with exact gradient accumulation (chunked-step.ts); the memory plan
   * (memory-plan.ts) picks these for the backend's memory budget. Absent: the whole batch in one pass.
   */
  chunks?: ChunkSizes;
}

/** Whether `chunks` splits any pass of this batch (otherwise the one-pass step is used). */
export function needsChunking(batch: StepBatch, chunks: ChunkSizes | undefined): boolean {
  if (!chunks) return false;
  const seg = (batch.labeledSeg?.x.shape[0] ?? 0) + (batch.unlabeledSeg?.x.shape[0] ?? 0);
  const cls = (batch.labeledCls?.x.shape[0] ?? 0) + (batch.unlabeledCls?.strong.shape[0] ?? 0);
  return seg > chunks.seg || cls > chunks.cls;
}

/**
 * The step's loss terms and gradients w.r.t. the model's trainable variables.
 * Images of the same head share one forward pass (instance norm is per sample, so concatenating batches
 * changes nothing but the number of kernel launches). With `opts.chunks` smaller than a stream's batch, the
 * step is computed in chunks with the same result (chunked-step.ts).
 */
export function computeStepGradients(model: MultiMixModel, batch: StepBatch, weights: LossWeights, rng: Rng, opts: StepOptions = {}): StepGradients {
  if (needsChunking(batch, opts.chunks)) return computeChunkedStepGradients(model, batch, weights, rng, opts.chunks as ChunkSizes);
  const f = model.features;
  const segParts = f.seg && batch.labeledSeg ? [batch.labeledSeg.x, f.kl ? batch.unlabeledSeg?.x : undefined] : [];
  const clsParts = f.cls && batch.labeledCls ? [batch.labeledCls.x, f.ssl ? batch.unlabeledCls?.strong : undefined] : [];

  // Outside the tape, so nothing is back-propagated through them: the saliency maps that feed the decoder,
  // and FixMatch's pseudo-labels from the weak view.
  const seg = segParts.length > 0 ? concatBatch(segParts) : undefined;
  const saliency = seg && f.saliency ? model.saliency(seg.x) : undefined;
  let targets: FixMatchTargets | undefined;
  if (f.ssl && batch.unlabeledCls) {
    const weak = batch.unlabeledCls.weak;
    const weakLogits = tf.tidy(() => model.forward(weak, { training: true, rng: rng.fork('weak'), heads: { cls: true, seg: false } }).clsLogits!);
    targets = fixMatchTargets(weakLogits, weights.threshold);
    weakLogits.dispose();
  }

  const terms: StepGradients['terms'] = {};
  const { value, grads } = tf.variableGrads(() => {
    const t: { cls?: tf.Scalar; dice?: tf.Scalar; fixmatch?: tf.Scalar; kl?: tf.Scalar } = {};
    if (seg && batch.labeledSeg) {
      const fwd: Parameters<MultiMixModel['forward']>[1] = { training: true, rng: rng.fork('seg'), heads: { cls: false, seg: true } };
      if (saliency) fwd.saliency = saliency;
      const logits = model.forward(seg.x, fwd).segLogits!;
      const nL = seg.sizes[0] as number;
      const nU = seg.sizes[1] ?? 0;
      const labeled = nU > 0 ? rowsOf(logits, 0, nL) : logits;
      t.dice = softDiceLoss(labeled, batch.labeledSeg.mask);
      if (nU > 0) t.kl = segmentationKlLoss(labeled, rowsOf(logits, nL, nU));
    }
    if (clsParts.length > 0 && batch.labeledCls) {
      const cls = concatBatch(clsParts);
      const logits = model.forward(cls.x, { training: true, rng: rng.fork('cls'), heads: { cls: true, seg: false } }).clsLogits!;
      const nL = cls.sizes[0] as number;
      const nU = cls.sizes[1] ?? 0;
      t.cls = crossEntropyLoss(nU > 0 ? rowsOf(logits, 0, nL) : logits, batch.labeledCls.y);
      if (nU > 0 && targets) t.fixmatch = fixMatchLoss(rowsOf(logits, nL, nU), targets.labels, targets.mask);
    }
    for (const [k, v] of Object.entries(t)) terms[k as LossTermName] = tf.keep(v as tf.Scalar);
    return combineLosses(t, weights);
  }, model.trainableVariables());

  terms.total = value;
  if (targets) {
    terms.maskRate = tf.tidy(() => targets.mask.mean() as tf.Scalar);
    const withheld = batch.unlabeledCls?.withheld;
    if (withheld) terms.pseudoCorrect = tf.tidy(() => targets.mask.mul(tf.equal(targets.labels, withheld).toFloat()).sum() as tf.Scalar);
    tf.dispose([targets.labels, targets.mask]);
  }
  if (saliency) saliency.dispose();
  if (seg && seg.x !== segParts[0]) seg.x.dispose();
  return { grads, terms };
}

/** Reads all term scalars in one GPU→CPU transfer and disposes them. */
export async function readLossTerms(terms: StepGradients['terms']): Promise<LossTermValues> {
  const names = (Object.keys(terms) as LossTermName[]).filter((k) => terms[k] !== undefined);
  const stacked = tf.stack(names.map((k) => terms[k] as tf.Scalar));
  const values = await stacked.data();
  stacked.dispose();
  tf.dispose(names.map((k) => terms[k] as tf.Scalar));
  const out: LossTermValues = { total: NaN };
  names.forEach((k, i) => (out[k] = values[i] as number));
  return out;
}

/**
 * Device-side copies of everything one optimizer update changes: the model's variables and Adam's state.
 * tf.clone shares the buffer (Identity), and assign() gives a variable a new buffer, so holding the old ones
 * costs memory (one copy of the weights and moments), no copying and no readback.
 */
function snapshotForUndo(model: MultiMixModel, optimizer: Adam): { restore(): void; dispose(): void } {
  const vars = model.trainableVariables();
  const saved: tf.Tensor[] = vars.map((v) => tf.clone(v as tf.Tensor));
  const adam = optimizer.saveForUndo();
  return {
    restore() {
      vars.forEach((v, i) => v.assign(saved[i] as tf.Tensor));
      tf.dispose(saved);
      adam.restore();
    },
    dispose() {
      tf.dispose(saved);
      adam.dispose();
    },
  };
}

/**
 * Computes and applies one step. The update is queued before anything is read back; then the loss terms come
 * back in one asynchronous read (the step's only GPU→CPU transfer, so a GPU never waits on the CPU mid-step).
 * A non-finite loss undoes the update and throws NonFiniteLossError, so the weights and Adam state stay as they
 * were at the last good step.
 */
export async function trainStep(
  model: MultiMixModel,
  optimizer: Adam,
  batch: StepBatch,
  weights: LossWeights,
  rng: Rng,
  step: number,
  opts: StepOptions = {},
): Promise<LossTermValues> {
  const { grads, terms } = computeStepGradients(model, batch, weights, rng, opts);
  const undo = snapshotForUndo(model, optimizer);
  optimizer.applyGradients(grads);
  tf.dispose(Object.values(grads));
  const values = await readLossTerms(terms);
  if (!Number.isFinite(values.total)) {
    undo.restore();
    throw new NonFiniteLossError(step, values);
  }
  undo.dispose();
  return values;
}
