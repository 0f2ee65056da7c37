// From stored datasets (records + 256² pixels) to the sets one run trains, validates and tests on, following
// the dataset roles of its WorkbenchRunConfig: the images are resized to the model input here, and the sets
// come from the core's `assembleRun` — the same function `npm run experiment` uses — so splits and label
// budgets follow one policy from the run seed (the dataset browser's own budget is a preview for the user, not
// what a run uses).
import { storedToRunSize } from '../../core/data/resize';
import { assembleRun, assembleRunFromKeys, type RunItem, type RunImageKeys } from '../../core/train/run-assembly';
import { stepsPerEpoch } from '../../core/train/loop';
import type { EvaluationSet, TrainingSet } from '../../core/train/data';
import type { DatasetRecord, ImageRecord } from '../storage/schema';
import type { RunDataSummary } from '../workers/train.protocol';
import type { DatasetRole, WorkbenchRunConfig } from '../../core/workbench-config';
import { datasetContentHash, trainingProvenance, type TrainingProvenance } from '../../core/provenance';

/** Split fractions carved from the train datasets when they give no validation / test images. */
const FALLBACK_FRACTIONS = { val: 0.1, test: 0.2 };

export interface StoredImage {
  image: ImageRecord;
  /** imageSize² gray. */
  pixels: Uint8Array;
  mask?: Uint8Array;
}

export interface LoadedDataset {
  dataset: DatasetRecord;
  role: DatasetRole;
  images: StoredImage[];
}

export interface RunData {
  training: TrainingSet;
  test: EvaluationSet;
  crossDomain: EvaluationSet;
  /** The image keys of every set (`<dataset id>/<image key>`), for the run's record. */
  keys: RunImageKeys;
  summary: RunDataSummary;
  /** The datasets loaded for the run, with content hashes (issue 9: kept on the run, checkpoints and models). */
  provenance: TrainingProvenance;
}

export class RunDataError extends Error {
  readonly code = 'data';
}

/** Resized to the model input. */
function itemsOf(d: LoadedDataset, size: number): RunItem[] {
  const n = d.dataset.imageSize;
  return d.images.map(({ image, pixels, mask }) => {
    if (pixels.length !== n * n) {
      throw new RunDataError(`image "${image.key}" of dataset "${d.dataset.name}" has ${pixels.length} pixels, expected ${n}×${n}`);
    }
    const item: RunItem = { key: image.key, ...storedToRunSize(pixels, image.hasMask ? mask : undefined, n, size) };
    if (image.patientId !== undefined) item.patientId = image.patientId;
    if (image.split) item.split = image.split;
    if (image.label !== undefined) item.label = image.label;
    return item;
  });
}

/** Provenance of the loaded datasets: ids, names, roles, image counts, content hashes, synthetic flags. */
function provenanceOf(loaded: readonly LoadedDataset[]): TrainingProvenance {
  return trainingProvenance(
    loaded.map((d) => ({
      id: d.dataset.id, name: d.dataset.name, role: d.role, synthetic: d.dataset.synthetic, images: d.images.length,
      contentHash: datasetContentHash(d.images.map((im) => im.image.contentHash)), domain: d.dataset.domain,
    })),
  );
}

/**
 * The run's sets: assembled from the datasets' roles, splits and the run seed; or, given the image keys the run
 * recorded when it started (`RunSummary.dataKeys`), exactly those images in that order, whatever was edited in
 * the datasets since (a RunDataError names images that are gone).
 */
export function assembleRunData(config: WorkbenchRunConfig, loaded: readonly LoadedDataset[], recorded?: RunImageKeys): RunData {
  const size = config.run.model.inputSize;
  const datasets = loaded.map((d) => ({ id: d.dataset.id, name: d.dataset.name, role: d.role, items: itemsOf(d, size) }));
  let assembled;
  try {
    assembled = recorded
      ? assembleRunFromKeys(datasets, recorded, size)
      : assembleRun(datasets, { size, seed: config.run.seed, budgets: config.budgets, fractions: FALLBACK_FRACTIONS });
  } catch (err) {
    if (!recorded || err instanceof RunDataError) throw err;
    throw new RunDataError(err instanceof Error ? err.message : String(err));
  }
  const { training, test, crossDomain, keys } = assembled;
  const perEpoch = stepsPerEpoch(config.run, training);
  return {
    training,
    test,
    crossDomain,
    keys,
    provenance: provenanceOf(loaded),
    summary: {
      inputSize: size,
      labeledSeg: training.labeledSeg.length,
      unlabeledSeg: training.unlabeledSeg.length,
      labeledCls: training.labeledCls.length,
      unlabeledCls: training.unlabeledCls.length,
      valSeg: training.valSeg.length,
      valCls: training.valCls.length,
      testSeg: test.seg.length,
      testCls: test.cls.length,
      crossDomainSeg: crossDomain.seg.length,
      crossDomainCls: crossDomain.cls.length,
      stepsPerEpoch: perEpoch,
      totalSteps: perEpoch * config.run.epochs,
      synthetic: loaded.some((d) => d.dataset.synthetic),
    },
  };
}
