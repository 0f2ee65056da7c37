// What the viewer and the evaluation view ask of a trained model, answered inside the inference worker: per-image
// predictions with saliency (optionally SmoothGrad), test / cross-domain evaluation, and saving, exporting and
// importing models in the TF.js artifacts format.
import * as tf from '@tensorflow/tfjs';
import { MultiMixModel } from '../../core/model';
import { resizeGray, resizeMask } from '../../core/data/resize';
import { modelInput, type Sample } from '../../core/train/data';
import { evaluateModel, summarizeEvaluation } from '../../core/train/evaluate';
import { withDefaults } from '../../core/config';
import { binarizeProbabilities, diceCoefficient, foregroundMask } from '../../core/metrics';
import type { WorkbenchDatabase } from '../storage/db';
import { getDataset, getPixels } from '../storage/datasets';
import { putModel } from '../storage/models';
import type { ModelRecord } from '../storage/schema';
import type { WeightSpec } from '../../core/model/weights-io';
import type { EvaluationRole, ImagePrediction, ModelArtifactsMessage, ModelSource, ModelSummary, RoleEvaluation } from '../workers/train.protocol';
import type { DatasetUse } from '../../core/workbench-config';
import { loadRunData } from './load-run-data';
import { modelFor, resolveWeights } from './model-source';
import { RunDataError } from './run-data';

/** Images per forward pass when predicting for the viewer. */
const PREDICT_BATCH = 8;

/** Mean saliency over `samples` noisy copies (SmoothGrad, Smilkov et al. 2017); noise std relative to each image's range. */
function smoothGrad(model: MultiMixModel, x: tf.Tensor4D, samples: number, noise: number, seed: number): tf.Tensor4D {
  return tf.tidy(() => {
    const range = tf.sub(tf.max(x, [1, 2, 3], true), tf.min(x, [1, 2, 3], true));
    let sum = tf.zerosLike(x);
    for (let i = 0; i < samples; i++) {
      const eps = tf.mul(tf.randomNormal(x.shape, 0, 1, 'float32', seed + i), tf.mul(range, noise));
      const next = tf.add(sum, model.saliency(tf.add(x, eps) as tf.Tensor4D));
      sum.dispose();
      sum = next as tf.Tensor4D;
    }
    return tf.div(sum, samples) as tf.Tensor4D;
  });
}

/** Images to predict on, as the viewer holds them: `size`² 8-bit gray, and the 0/255 mask when there is one. */
export interface PixelsToPredict {
  key: string;
  pixels: Uint8Array;
  mask?: Uint8Array;
}

function checkSmoothGrad(smooth: { samples: number; noise: number } | undefined): void {
  if (smooth && (!Number.isInteger(smooth.samples) || smooth.samples < 1 || smooth.samples > 100 || !(smooth.noise >= 0 && smooth.noise <= 1))) {
    throw new RunDataError(`SmoothGrad needs 1–100 samples and a noise level in [0, 1] (got ${smooth.samples}, ${smooth.noise})`);
  }
}

/** Predictions of stored images (read from IndexedDB by key). */
export async function predictImages(
  db: WorkbenchDatabase,
  source: ModelSource,
  datasetId: string,
  keys: readonly string[],
  smooth?: { samples: number; noise: number },
): Promise<{ size: number; items: ImagePrediction[]; weights: string }> {
  if (keys.length === 0) throw new RunDataError('no images were asked for');
  checkSmoothGrad(smooth);
  const { model, weights } = await modelFor(db, source);
  const dataset = await getDataset(db, datasetId);
  if (!dataset) throw new RunDataError(`dataset ${datasetId} no longer exists`);
  return { ...(await predictWith(model, await getPixels(db, datasetId, keys), dataset.imageSize, smooth)), weights: weights.name };
}

/**
 * Predictions of images the page holds and that are not stored (the example X-rays: issue 9, item 8), each
 * `size`² 8-bit gray. Same model input, outputs and Dice as `predictImages`.
 */
export async function predictPixels(
  db: WorkbenchDatabase,
  source: ModelSource,
  images: readonly PixelsToPredict[],
  size: number,
  smooth?: { samples: number; noise: number },
): Promise<{ size: number; items: ImagePrediction[]; weights: string }> {
  if (images.length === 0) throw new RunDataError('no images were asked for');
  checkSmoothGrad(smooth);
  for (const im of images) {
    if (im.pixels.length !== size * size || (im.mask && im.mask.length !== size * size)) {
      throw new RunDataError(`image "${im.key}" is not ${size}×${size} pixels (${im.pixels.length} values)`);
    }
  }
  const { model, weights } = await modelFor(db, source);
  return { ...(await predictWith(model, images, size, smooth)), weights: weights.name };
}

