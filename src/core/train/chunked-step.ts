// One MultiMix training step computed in chunks of images, with exact gradient accumulation (issue 8): what
// lets the paper's setting (256 px, M = 10) train inside wasm's 4 GB heap. The sum of the chunks' gradients
// is the whole-batch step's gradient (up to float32 summation order), because
//  - every layer is per image: InstanceNorm normalises each image on its own, dropout masks are drawn per image
//    from (layer seed, row of the whole batch) — `rowOffset` — and the saliency map is normalised per image;
//  - the terms that are means over a batch (CE, Dice, FixMatch) become per-chunk sums divided by the WHOLE
//    batch's size (FixMatch: the whole unlabeled batch, confident or not);
//  - the one term that is not a sum over images, the KL of batch-mean masks, gets a first pass without a tape
//    that accumulates Σσ(logits) over the labeled and the unlabeled batch; its value and dKL/dp̄_U come from those
//    sums, and each chunk back-propagates Σ_x dKL/dp̄_U(x)·Σ_{b∈chunk} σ(z_b(x))/n_U, whose gradient is the KL's
//    (losses/kl.ts: segmentationKlFromSums). The first pass costs one extra forward of the seg images.
//  - FixMatch's pseudo-labels are per image (weak view, outside the tape), computed chunk by chunk.
import * as tf from '@tensorflow/tfjs';
import type { LossWeights } from '../config';
import type { Rng } from '../rng';
import type { MultiMixModel, ForwardOptions } from '../model';
import {
  combineLosses, crossEntropyLoss, fixMatchLoss, fixMatchTargets, segmentationKlChunkLoss, segmentationKlFromSums,
  sigmoidBatchSum, softDiceLoss, type FixMatchTargets, type LossTerms,
} from '../losses';
import type { StepBatch } from './sampler';
import type { LossTermName, StepGradients } from './step';

/** Most images per taped forward pass: `seg` for encoder + decoder passes, `cls` for encoder-only passes. */
export interface ChunkSizes {
  seg: number;
  cls: number;
}

export function rowsOf<T extends tf.Tensor>(t: T, start: number, count: number): T {
  const begin = t.shape.map((_, i) => (i === 0 ? start : 0));
  const size = t.shape.map((d, i) => (i === 0 ? count : d));
  return tf.slice(t, begin, size) as T;
}

/** [start, end) row ranges of at most `size` rows covering n rows. */
export function chunkRanges(n: number, size: number): Array<[number, number]> {
  if (!(Number.isInteger(size) && size >= 1)) throw new Error(`chunkRanges: chunk size must be an integer >= 1, got ${size}`);
  const out: Array<[number, number]> = [];
  for (let a = 0; a < n; a += size) out.push([a, Math.min(n, a + size)]);
  return out;
}

function concatRows(parts: tf.Tensor4D[]): tf.Tensor4D {
  return parts.length === 1 ? (parts[0] as tf.Tensor4D) : tf.concat(parts, 0);
}

/** Adds `g` into `acc` (by variable name), disposing the operands it replaces. */
function accumulate(acc: tf.NamedTensorMap, g: tf.NamedTensorMap): void {
  for (const [name, t] of Object.entries(g)) {
    acc[name] = addInto(acc[name], t);
  }
}

/** prev + t, disposing both operands (t alone when there is no prev yet). */
function addInto<T extends tf.Tensor>(prev: T | undefined, t: T): T {
  if (!prev) return t;
  const s = tf.add(prev, t) as T;
  tf.dispose([prev, t]);
  return s;
}

/** Runs f on each chunk of x's rows outside any tape and concatenates the [rows, ...] results. */
function mapChunks(x: tf.Tensor4D, size: number, f: (rows: tf.Tensor4D, start: number) => tf.Tensor): tf.Tensor {
  const outs = chunkRanges(x.shape[0], size).map(([a, b]) => tf.tidy(() => f(rowsOf(x, a, b - a), a)));
  if (outs.length === 1) return outs[0] as tf.Tensor;
  const all = tf.concat(outs, 0);
  tf.dispose(outs);
  return all;
}

