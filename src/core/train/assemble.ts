// From stored/prepared images (with split and label-budget flags) to the streams a run trains on.
// Shared by the headless runner (files on disk) and the browser worker (IndexedDB records), so both apply the
// same rules: unlabeled samples are stripped of their label/mask, so a budget can never leak supervision.
import type { Sample, TrainingSet, EvaluationSet } from './data';

export type SplitName = 'train' | 'val' | 'test';

export interface BudgetedRecord {
  key: string;
  /** size×size 8-bit gray at the run's input size. */
  pixels: Uint8Array;
  label?: 0 | 1;
  mask?: Uint8Array;
  split: SplitName;
  /** Whether this train item keeps its mask / label under the label budget. */
  labeled: { seg: boolean; cls: boolean };
}

/**
 * Without the supervision a budget removed: the image is all an unlabeled stream may see. A class label the
 * budget withheld travels as `withheldLabel`, read only by the pseudo-label accuracy diagnostic.
 */
function unlabeled(r: BudgetedRecord): Sample {
  return r.label === undefined ? { pixels: r.pixels, id: r.key } : { pixels: r.pixels, id: r.key, withheldLabel: r.label };
}

function withLabel(r: BudgetedRecord): Sample {
  return { pixels: r.pixels, label: r.label as 0 | 1, id: r.key };
}

function withMask(r: BudgetedRecord): Sample {
  return { pixels: r.pixels, mask: r.mask as Uint8Array, id: r.key };
}

/**
 * `segRecords` come from segmentation datasets (image + mask), `clsRecords` from classification datasets
 * (image + label). Train items: labeled ones feed the supervised streams, the others the unlabeled streams.
 * Val items feed validation (model selection).
 */
export function assembleTrainingSet(size: number, segRecords: readonly BudgetedRecord[], clsRecords: readonly BudgetedRecord[]): TrainingSet {
  const segTrain = segRecords.filter((r) => r.split === 'train');
  const clsTrain = clsRecords.filter((r) => r.split === 'train');
  return {
    size,
    labeledSeg: segTrain.filter((r) => r.labeled.seg && r.mask).map(withMask),
    unlabeledSeg: segTrain.filter((r) => !(r.labeled.seg && r.mask)).map(unlabeled),
    labeledCls: clsTrain.filter((r) => r.labeled.cls && r.label !== undefined).map(withLabel),
    unlabeledCls: clsTrain.filter((r) => !(r.labeled.cls && r.label !== undefined)).map(unlabeled),
    valSeg: segRecords.filter((r) => r.split === 'val' && r.mask).map(withMask),
    valCls: clsRecords.filter((r) => r.split === 'val' && r.label !== undefined).map(withLabel),
  };
}

/** The test split of segmentation and classification records (all of their supervision is used). */
export function assembleTestSet(size: number, segRecords: readonly BudgetedRecord[], clsRecords: readonly BudgetedRecord[]): EvaluationSet {
  return {
    size,
    seg: segRecords.filter((r) => r.split === 'test' && r.mask).map(withMask),
    cls: clsRecords.filter((r) => r.split === 'test' && r.label !== undefined).map(withLabel),
  };
}

export function describeTrainingSet(set: TrainingSet): string {
  return (
    `seg: ${set.labeledSeg.length} labeled / ${set.unlabeledSeg.length} unlabeled / ${set.valSeg.length} val; ` +
    `cls: ${set.labeledCls.length} labeled / ${set.unlabeledCls.length} unlabeled / ${set.valCls.length} val`
  );
}
