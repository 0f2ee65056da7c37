// The dataset repository: imports become visible only when committed, cancel/failure leaves nothing
// behind and never touches another dataset, and the listing/rename/delete/assignment functions.
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  StorageError,
  beginDatasetImport,
  deleteDataset,
  deleteDatabase,
  firstImagesWithPixels,
  getDataset,
  getPixels,
  listDatasets,
  listImages,
  openDatabase,
  renameDataset,
  saveAssignments,
  setDatasetDomain,
  sweepAbandonedImports,
  type WorkbenchDatabase,
} from '../../../src/platform/storage';
import { imageFor, newDataset, pixelsFor } from './records';

let db: WorkbenchDatabase;
let dbName = '';

async function importDataset(name: string, n: number, opts: { masks?: boolean } = {}) {
  const w = await beginDatasetImport(db, newDataset(name));
  await w.putPixels(Array.from({ length: n }, (_, i) => pixelsFor(i, opts.masks ?? false)));
  return w.commit(Array.from({ length: n }, (_, i) => imageFor(i, { label: (i % 2) as 0 | 1, mask: opts.masks ?? false })));
}

async function rawCounts(): Promise<{ datasets: number; images: number; pixels: number }> {
  return { datasets: await db.count('datasets'), images: await db.count('images'), pixels: await db.count('pixels') };
}

beforeEach(async () => {
  dbName = `datasets-${Math.random()}`;
  db = await openDatabase(dbName);
});
afterEach(async () => {
  db.close();
  await deleteDatabase(dbName);
});

describe('dataset import writer', () => {
  it('keeps an import invisible until commit, then lists it with correct counts', async () => {
    const w = await beginDatasetImport(db, newDataset('lungs'));
    await w.putPixels([pixelsFor(0, true), pixelsFor(1, true)]);
    await w.putPixels([pixelsFor(2, false)]);
    expect(await listDatasets(db)).toEqual([]);
    const ready = await w.commit([imageFor(0, { label: 0, mask: true }), imageFor(1, { label: 1, mask: true, split: 'val' }), imageFor(2)]);
    expect(ready.status).toBe('ready');
    expect(ready.counts).toEqual({
      images: 3,
      byClass: { normal: 1, pneumonia: 1, unlabeled: 1 },
      bySplit: { train: 2, val: 1, test: 0 },
      withMask: 2,
      labeledCls: 2,
      labeledSeg: 2,
      unlabeledTrain: { cls: 1, seg: 1 },
    });
    const listed = await listDatasets(db);
    expect(listed.map((d) => d.name)).toEqual(['lungs']);
    expect((await listImages(db, w.datasetId)).map((im) => [im.key, im.datasetId])).toEqual([
      ['img-000', w.datasetId],
      ['img-001', w.datasetId],
      ['img-002', w.datasetId],
    ]);
    const [p1] = await getPixels(db, w.datasetId, ['img-001']);
    expect(p1?.pixels).toEqual(new Uint8Array(64).fill(1));
  });

  it('drops pixels that were written but not committed (e.g. later found to be duplicates)', async () => {
    const w = await beginDatasetImport(db, newDataset('dups'));
    await w.putPixels([pixelsFor(0, false), pixelsFor(1, false)]);
    await w.commit([imageFor(0)]);
    expect(await rawCounts()).toEqual({ datasets: 1, images: 1, pixels: 1 });
  });

  it('refuses to commit an image whose pixels were never written', async () => {
    const w = await beginDatasetImport(db, newDataset('broken'));
    await w.putPixels([pixelsFor(0, false)]);
    await expect(w.commit([imageFor(0), imageFor(1)])).rejects.toThrow(/img-001.*without its pixels/);
    await w.abort();
    expect(await rawCounts()).toEqual({ datasets: 0, images: 0, pixels: 0 });
  });

  it('abort removes the half-written dataset and leaves other datasets untouched', async () => {
    const keep = await importDataset('keep me', 4, { masks: true });
    const before = await rawCounts();
    const w = await beginDatasetImport(db, newDataset('cancelled'));
    await w.putPixels([pixelsFor(0, true), pixelsFor(1, true)]);
    expect((await rawCounts()).pixels).toBe(before.pixels + 2);
    await w.abort();
    await w.abort(); // idempotent
    expect(await rawCounts()).toEqual(before);
    expect((await listImages(db, keep.id)).length).toBe(4);
    expect((await getPixels(db, keep.id, ['img-003']))[0]?.pixels[0]).toBe(3);
  });

  it('a failed commit (duplicate key) rolls back entirely, so abort can clean up', async () => {
    const other = await importDataset('other', 2);
    const w = await beginDatasetImport(db, newDataset('dup keys'));
    await w.putPixels([pixelsFor(0, false)]);
    const err = await w.commit([imageFor(0), imageFor(0)]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StorageError);
    expect((err as StorageError).code).toBe('conflict');
    expect((await getDataset(db, w.datasetId))?.status).toBe('importing');
    expect(await listImages(db, w.datasetId)).toEqual([]);
    await w.abort();
    expect(await getDataset(db, w.datasetId)).toBeUndefined();
    expect((await listDatasets(db)).map((d) => d.id)).toEqual([other.id]);
  });

  it('sweeps imports whose writer went silent, but not fresh ones or ready datasets', async () => {
    const ready = await importDataset('ready', 1);
    const stale = await beginDatasetImport(db, newDataset('crashed tab'));
    await stale.putPixels([pixelsFor(0, false)]);
    const now = Date.now();
    expect(await sweepAbandonedImports(db, now, 60_000)).toEqual([]);
    expect(await sweepAbandonedImports(db, now + 61_000, 60_000)).toEqual([stale.datasetId]);
    expect(await rawCounts()).toEqual({ datasets: 1, images: 1, pixels: 1 });
    expect((await listDatasets(db))[0]?.id).toBe(ready.id);
  });
});

