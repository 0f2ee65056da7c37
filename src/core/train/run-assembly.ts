// One run assembly for the browser and the headless runner (issue 10, item 1): datasets with roles + split
// fractions + label budgets + seed → the training, validation, test and cross-domain sets, and the image keys
// of each, so a run can record exactly what it used. The browser (platform/training/run-data.ts, datasets from
// IndexedDB) and `npm run experiment` (cli/run-experiment.ts, folders on disk) both call `assembleRun`, with the
// same random streams, so the same datasets, config and seed give the same sets.
import { createRng } from '../rng';
import { applyLabelBudget, assignSplits } from '../data/splits';
import type { LabelBudget, Split, SplitFractions } from '../data/types';
import { assembleTestSet, assembleTrainingSet, type BudgetedRecord } from './assemble';
import type { EvaluationSet, Sample, TrainingSet } from './data';

/**
 * What a dataset is used for in a run.
 * - `train`: split by patient (given splits kept, see `assembleRun`), label-budgeted; feeds training, and its
 *   val / test splits validate and test.
 * - `unlabeled`: every image feeds only the unlabeled streams (its labels and masks are never read).
 * - `validation` / `test` / `cross-domain`: the whole dataset is used for that purpose.
 */
export const RUN_ROLES = ['train', 'unlabeled', 'validation', 'test', 'cross-domain'] as const;
export type RunRole = (typeof RUN_ROLES)[number];

/** One image at the run's input size. */
export interface RunItem {
  /** Unique within its dataset. */
  key: string;
  /** size×size 8-bit gray. */
  pixels: Uint8Array;
  patientId?: string;
  /** A split the layout or the user gave; see `assembleRun` for when it is kept. */
  split?: Split;
  label?: 0 | 1;
  /** size×size, > 0 = lung. */
  mask?: Uint8Array;
}

export interface RunDataset {
  /** Prefixes every key and patient id, so two datasets never collide. */
  id: string;
  /** For error messages. */
  name?: string;
  role: RunRole;
  items: readonly RunItem[];
}

export interface RunAssemblyOptions {
  /** Model input size; every item must have size² pixels. */
  size: number;
  seed: number;
  budgets: LabelBudget;
  /** Fractions of train patients carved into validation / test when the datasets give none. */
  fractions: SplitFractions;
}

/** The image keys (`<dataset id>/<key>`) of every set, for the run's record. */
export interface RunImageKeys {
  labeledSeg: string[];
  unlabeledSeg: string[];
  labeledCls: string[];
  unlabeledCls: string[];
  valSeg: string[];
  valCls: string[];
  testSeg: string[];
  testCls: string[];
  crossSeg: string[];
  crossCls: string[];
}

export interface AssembledRun {
  training: TrainingSet;
  test: EvaluationSet;
  crossDomain: EvaluationSet;
  keys: RunImageKeys;
  /** Whether validation / test images were carved from the train datasets (the datasets gave none). */
  carved: { val: boolean; test: boolean };
}

/** Segmentation streams if the dataset has masks, classification if labels (neither: both, unlabeled). */
function streamsOf(d: RunDataset): { seg: boolean; cls: boolean } {
  const seg = d.items.some((i) => i.mask !== undefined);
  const cls = d.items.some((i) => i.label !== undefined);
  return seg || cls ? { seg, cls } : { seg: true, cls: true };
}

function record(it: RunItem, split: Split, labeled: { seg: boolean; cls: boolean }): BudgetedRecord {
  const r: BudgetedRecord = { key: it.key, pixels: it.pixels, split, labeled };
  if (it.label !== undefined) r.label = it.label;
  if (it.mask) r.mask = it.mask;
  return r;
}

const ids = (samples: readonly Sample[]) => samples.map((s) => s.id ?? '');

/**
 * Assembles a run. Splits and budgets use `createRng(seed).fork('run/splits' | 'run/budget')` over all `train`
 * datasets together (budgets count over all of them).
 * Validation is always carved from the train datasets when the run would otherwise have none (no item with a
 * `val` split, no `validation` dataset): given `train` splits are then dropped and `fractions.val` of the
 * patients (seeded, stratified by class) become validation; likewise `fractions.test` for test when there is
 * no test split and no `test` dataset. Given `val` / `test` splits are always kept.
 * Throws naming the dataset and image when an image is not size×size.
 */
