// The import pipeline end to end in Node: plan → prepare (JS decoder) → IndexedDB (fake-indexeddb),
// including skipped files, cancel, quota refusal and all-or-nothing behaviour.
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fileMap, planImport } from '../../../src/core/data';
import {
  deleteDatabase,
  getPixels,
  listDatasets,
  listImages,
  openDatabase,
  StorageError,
  type WorkbenchDatabase,
} from '../../../src/platform/storage';
import { ImportCancelledError, importPlan, storedContent } from '../../../src/platform/import/import-run';
import { DEFAULT_ASSIGNMENT } from '../../../src/platform/import/assignment';
import { createPhantomDataset, SYNTHETIC_LABEL } from '../../../src/platform/import/phantom-dataset';
import { imageMaskFolder, kermanyFolder, memoryFile, pngBytes } from './sources';

let db: WorkbenchDatabase;
let dbName = '';
beforeEach(async () => {
  dbName = `import-${Math.random()}`;
  db = await openDatabase(dbName);
});
afterEach(async () => {
  vi.unstubAllGlobals();
  db.close();
  await deleteDatabase(dbName);
});

const choice = (name: string) => ({ name, domain: 'in-domain' as const, source: 'test' });

describe('importPlan', () => {
  it('finds content already stored in another dataset: ask counts it, skip leaves it out, import makes "name (2)"', async () => {
    const files = imageMaskFolder('lungs', 4);
    const [plan] = await planImport(files);
    const first = await importPlan(plan!, fileMap(files), choice('lungs'), DEFAULT_ASSIGNMENT, { db });
    expect(first.alreadyStored).toBeUndefined();
    // The same pictures again plus one new one (another seed).
    const extra = imageMaskFolder('more', 1, 50);
    const newFiles = [...imageMaskFolder('lungs', 4), ...(await Promise.all(extra.map(async (f) => memoryFile(f.path.replace('more/', 'lungs/').replace('case0', 'new'), await f.read()))))];
    const [plan2] = await planImport(newFiles);
    expect(plan2!.items).toHaveLength(5);
    const content = await storedContent(db);
    expect(content.size).toBe(4);

    const asked = await importPlan(plan2!, fileMap(newFiles), choice('lungs'), DEFAULT_ASSIGNMENT, { db, stored: { content, policy: 'ask' } });
    expect(asked.alreadyStored).toEqual([{ dataset: 'lungs', existingId: first.dataset!.id, existingName: 'lungs', count: 4, of: 5 }]);

    const skipped = await importPlan(plan2!, fileMap(newFiles), choice('lungs'), DEFAULT_ASSIGNMENT, { db, stored: { content, policy: 'skip' } });
    expect(skipped.imported).toBe(1);
    expect(skipped.skipped.filter((i) => i.code === 'duplicate-image').map((i) => i.message)).toEqual(
      [0, 1, 2, 3].map((i) => `lungs/images/case${i}.png: same pixels as an image already stored in "lungs"; skipped (you chose to skip duplicates)`),
    );

    const kept = await importPlan(plan2!, fileMap(newFiles), choice('lungs'), DEFAULT_ASSIGNMENT, { db, stored: { content, policy: 'import' } });
    expect(kept.imported).toBe(5);
    // Distinct names: the three imports above were all called "lungs".
    expect([asked.name, skipped.name, kept.name]).toEqual(['lungs (2)', 'lungs (3)', 'lungs (4)']);
    expect((await listDatasets(db)).map((d) => d.name).sort()).toEqual(['lungs', 'lungs (2)', 'lungs (3)', 'lungs (4)']);
  });

  it('imports an image+mask folder, skipping a duplicate and a corrupt file with their reasons', async () => {
    const files = imageMaskFolder('lungs', 8);
    files.push(memoryFile('lungs/images/copy.png', pngBytes(48, 40, 3))); // same pixels as case3
    files.push(memoryFile('lungs/masks/copy.png', (await files[7]!.read()).slice()));
    files.push(memoryFile('lungs/images/broken.png', pngBytes(48, 40, 99).subarray(0, 60)));
    files.push(memoryFile('lungs/masks/broken.png', (await files[1]!.read()).slice()));
    const [plan, ...rest] = await planImport(files);
    expect(rest).toEqual([]);
    expect(plan?.layout).toBe('image-mask');
    const progress: number[] = [];
    const result = await importPlan(plan!, fileMap(files), choice('lungs'), DEFAULT_ASSIGNMENT, {
      db,
      progressEveryMs: 0,
      onProgress: (p) => progress.push(p.done),
    });
    expect(result.imported).toBe(8);
    expect(result.skipped.map((s) => [s.path, s.code])).toEqual([
      ['lungs/images/broken.png', 'corrupt-image'],
      ['lungs/images/copy.png', 'duplicate-image'],
    ]);
    expect(result.skipped[1]?.message).toMatch(/same pixels as lungs\/images\/case3\.png/);
    expect(progress.at(-1)).toBe(10);
    const ds = result.dataset!;
    expect(ds.status).toBe('ready');
    expect(ds.counts.images).toBe(8);
    expect(ds.counts.withMask).toBe(8);
    expect(ds.counts.bySplit.train + ds.counts.bySplit.val + ds.counts.bySplit.test).toBe(8);
    const images = await listImages(db, ds.id);
    expect(images.map((im) => im.key).sort()).toEqual(Array.from({ length: 8 }, (_, i) => `images/case${i}`).sort());
    expect(images.every((im) => im.originalWidth === 48 && im.originalHeight === 40 && im.hasMask)).toBe(true);
    const [px] = await getPixels(db, ds.id, ["images/case0"]);
    expect(px?.pixels.length).toBe(256 * 256);
    expect(new Set(px?.mask)).toEqual(new Set([0, 255]));
    // Pixels for the skipped duplicate were never committed.
    expect(await db.count('pixels')).toBe(8);
  });

  it('keeps Kermany folder splits and labels, and balances the cls budget', async () => {
    const files = kermanyFolder('chest_xray', 6);
    const [plan] = await planImport(files);
    expect(plan?.layout).toBe('kermany');
    const result = await importPlan(plan!, fileMap(files), choice('kermany'), { ...DEFAULT_ASSIGNMENT, budget: { seg: 'all', cls: 4 } }, { db });
    const c = result.dataset!.counts;
    expect(c.byClass).toEqual({ normal: 12, pneumonia: 12, unlabeled: 0 });
    expect(c.bySplit).toEqual({ train: 12, val: 0, test: 12 });
    expect(c.labeledCls).toBe(4 + 12); // 4 kept in train + every test image
    const images = await listImages(db, result.dataset!.id);
    const trainLabeled = images.filter((im) => im.split === 'train' && im.labeled.cls);
    expect(trainLabeled.filter((im) => im.label === 0).length).toBe(2);
    expect(images.every((im) => im.layoutSplit === im.split)).toBe(true);
    expect(images.find((im) => im.key.includes('PNEUMONIA'))?.label).toBe(1);
  });

  it('cancel removes everything of the import and leaves other datasets alone', async () => {
    const keepFiles = imageMaskFolder('keep', 3, 500);
    const [keepPlan] = await planImport(keepFiles);
    const kept = await importPlan(keepPlan!, fileMap(keepFiles), choice('keep'), DEFAULT_ASSIGNMENT, { db });
    const files = imageMaskFolder('big', 80);
    const [plan] = await planImport(files);
    const controller = new AbortController();
    const run = importPlan(plan!, fileMap(files), choice('big'), DEFAULT_ASSIGNMENT, {
      db,
      batchSize: 8,
      progressEveryMs: 0,
      signal: controller.signal,
      onProgress: (p) => {
        if (p.done === 40) controller.abort();
      },
    });
    await expect(run).rejects.toBeInstanceOf(ImportCancelledError);
    expect((await listDatasets(db)).map((d) => d.name)).toEqual(['keep']);
    expect(await db.count('datasets')).toBe(1);
    expect(await db.count('pixels')).toBe(3);
    expect((await listImages(db, kept.dataset!.id)).length).toBe(3);
  });

  it('refuses an import that does not fit before writing anything', async () => {
    vi.stubGlobal('navigator', { storage: { estimate: async () => ({ usage: 0, quota: 100_000 }) } });
    const files = imageMaskFolder('lungs', 4);
    const [plan] = await planImport(files);
    const err = await importPlan(plan!, fileMap(files), choice('lungs'), DEFAULT_ASSIGNMENT, { db }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StorageError);
    expect((err as StorageError).message).toMatch(/Not enough browser storage for "lungs" \(4 images\)/);
    expect(await db.count('datasets')).toBe(0);
  });

  it('keeps nothing when every file was skipped', async () => {
    const files = [memoryFile('x/images/a.png', new TextEncoder().encode('not a png at all')), memoryFile('x/masks/a.png', pngBytes(40, 40, 1))];
    const [plan] = await planImport(files);
    const result = await importPlan(plan!, fileMap(files), choice('x'), DEFAULT_ASSIGNMENT, { db });
    expect(result.dataset).toBeNull();
    expect(result.skipped.map((s) => s.code)).toEqual(['not-an-image']);
    expect(await db.count('datasets')).toBe(0);
  });
});

describe('createPhantomDataset', () => {
  it('stores a clearly labelled synthetic dataset with masks and both classes', async () => {
    const result = await createPhantomDataset(db, { count: 12, seed: 3 }, DEFAULT_ASSIGNMENT);
    const ds = result.dataset!;
    expect(ds.synthetic).toBe(true);
    expect(ds.layout).toBe('synthetic-phantom');
    expect(ds.name).toContain(SYNTHETIC_LABEL);
    expect(ds.counts.images).toBe(12);
    expect(ds.counts.withMask).toBe(12);
    expect(ds.counts.byClass).toEqual({ normal: 6, pneumonia: 6, unlabeled: 0 });
    const images = await listImages(db, ds.id);
    expect(images.every((im) => im.synthetic === true && im.sourcePath.startsWith('synthetic://'))).toBe(true);
  });
});