describe('dataset management', () => {
  it('renames with a cleaned name and rejects empty or overlong names', async () => {
    const d = await importDataset('first', 1);
    expect((await renameDataset(db, d.id, '  Kermany   train ')).name).toBe('Kermany train');
    await expect(renameDataset(db, d.id, '   ')).rejects.toThrow(/cannot be empty/);
    await expect(renameDataset(db, d.id, 'x'.repeat(121))).rejects.toThrow(/at most 120/);
    await expect(renameDataset(db, 'nope', 'x')).rejects.toThrow(/no longer exists/);
    expect((await getDataset(db, d.id))?.name).toBe('Kermany train');
  });

  it('tags the domain and rejects unknown tags', async () => {
    const d = await importDataset('shenzhen', 1);
    expect((await setDatasetDomain(db, d.id, 'cross-domain')).domain).toBe('cross-domain');
    await expect(setDatasetDomain(db, d.id, 'elsewhere' as never)).rejects.toThrow(/in-domain, cross-domain/);
  });

  it('deletes one dataset with its images and pixels only', async () => {
    const a = await importDataset('a', 3, { masks: true });
    const b = await importDataset('b', 2);
    await deleteDataset(db, a.id);
    expect(await rawCounts()).toEqual({ datasets: 1, images: 2, pixels: 2 });
    expect((await listImages(db, b.id)).length).toBe(2);
  });

  it('returns thumbnails with their pixels, limited', async () => {
    const d = await importDataset('thumbs', 5, { masks: true });
    const thumbs = await firstImagesWithPixels(db, d.id, 3);
    expect(thumbs.map((t) => [t.image.key, t.pixels.pixels[0]])).toEqual([
      ['img-000', 0],
      ['img-001', 1],
      ['img-002', 2],
    ]);
  });

  it('saves new splits and budget flags with recomputed counts, and refuses a stale image list', async () => {
    const d = await importDataset('assign', 4, { masks: true });
    const images = await listImages(db, d.id);
    const changed = images.map((im, i) => ({ ...im, split: i === 0 ? ('test' as const) : ('train' as const), labeled: { cls: i < 2, seg: i < 1 } }));
    const assignment = { ...d.assignment, seed: 99, budget: { seg: 1, cls: 2 } };
    const saved = await saveAssignments(db, d.id, changed, assignment);
    expect(saved.assignment.seed).toBe(99);
    expect(saved.counts.bySplit).toEqual({ train: 3, val: 0, test: 1 });
    expect(saved.counts.unlabeledTrain).toEqual({ cls: 2, seg: 3 });
    expect((await listImages(db, d.id))[0]?.split).toBe('test');
    await expect(saveAssignments(db, d.id, changed.slice(1), assignment)).rejects.toThrow(/changed while splits/);
  });

  it('reads a dataset stored by an older build with its label budget in the current shape', async () => {
    const d = await importDataset('old-budget', 2);
    const old = { ...d, assignment: { ...d.assignment, budget: { segLabeled: 10, clsLabeled: 'all' } } };
    await db.put('datasets', old as unknown as typeof d); // the shape older builds wrote
    expect((await getDataset(db, d.id))?.assignment.budget).toEqual({ seg: 10, cls: 'all' });
    expect((await listDatasets(db)).find((x) => x.id === d.id)?.assignment.budget).toEqual({ seg: 10, cls: 'all' });
    expect((await renameDataset(db, d.id, 'renamed')).assignment.budget).toEqual({ seg: 10, cls: 'all' });
    expect((await db.get('datasets', d.id))?.assignment.budget).toEqual({ seg: 10, cls: 'all' }); // rewritten on the first change
  });
});
