// The one transaction helper: commit-or-nothing, and errors translated into messages a user can act on.
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StorageError, deleteDatabase, openDatabase, toStorageError, type WorkbenchDatabase } from '../../../src/platform/storage';
import { tx } from '../../../src/platform/storage/db';
import { pixelsFor } from './records';

let db: WorkbenchDatabase;
let dbName = '';
beforeEach(async () => {
  dbName = `tx-${Math.random()}`;
  db = await openDatabase(dbName);
});
afterEach(async () => {
  db.close();
  await deleteDatabase(dbName);
});

describe('tx()', () => {
  it('resolves with the body result once the writes are committed', async () => {
    const n = await tx(db, ['pixels'], 'readwrite', 'writing', async (t) => {
      await t.objectStore('pixels').put({ ...pixelsFor(1, false), datasetId: 'd' });
      return t.objectStore('pixels').count();
    });
    expect(n).toBe(1);
    expect(await db.count('pixels')).toBe(1);
  });

  it('rolls back every write of the transaction when the body fails, with a quota message for quota errors', async () => {
    const err = await tx(db, ['pixels'], 'readwrite', 'importing "x"', async (t) => {
      await t.objectStore('pixels').put({ ...pixelsFor(1, false), datasetId: 'd' });
      await t.objectStore('pixels').put({ ...pixelsFor(2, false), datasetId: 'd' });
      throw new DOMException('quota', 'QuotaExceededError');
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StorageError);
    expect((err as StorageError).code).toBe('quota');
    expect((err as StorageError).message).toContain('while importing "x"');
    expect(await db.count('pixels')).toBe(0);
  });

  it('keeps StorageErrors thrown by the body as they are', async () => {
    const err = await tx(db, ['datasets'], 'readonly', 'reading', () => {
      throw new StorageError('not-found', 'Dataset 7 no longer exists.');
    }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'not-found', message: 'Dataset 7 no longer exists.' });
  });

  it('names the action and the cause for other failures', () => {
    const e = toStorageError(new DOMException('Key already exists', 'ConstraintError'), 'adding images');
    expect(e.code).toBe('conflict');
    expect(e.message).toBe('A record already exists while adding images (Key already exists).');
    expect(toStorageError(new Error('disk on fire'), 'x').message).toBe('Storage failed while x: disk on fire');
  });
});
