// A run's sets assembled from stored datasets by role: splits and budgets from the run seed, unlabeled datasets
// stripped of supervision, held-out roles whole, images resized to the model input, and clear errors.
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deleteDatabase, openDatabase, type WorkbenchDatabase } from '../../../src/platform/storage';
import { resizeGray, resizeMask } from '../../../src/core/data/resize';
import { defaultWorkbenchConfig } from '../../../src/core/workbench-config';
import { loadRunData } from '../../../src/platform/training/load-run-data';
import { RunDataError } from '../../../src/platform/training/run-data';
import type { DatasetUse, WorkbenchRunConfig } from '../../../src/core/workbench-config';
import { maskFor, storeDataset } from './stored-datasets';

let db: WorkbenchDatabase;
let dbName = '';
beforeEach(async () => {
  dbName = `run-data-${Math.random()}`;
  db = await openDatabase(dbName);
});
afterEach(async () => {
  db.close();
  await deleteDatabase(dbName);
});

function config(datasets: DatasetUse[], budgets: WorkbenchRunConfig['budgets'] = { seg: 'all', cls: 'all' }, seed = 3): WorkbenchRunConfig {
  const c = defaultWorkbenchConfig(datasets, 'wasm');
  return { ...c, budgets, run: { ...c.run, seed, model: { ...c.run.model, inputSize: 32 } } };
}

const trainValTest = (i: number) => (i % 10 === 0 ? 'val' : i % 10 === 1 ? 'test' : 'train') as 'train' | 'val' | 'test';

describe('loadRunData', () => {
  it('splits by the stored split, budgets train items with the run seed, and keeps held-out supervision', async () => {
    const both = await storeDataset(db, { name: 'both', count: 40, labels: true, masks: true, split: trainValTest });
    const data = await loadRunData(db, config([{ datasetId: both.id, role: 'train' }], { seg: 5, cls: 8 }));
    const t = data.training;
    expect([t.labeledSeg.length, t.unlabeledSeg.length, t.labeledCls.length, t.unlabeledCls.length]).toEqual([5, 27, 8, 24]);
    expect([t.valSeg.length, t.valCls.length, data.test.seg.length, data.test.cls.length]).toEqual([4, 4, 4, 4]);
    // Budgeted-away supervision never reaches the unlabeled streams.
    expect(t.unlabeledCls.every((s) => s.label === undefined && s.mask === undefined)).toBe(true);
    expect(t.unlabeledSeg.every((s) => s.label === undefined && s.mask === undefined)).toBe(true);
    // Balanced classes among the labeled classification images (applyLabelBudget alternates classes).
    expect(t.labeledCls.filter((s) => s.label === 1).length).toBe(4);
    expect(data.summary).toMatchObject({ inputSize: 32, labeledSeg: 5, labeledCls: 8, testSeg: 4, synthetic: false });
  });

  it('is reproducible from config + seed, and another seed picks other labeled images', async () => {
    const d = await storeDataset(db, { name: 'd', count: 30, labels: true, masks: true });
    const pick = async (seed: number) =>
      (await loadRunData(db, config([{ datasetId: d.id, role: 'train' }], { seg: 4, cls: 6 }, seed))).training.labeledSeg.map((s) => s.id);
    expect(await pick(3)).toEqual(await pick(3));
    expect(await pick(4)).not.toEqual(await pick(3));
  });

  it('resizes stored 64² pixels and masks to the model input with the core resize', async () => {
    const d = await storeDataset(db, { name: 'r', count: 4, labels: true, masks: true });
    const data = await loadRunData(db, config([{ datasetId: d.id, role: 'train' }]));
    const s = data.training.labeledSeg.find((x) => x.id === `${d.id}/r-001`)!;
    expect(s.pixels).toEqual(resizeGray(new Uint8Array(64 * 64).fill(7), 64, 64, 32));
    expect(s.mask).toEqual(resizeMask(maskFor(1, 64), 64, 64, 32));
    expect(s.mask!.length).toBe(32 * 32);
  });

  it('unlabeled datasets feed only the unlabeled streams; validation/test/cross-domain datasets are used whole', async () => {
    const train = await storeDataset(db, { name: 'train', count: 10, labels: true, masks: true });
    const extra = await storeDataset(db, { name: 'extra', count: 6, labels: true, masks: true });
    const val = await storeDataset(db, { name: 'val', count: 3, labels: true });
    const test = await storeDataset(db, { name: 'test', count: 5, masks: true });
    const cross = await storeDataset(db, { name: 'cross', count: 7, labels: true, domain: 'cross-domain' });
    const data = await loadRunData(db, config([
      { datasetId: train.id, role: 'train' },
      { datasetId: extra.id, role: 'unlabeled' },
      { datasetId: val.id, role: 'validation' },
      { datasetId: test.id, role: 'test' },
      { datasetId: cross.id, role: 'cross-domain' },
    ]));
    const t = data.training;
    expect([t.labeledSeg.length, t.labeledCls.length, t.unlabeledSeg.length, t.unlabeledCls.length]).toEqual([10, 10, 6, 6]);
    expect(t.unlabeledCls.every((s) => s.id!.startsWith(extra.id) && s.label === undefined && s.mask === undefined)).toBe(true);
    expect([t.valSeg.length, t.valCls.length]).toEqual([0, 3]);
    expect([data.test.seg.length, data.test.cls.length]).toEqual([5, 0]);
    expect([data.crossDomain.seg.length, data.crossDomain.cls.length]).toEqual([0, 7]);
  });

  it('names the dataset that is missing or empty', async () => {
    await expect(loadRunData(db, config([{ datasetId: 'gone', role: 'train' }]))).rejects.toThrow(/dataset gone \(role train\) no longer exists/);
    await expect(loadRunData(db, config([{ datasetId: 'gone', role: 'train' }]))).rejects.toBeInstanceOf(RunDataError);
  });
});
