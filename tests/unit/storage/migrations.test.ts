// Opening an older schema with data in it and upgrading must keep every record and index working.
import 'fake-indexeddb/auto';
import { openDB } from 'idb';
import { afterEach, describe, expect, it } from 'vitest';
import {
  SCHEMA_VERSION,
  StorageError,
  deleteDatabase,
  getPixels,
  listDatasets,
  listImages,
  openDatabase,
  putRun,
  listRuns,
  listGrids,
  putGrid,
  updateGrid,
  type DatasetRecord,
  type ImageRecord,
} from '../../../src/platform/storage';
import { countImages } from '../../../src/platform/storage/counts';
import { DEFAULT_RUN_CONFIG } from '../../../src/core/config';
import { defaultWorkbenchConfig } from '../../../src/core/workbench-config';
import { queueCells, type GridSpec } from '../../../src/core/research/grid-plan';
import { imageFor, newDataset, pixelsFor } from './records';

let dbName = '';
afterEach(async () => {
  await deleteDatabase(dbName);
});

describe('schema migrations', () => {
  it('has more than one step, so the upgrade path is exercised', () => {
    // Exact: a new migration step must come with an upgrade test of its own and a bump here (v3: curve chunks,
    // v4: experiment grids).
    expect(SCHEMA_VERSION).toBe(4);
  });

  it('upgrades a version-1 database with a dataset in it without losing anything', async () => {
    dbName = `migrate-${Math.random()}`;
    const v1 = await openDatabase(dbName, 1);
    expect([...v1.objectStoreNames].sort()).toEqual(['datasets', 'images', 'pixels']);
    const images: ImageRecord[] = [0, 1, 2].map((i) => ({ ...imageFor(i, { label: (i % 2) as 0 | 1, mask: i === 2 }), datasetId: 'ds-old' }));
    const dataset: DatasetRecord = {
      ...newDataset('old data'),
      id: 'ds-old',
      created: 1,
      updated: 1,
      status: 'ready',
      heartbeat: 1,
      counts: countImages(images),
    };
    const t = v1.transaction(['datasets', 'images', 'pixels'], 'readwrite');
    await t.objectStore('datasets').put(dataset);
    for (const [i, im] of images.entries()) {
      await t.objectStore('images').put(im);
      await t.objectStore('pixels').put({ ...pixelsFor(i, i === 2), datasetId: 'ds-old' });
    }
    await t.done;
    v1.close();

    const current = await openDatabase(dbName);
    expect(current.version).toBe(SCHEMA_VERSION);
    expect([...current.objectStoreNames].sort()).toEqual(['checkpoints', 'curveChunks', 'datasets', 'grids', 'images', 'models', 'pixels', 'runs']);
    expect(await listDatasets(current)).toEqual([dataset]);
    expect(await listImages(current, 'ds-old')).toEqual(images);
    expect(await current.getAllFromIndex('images', 'by-dataset', 'ds-old')).toHaveLength(3);
    const px = await getPixels(current, 'ds-old', ['img-002', 'img-000']);
    expect(px[0]?.pixels[5]).toBe(2);
    expect(px[0]?.mask?.[1]).toBe(255);
    expect(px[1]?.pixels[0]).toBe(0);
    expect(px[1]?.mask).toBeUndefined();
    // The stores added by the upgrade are usable straight away.
    await putRun(current, { id: 'r1', name: 'run', created: 5, updated: 5, status: 'stopped', config: DEFAULT_RUN_CONFIG, datasetIds: ['ds-old'], curves: {} });
    expect((await listRuns(current)).map((r) => r.id)).toEqual(['r1']);
    current.close();
  });

  it('upgrades a version-3 database with a run in it: the run stays, the grids store is new and usable', async () => {
    dbName = `migrate-v3-${Math.random()}`;
    const v3 = await openDatabase(dbName, 3);
    expect([...v3.objectStoreNames]).not.toContain('grids');
    const run = { id: 'r-old', name: 'old run', created: 2, updated: 3, status: 'finished' as const, config: DEFAULT_RUN_CONFIG, datasetIds: ['ds'], validation: {} };
    await v3.put('runs', run);
    v3.close();

    const current = await openDatabase(dbName);
    expect(current.version).toBe(4);
    expect((await listRuns(current)).map((r) => [r.id, r.status])).toEqual([['r-old', 'finished']]);
    expect(await listGrids(current)).toEqual([]);
    const spec: GridSpec = {
      variants: ['unet', 'multimix'], budgets: [{ seg: 10, cls: 100 }], seeds: [1, 2], baseline: 'unet',
      base: { ...defaultWorkbenchConfig([{ datasetId: 'ds', role: 'train' }]), run: { ...DEFAULT_RUN_CONFIG, stepsPerEpoch: 5 } },
    };
    await putGrid(current, { id: 'g1', name: 'grid', created: 10, updated: 10, spec, cells: queueCells(spec), status: 'active' });
    const after = await updateGrid(current, 'g1', (g) => ({ ...g, cells: g.cells.map((c, i) => (i === 0 ? { ...c, status: 'running', runId: 'r1' } : c)) }));
    expect(after.cells.map((c) => c.status)).toEqual(['running', 'queued', 'queued', 'queued']);
    expect((await listGrids(current))[0]?.cells[0]?.runId).toBe('r1');
    current.close();
  });

  it('refuses a database written by a newer build with a message saying so', async () => {
    dbName = `newer-${Math.random()}`;
    const future = await openDB(dbName, SCHEMA_VERSION + 3);
    future.close();
    const err = await openDatabase(dbName).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StorageError);
    expect((err as StorageError).code).toBe('unavailable');
    expect((err as StorageError).message).toMatch(/newer version/);
  });
});