export function assembleRun(datasets: readonly RunDataset[], opts: RunAssemblyOptions): AssembledRun {
  const { size, seed } = opts;
  for (const d of datasets) {
    for (const it of d.items) {
      if (it.pixels.length !== size * size || (it.mask && it.mask.length !== size * size)) {
        throw new Error(`image "${it.key}" of dataset "${d.name ?? d.id}" is not ${size}×${size} (${it.pixels.length} pixels${it.mask ? `, mask ${it.mask.length}` : ''})`);
      }
    }
  }
  const prefixed = (d: RunDataset, it: RunItem): RunItem => {
    const out: RunItem = { ...it, key: `${d.id}/${it.key}` };
    if (it.patientId !== undefined) out.patientId = `${d.id}/${it.patientId}`;
    return out;
  };
  const train: Record<'seg' | 'cls', BudgetedRecord[]> = { seg: [], cls: [] };
  const cross: Record<'seg' | 'cls', BudgetedRecord[]> = { seg: [], cls: [] };
  const add = (into: typeof train, d: RunDataset, records: BudgetedRecord[]) => {
    const s = streamsOf(d);
    if (s.seg) into.seg.push(...records);
    if (s.cls) into.cls.push(...records);
  };

  const trainSets = datasets.filter((d) => d.role === 'train');
  const hasVal = datasets.some((d) => d.role === 'validation' && d.items.length > 0) || trainSets.some((d) => d.items.some((i) => i.split === 'val'));
  const hasTest = datasets.some((d) => d.role === 'test' && d.items.length > 0) || trainSets.some((d) => d.items.some((i) => i.split === 'test'));
  const keepGivenTrain = hasVal && hasTest;
  const trainItems = trainSets.flatMap((d) =>
    d.items.map((raw) => {
      const it = { ...prefixed(d, raw), from: d };
      if (it.split === 'train' && !keepGivenTrain) delete it.split;
      return it;
    }),
  );
  const fractions = { val: hasVal ? 0 : opts.fractions.val, test: hasTest ? 0 : opts.fractions.test };
  const split = assignSplits(trainItems, fractions, createRng(seed).fork('run/splits'));
  const budgeted = applyLabelBudget(split, opts.budgets, createRng(seed).fork('run/budget'));
  for (const d of trainSets) add(train, d, budgeted.filter((it) => it.from === d).map((it) => record(it, it.split, it.labeled)));

  for (const d of datasets) {
    if (d.role === 'train') continue;
    const items = d.items.map((it) => prefixed(d, it));
    const full = (it: RunItem) => ({ seg: it.mask !== undefined, cls: it.label !== undefined });
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
  return {
    training,
    test,
    crossDomain,
    keys: {
      labeledSeg: ids(training.labeledSeg), unlabeledSeg: ids(training.unlabeledSeg),
      labeledCls: ids(training.labeledCls), unlabeledCls: ids(training.unlabeledCls),
      valSeg: ids(training.valSeg), valCls: ids(training.valCls),
      testSeg: ids(test.seg), testCls: ids(test.cls), crossSeg: ids(crossDomain.seg), crossCls: ids(crossDomain.cls),
    },
    carved: { val: !hasVal && fractions.val > 0, test: !hasTest && fractions.test > 0 },
  };
}

/**
 * Rebuilds a run's sets from the image keys it recorded (`AssembledRun.keys`, `<dataset id>/<image key>`), in
 * the recorded order, so a resumed or re-run run trains, validates and tests on exactly the images it started
 * with even when a dataset was edited since (images added, splits or roles changed, another budget chosen):
 * with unchanged images, the result equals the original `assembleRun`'s sets. Pixels, labels and masks are
 * read from `datasets` as they are now (an unlabeled image carries its class as `withheldLabel` unless its
 * dataset has the role `unlabeled`, as in `assembleRun`). `carved` is reported as false: the split was made
 * when the run started. Throws, naming up to 5 images, when recorded images are gone or lost the label / mask
 * their set needs, and when an image is not size×size.
 */
export function assembleRunFromKeys(datasets: readonly RunDataset[], keys: RunImageKeys, size: number): AssembledRun {
  const byKey = new Map<string, { it: RunItem; d: RunDataset }>();
  for (const d of datasets) for (const it of d.items) byKey.set(`${d.id}/${it.key}`, { it, d });
  const missing: string[] = [];
  const unusable: string[] = [];
  const pick = (list: readonly string[], need: 'mask' | 'label' | 'image'): Sample[] =>
    list.flatMap((id): Sample[] => {
      const hit = byKey.get(id);
      if (!hit) {
        missing.push(id);
        return [];
      }
      const { it, d } = hit;
      if (it.pixels.length !== size * size || (it.mask && it.mask.length !== size * size)) {
        throw new Error(`image "${it.key}" of dataset "${d.name ?? d.id}" is not ${size}×${size} (${it.pixels.length} pixels${it.mask ? `, mask ${it.mask.length}` : ''})`);
      }
      if (need === 'mask') {
        if (!it.mask) unusable.push(`${id} (no mask)`);
        return it.mask ? [{ pixels: it.pixels, mask: it.mask, id }] : [];
      }
      if (need === 'label') {
        if (it.label === undefined) unusable.push(`${id} (no class label)`);
        return it.label === undefined ? [] : [{ pixels: it.pixels, label: it.label, id }];
      }
      return [it.label === undefined || d.role === 'unlabeled' ? { pixels: it.pixels, id } : { pixels: it.pixels, id, withheldLabel: it.label }];
    });
  const training: TrainingSet = {
    size,
    labeledSeg: pick(keys.labeledSeg, 'mask'), unlabeledSeg: pick(keys.unlabeledSeg, 'image'),
    labeledCls: pick(keys.labeledCls, 'label'), unlabeledCls: pick(keys.unlabeledCls, 'image'),
    valSeg: pick(keys.valSeg, 'mask'), valCls: pick(keys.valCls, 'label'),
  };
  const test: EvaluationSet = { size, seg: pick(keys.testSeg, 'mask'), cls: pick(keys.testCls, 'label') };
  const crossDomain: EvaluationSet = { size, seg: pick(keys.crossSeg, 'mask'), cls: pick(keys.crossCls, 'label') };
  const list = (xs: string[]) => `${[...new Set(xs)].slice(0, 5).join(', ')}${new Set(xs).size > 5 ? ` and ${new Set(xs).size - 5} more` : ''}`;
  if (missing.length > 0) throw new Error(`${new Set(missing).size} images this run used are gone from its datasets (${list(missing)}); it cannot continue on the same data`);
  if (unusable.length > 0) throw new Error(`${new Set(unusable).size} images this run used lost the supervision their set needs: ${list(unusable)}`);
  return { training, test, crossDomain, keys, carved: { val: false, test: false } };
}
