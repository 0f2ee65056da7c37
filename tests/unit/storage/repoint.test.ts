// A run whose datasets were deleted can be re-pointed to stored ones (issue 12); run names stay unique.
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deleteDatabase, getRun, openDatabase, putRun, repointRunDatasets, type RunRecord, type WorkbenchDatabase } from '../../../src/platform/storage';
import { uniqueRunName } from '../../../src/app/store/run-names';
import { storeDataset } from '../training/stored-datasets';

let db: WorkbenchDatabase;
let name = '';
beforeEach(async () => {
  name = `repoint-${Math.random()}`;
  db = await openDatabase(name);
});
afterEach(async () => {
  db.close();
  await deleteDatabase(name);
});

describe('re-pointing a run', () => {
  it('swaps the deleted dataset for the chosen one in its roles and ids, and refuses a missing replacement', async () => {
    const kept = await storeDataset(db, { name: 'kept', count: 4, labels: true });
    const other = await storeDataset(db, { name: 'other', count: 4, labels: true });
    const run = {
      id: 'r', name: 'r', created: 1, updated: 1, status: 'failed', config: {}, datasetIds: ['gone', kept.id], curves: {},
      workbench: { datasets: [{ datasetId: 'gone', role: 'train' }, { datasetId: kept.id, role: 'test' }] },
    } as unknown as RunRecord;
    await putRun(db, run);
    await expect(repointRunDatasets(db, 'r', { gone: 'nope' })).rejects.toThrow(/Dataset nope no longer exists/);
    await repointRunDatasets(db, 'r', { gone: other.id });
    const after = await getRun(db, 'r');
    expect(after!.datasetIds).toEqual([other.id, kept.id]);
    expect(after!.workbench!.datasets).toEqual([{ datasetId: other.id, role: 'train' }, { datasetId: kept.id, role: 'test' }]);
    expect(after!.status).toBe('failed');
  });

  it('names a run started in the same second as another apart from it', () => {
    expect(uniqueRunName('a', [{ name: 'b' }])).toBe('a');
    expect(uniqueRunName('a', [{ name: 'a' }])).toBe('a (2)');
    expect(uniqueRunName('a', [{ name: 'a' }, { name: 'a (2)' }])).toBe('a (3)');
    // Issue 9: re-importing an export of "a (2)" gives "a (3)", not "a (2) (2)".
    expect(uniqueRunName('a (2)', [{ name: 'a' }, { name: 'a (2)' }])).toBe('a (3)');
  });
});