/**
 * The step's loss terms and gradients, computed `chunks.seg` / `chunks.cls` images at a time. Same contract and
 * the same values as computeStepGradients (step.ts) on the whole batch; peak memory scales with the chunk size
 * instead of M.
 */
export function computeChunkedStepGradients(
  model: MultiMixModel, batch: StepBatch, weights: LossWeights, rng: Rng, chunks: ChunkSizes,
): StepGradients {
  const f = model.features;
  const vars = model.trainableVariables();
  const grads: tf.NamedTensorMap = {};
  const sums: { cls?: tf.Scalar; dice?: tf.Scalar; fixmatch?: tf.Scalar } = {};
  const owned: tf.Tensor[] = [];
  let kl: { value: tf.Scalar; gradient: tf.Tensor3D } | undefined;
  let targets: FixMatchTargets | undefined;
  /** One taped pass over a chunk; `loss` returns the chunk's terms (their values are kept and summed). */
  const tapedChunk = (loss: () => LossTerms & { klChunk?: tf.Scalar }) => {
    const kept: Array<['cls' | 'dice' | 'fixmatch', tf.Scalar]> = [];
    const { value, grads: g } = tf.variableGrads(() => {
      const t = loss();
      for (const k of ['cls', 'dice', 'fixmatch'] as const) {
        const v = t[k];
        if (v) kept.push([k, tf.keep(v)]);
      }
      const weighted: LossTerms = { ...t };
      delete weighted.kl;
      if (t.klChunk) weighted.kl = t.klChunk;
      return combineLosses(weighted, weights);
    }, vars);
    value.dispose();
    accumulate(grads, g);
    for (const [k, v] of kept) sums[k] = addInto(sums[k], v);
  };

  try {
    if (f.seg && batch.labeledSeg) {
      const labeled = batch.labeledSeg;
      const unlabeled = f.kl ? batch.unlabeledSeg : undefined;
      const nL = labeled.x.shape[0];
      const nU = unlabeled?.x.shape[0] ?? 0;
      const x = concatRows(unlabeled ? [labeled.x, unlabeled.x] : [labeled.x]);
      if (x !== labeled.x) owned.push(x);
      const saliency = f.saliency ? (mapChunks(x, chunks.seg, (rows) => model.saliency(rows)) as tf.Tensor4D) : undefined;
      if (saliency) owned.push(saliency);
      const segForward = (a: number, b: number) => {
        const fwd: ForwardOptions = { training: true, rng: rng.fork('seg'), heads: { cls: false, seg: true }, rowOffset: a };
        if (saliency) fwd.saliency = rowsOf(saliency, a, b - a);
        return model.forward(rowsOf(x, a, b - a), fwd).segLogits as tf.Tensor4D;
      };
      const ranges = chunkRanges(nL + nU, chunks.seg);
      if (nU > 0) {
        // First pass (no tape): Σσ over each side, for the KL's value and dKL/dp̄_U.
        let sumL: tf.Tensor3D | undefined;
        let sumU: tf.Tensor3D | undefined;
        for (const [a, b] of ranges) {
          const [partL, partU] = tf.tidy(() => {
            const logits = segForward(a, b);
            const l = a < nL ? sigmoidBatchSum(rowsOf(logits, 0, Math.min(b, nL) - a)) : undefined;
            const u = b > nL ? sigmoidBatchSum(rowsOf(logits, Math.max(a, nL) - a, b - Math.max(a, nL))) : undefined;
            return [l, u];
          });
          if (partL) sumL = addInto(sumL, partL);
          if (partU) sumU = addInto(sumU, partU);
        }
        kl = segmentationKlFromSums(sumL as tf.Tensor3D, sumU as tf.Tensor3D, nL, nU);
        tf.dispose([sumL as tf.Tensor, sumU as tf.Tensor]);
      }
      for (const [a, b] of ranges) {
        tapedChunk(() => {
          const logits = segForward(a, b);
          const t: LossTerms & { klChunk?: tf.Scalar } = {};
          if (a < nL) {
            const n = Math.min(b, nL) - a;
            t.dice = softDiceLoss(rowsOf(logits, 0, n), rowsOf(labeled.mask, a, n), 1, nL);
          }
          if (b > nL && kl) {
            const start = Math.max(a, nL);
            t.klChunk = segmentationKlChunkLoss(rowsOf(logits, start - a, b - start), kl.gradient, nU);
          }
          return t;
        });
      }
    }

    if (f.cls && batch.labeledCls) {
      const labeled = batch.labeledCls;
      const unlabeled = f.ssl ? batch.unlabeledCls : undefined;
      const nL = labeled.x.shape[0];
      const nU = unlabeled?.strong.shape[0] ?? 0;
      if (unlabeled) {
        const weakLogits = mapChunks(unlabeled.weak, chunks.cls, (rows, a) =>
          model.forward(rows, { training: true, rng: rng.fork('weak'), heads: { cls: true, seg: false }, rowOffset: a }).clsLogits as tf.Tensor2D,
        ) as tf.Tensor2D;
        targets = fixMatchTargets(weakLogits, weights.threshold);
        weakLogits.dispose();
      }
      const x = concatRows(unlabeled ? [labeled.x, unlabeled.strong] : [labeled.x]);
      if (x !== labeled.x) owned.push(x);
      for (const [a, b] of chunkRanges(nL + nU, chunks.cls)) {
        tapedChunk(() => {
          const logits = model.forward(rowsOf(x, a, b - a), { training: true, rng: rng.fork('cls'), heads: { cls: true, seg: false }, rowOffset: a }).clsLogits as tf.Tensor2D;
          const t: LossTerms = {};
          if (a < nL) {
            const n = Math.min(b, nL) - a;
            t.cls = crossEntropyLoss(rowsOf(logits, 0, n), rowsOf(labeled.y, a, n), nL);
          }
          if (b > nL && targets) {
            const start = Math.max(a, nL);
            const n = b - start;
            t.fixmatch = fixMatchLoss(rowsOf(logits, start - a, n), rowsOf(targets.labels, start - nL, n), rowsOf(targets.mask, start - nL, n), nU);
          }
          return t;
        });
      }
    }

    const terms: StepGradients['terms'] = { ...sums };
    if (kl) terms.kl = kl.value;
    terms.total = combineLosses({ ...sums, ...(kl ? { kl: kl.value } : {}) }, weights);
    if (kl) {
      kl.gradient.dispose();
      kl = undefined;
    }
    if (targets) {
      const t = targets;
      terms.maskRate = tf.tidy(() => t.mask.mean() as tf.Scalar);
      // As step.ts: confident pseudo-labels equal to the label the budget withheld (a count over the whole batch).
      const withheld = batch.unlabeledCls?.withheld;
      if (withheld) terms.pseudoCorrect = tf.tidy(() => t.mask.mul(tf.equal(t.labels, withheld).toFloat()).sum() as tf.Scalar);
    }
    // In trainableVariables() order, as variableGrads returns them: tfjs' Adam keys its moments by position in
    // this map, so the order must not depend on whether (or how) the step was chunked.
    const ordered: tf.NamedTensorMap = {};
    for (const v of vars) if (grads[v.name]) ordered[v.name] = grads[v.name] as tf.Tensor;
    return { grads: ordered, terms: terms as Partial<Record<LossTermName, tf.Scalar>> };
  } catch (e) {
    tf.dispose(Object.values(grads));
    tf.dispose(Object.values(sums));
    if (kl) tf.dispose([kl.value, kl.gradient]);
    throw e;
  } finally {
    if (targets) tf.dispose([targets.labels, targets.mask]);
    tf.dispose(owned);
  }
}
