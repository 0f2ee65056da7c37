// From stored datasets (records + 256² pixels) to the sets one run trains, validates and tests on, following
// the dataset roles of its WorkbenchRunConfig. Splits and label budgets are recomputed from the run seed, so a
// run is reproducible from its config + the stored images alone (the dataset browser's own budget is a preview
// for the user, not what a run uses).
import { createRng } from '../../core/rng';
import { assignSplits, applyLabelBudget } from '../../core/data/splits';
import { resizeGray, resizeMask } from '../../core/data/resize';
import { assembleTestSet, assembleTrainingSet, type BudgetedRecord, type SplitName } from '../../core/train/assemble';
import { stepsPerEpoch } from '../../core/train/loop';
import type { EvaluationSet, TrainingSet } from '../../core/train/data';
import type { DatasetRecord, ImageRecord } from '../storage/schema';
import type { RunDataSummary } from '../workers/train.protocol';
import type { DatasetRole, WorkbenchRunConfig } from '../../core/workbench-config';

/** Split fractions for train-role items that were stored without a split (imports always store one). */
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
  summary: RunDataSummary;
}

export class RunDataError extends Error {
  readonly code = 'data';
}

interface Item {
  key: string;
  patientId?: string;
  split?: SplitName;
  label?: 0 | 1;
  mask?: Uint8Array;
  pixels: Uint8Array;
}

/** Resized to the model input; keys are prefixed with the dataset id so two datasets never collide. */
function itemsOf(d: LoadedDataset, size: number): Item[] {
  const n = d.dataset.imageSize;
  return d.images.map(({ image, pixels, mask }) => {
    if (pixels.length !== n * n) {
      throw new RunDataError(`image "${image.key}" of dataset "${d.dataset.name}" has ${pixels.length} pixels, expected ${n}×${n}`);
    }
    const item: Item = { key: `${d.dataset.id}/${image.key}`, pixels: n === size ? pixels : resizeGray(pixels, n, n, size) };
    if (image.patientId !== undefined) item.patientId = `${d.dataset.id}/${image.patientId}`;
    if (image.split) item.split = image.split;
    if (image.label !== undefined) item.label = image.label;
    if (image.hasMask && mask) item.mask = n === size ? mask : resizeMask(mask, n, n, size);
    return item;
  });
}

function record(it: Item, split: SplitName, labeled: { seg: boolean; cls: boolean }): BudgetedRecord {
  const r: BudgetedRecord = { key: it.key, pixels: it.pixels, split, labeled };
  if (it.label !== undefined) r.label = it.label;
  if (it.mask) r.mask = it.mask;
  return r;
}

/** Which stream lists a dataset feeds: segmentation if it has masks, classification if it has labels (or neither: both, unlabeled). */
function streamsOf(d: LoadedDataset): { seg: boolean; cls: boolean } {
  const seg = d.images.some((i) => i.image.hasMask);
  const cls = d.images.some((i) => i.image.label !== undefined);
  return seg || cls ? { seg, cls } : { seg: true, cls: true };
}

export function assembleRunData(config: WorkbenchRunConfig, loaded: readonly LoadedDataset[]): RunData {
  const size = config.run.model.inputSize;
  const seed = config.run.seed;
  const train: Record<'seg' | 'cls', BudgetedRecord[]> = { seg: [], cls: [] };
  const cross: Record<'seg' | 'cls', BudgetedRecord[]> = { seg: [], cls: [] };
  const add = (into: typeof train, d: LoadedDataset, records: BudgetedRecord[]) => {
    const s = streamsOf(d);
    if (s.seg) into.seg.push(...records);
    if (s.cls) into.cls.push(...records);
  };

  // Train-role datasets are split and budgeted together, so the budget counts over all of them.
  const trainSets = loaded.filter((d) => d.role === 'train');
  const trainItems = trainSets.flatMap((d) => itemsOf(d, size).map((it) => ({ ...it, from: d })));
  const split = assignSplits(trainItems, FALLBACK_FRACTIONS, createRng(seed).fork('run/splits'));
  const budgeted = applyLabelBudget(split, config.budgets, createRng(seed).fork('run/budget'));
  for (const d of trainSets) {
    add(train, d, budgeted.filter((it) => it.from === d).map((it) => record(it, it.split, it.labeled)));
  }

  for (const d of loaded) {
    if (d.role === 'train') continue;
    const items = itemsOf(d, size);
    const full = (it: Item) => ({ seg: it.mask !== undefined, cls: it.label !== undefined });
    if (d.role === 'unlabeled') {
      // Only the image: an unlabeled dataset must never leak its labels or masks into training.
      const stripped = items.map((it) => record({ key: it.key, pixels: it.pixels }, 'train', { seg: false, cls: false }));
      train.seg.push(...stripped);
      train.cls.push(...stripped);
    } else if (d.role === 'validation') add(train, d, items.map((it) => record(it, 'val', full(it))));
    else if (d.role === 'test') add(train, d, items.map((it) => record(it, 'test', full(it))));
    else add(cross, d, items.map((it) => record(it, 'test', full(it))));
  }

  const training = assembleTrainingSet(size, train.seg, train.cls);
  const test = assembleTestSet(size, train.seg, train.cls);
  const crossDomain = assembleTestSet(size, cross.seg, cross.cls);
  const perEpoch = stepsPerEpoch(config.run, training);
  return {
    training,
    test,
    crossDomain,
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