async function predictWith(
  model: MultiMixModel,
  stored: readonly PixelsToPredict[],
  n: number,
  smooth: { samples: number; noise: number } | undefined,
): Promise<{ size: number; items: ImagePrediction[] }> {
  const S = model.config.inputSize;
  const items: ImagePrediction[] = [];
  for (let i = 0; i < stored.length; i += PREDICT_BATCH) {
    const chunk = stored.slice(i, i + PREDICT_BATCH);
    const samples: Sample[] = chunk.map((p) => ({ pixels: n === S ? p.pixels : resizeGray(p.pixels, n, n, S), id: p.key }));
    const x = modelInput(samples, S);
    try {
      const pred = model.predict(x);
      const sal = model.features.cls
        ? smooth ? smoothGrad(model, x, smooth.samples, smooth.noise, 1234 + i) : (pred.saliency?.clone() ?? model.saliency(x))
        : undefined;
      const [cls, mask, saliency] = await Promise.all([pred.clsProb?.data(), pred.maskProb?.data(), sal?.data()]);
      tf.dispose(([pred.clsProb, pred.maskProb, pred.saliency, sal] as Array<tf.Tensor | undefined>).filter((t): t is tf.Tensor => t !== undefined));
      chunk.forEach((p, b) => {
        const out: ImagePrediction = { key: p.key };
        if (cls) out.pneumoniaProb = cls[b * 2 + 1] as number;
        if (mask) {
          out.mask = Float32Array.from(mask.subarray(b * S * S, (b + 1) * S * S));
          if (p.mask) out.dice = diceCoefficient(binarizeProbabilities(out.mask), foregroundMask(n === S ? p.mask : resizeMask(p.mask, n, n, S)));
        }
        if (saliency) out.saliency = Float32Array.from(saliency.subarray(b * S * S, (b + 1) * S * S));
        items.push(out);
      });
    } finally {
      x.dispose();
    }
  }
  return { size: S, items };
}

export async function evaluateRoles(
  db: WorkbenchDatabase,
  source: ModelSource,
  roles: readonly EvaluationRole[],
  datasets?: DatasetUse[],
): Promise<RoleEvaluation[]> {
  const { model, weights } = await modelFor(db, source);
  const uses = datasets ?? weights.datasets;
  if (!uses) throw new RunDataError('this model has no run to take its test datasets from: choose test / cross-domain datasets');
  const run = { ...(weights.runConfig ?? withDefaults()), model: model.config };
  const data = await loadRunData(db, { run, budgets: { seg: 'all', cls: 'all' }, datasets: uses, backend: 'auto', checkpointEverySteps: 0 });
  const out: RoleEvaluation[] = [];
  for (const role of roles) {
    const set = role === 'test' ? data.test : data.crossDomain;
    const ids = uses.filter((u) => (role === 'test' ? u.role === 'train' || u.role === 'test' : u.role === 'cross-domain')).map((u) => u.datasetId);
    const result = await evaluateModel(model, set, { batchSize: PREDICT_BATCH });
    out.push({ role, datasetIds: ids, result, summary: summarizeEvaluation(result) });
  }
  return out;
}

function summaryOf(m: ModelRecord): ModelSummary {
  const s: ModelSummary = { id: m.id, name: m.name, created: m.created, config: m.model, metrics: m.metrics };
  if (m.runId) s.runId = m.runId;
  if (m.provenance) s.provenance = m.provenance;
  return s;
}

function newModelId(): string {
  return `model-${Date.now().toString(36)}-${crypto.getRandomValues(new Uint32Array(1))[0]!.toString(36)}`;
}

export async function saveRunModel(db: WorkbenchDatabase, runId: string, name: string, which: 'best' | 'latest'): Promise<ModelSummary> {
  const w = await resolveWeights(db, { runId, which });
  const rec: ModelRecord = {
    id: newModelId(), name: name.trim() || w.name, created: Date.now(), runId, model: w.config,
    weightSpecs: w.specs, weights: w.data, metrics: w.metrics, ...(w.provenance ? { provenance: w.provenance } : {}),
  };
  await putModel(db, rec);
  return summaryOf(rec);
}

export async function exportArtifacts(db: WorkbenchDatabase, source: ModelSource): Promise<{ name: string; artifacts: ModelArtifactsMessage }> {
  const { model, weights } = await modelFor(db, source);
  const a = await model.toArtifacts();
  const data = a.weightData;
  const weightData = data instanceof ArrayBuffer ? data : tf.io.concatenateArrayBuffers(data as ArrayBuffer[]);
  const artifacts: ModelArtifactsMessage = {
    modelTopology: a.modelTopology as object,
    weightSpecs: (a.weightSpecs ?? []) as WeightSpec[],
    weightData,
  };
  if (weights.runConfig) artifacts.runConfig = weights.runConfig;
  if (weights.provenance) artifacts.provenance = weights.provenance;
  return { name: weights.name, artifacts };
}

export async function importArtifacts(db: WorkbenchDatabase, name: string, artifacts: ModelArtifactsMessage): Promise<ModelSummary> {
  // Building the model checks format, config, names, shapes and dtypes against the architecture.
  const model = await MultiMixModel.fromArtifacts({
    modelTopology: artifacts.modelTopology as tf.io.ModelArtifacts['modelTopology'],
    weightSpecs: artifacts.weightSpecs,
    weightData: artifacts.weightData,
  });
  const config = model.config;
  model.dispose();
  const rec: ModelRecord = {
    id: newModelId(), name: name.trim() || 'Imported model', created: Date.now(), model: config,
    weightSpecs: artifacts.weightSpecs, weights: artifacts.weightData, metrics: {},
    ...(artifacts.provenance ? { provenance: artifacts.provenance } : {}),
  };
  await putModel(db, rec);
  return summaryOf(rec);
}
