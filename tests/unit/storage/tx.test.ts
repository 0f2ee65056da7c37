// The one transaction helper: commit-or-nothing, and errors translated into messages a user can act on.
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StorageError, allowWritesAgain, deleteDatabase, openDatabase, toStorageError, writesStopped, type WorkbenchDatabase } from '../../../src/platform/storage';
import { tx } from '../../../src/platform/storage/db';
import { pixelsFor } from './records';

let db: WorkbenchDatabase;
let dbName = '';
beforeEach(async () => {
  dbName = `tx-${Math.random()}`;
  db = await openDatabase(dbName);
});
afterEach(async () => {
  allowWritesAgain();
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

  it('rolls back every write of the transaction when the body fails; a full disk stops every further write (issue 12)', async () => {
    await tx(db, ['pixels'], 'readwrite', 'writing', (t) => t.objectStore('pixels').put({ ...pixelsFor(9, false), datasetId: 'kept' }));
    const err = await tx(db, ['pixels'], 'readwrite', 'importing "x"', async (t) => {
      await t.objectStore('pixels').put({ ...pixelsFor(1, false), datasetId: 'd' });
      await t.objectStore('pixels').put({ ...pixelsFor(2, false), datasetId: 'd' });
      throw new DOMException('quota', 'QuotaExceededError');
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StorageError);
    expect((err as StorageError).code).toBe('stopped');
    expect((err as StorageError).message).toMatch(/^Browser storage is full: writing failed while importing "x" \(QuotaExceededError: quota\)\. .*stopped all further writes/);
    expect(await db.count('pixels')).toBe(1);
    expect(writesStopped()?.message).toBe((err as StorageError).message);
    // Never tried again: the next write is refused before any transaction opens; reads go on.
    let opened = false;
    const next = await tx(db, ['pixels'], 'readwrite', 'deleting a dataset', (t) => {
      opened = true;
      return t.objectStore('pixels').clear();
    }).catch((e: unknown) => e);
    expect(opened).toBe(false);
    expect(next).toMatchObject({ code: 'stopped' });
    expect((next as StorageError).message).toMatch(/^Not deleting a dataset: Browser storage is full/);
    expect(await tx(db, ['pixels'], 'readonly', 'reading', (t) => t.objectStore('pixels').count())).toBe(1);
    allowWritesAgain();
    await tx(db, ['pixels'], 'readwrite', 'writing', (t) => t.objectStore('pixels').clear());
    expect(await db.count('pixels')).toBe(0);
  });

  it('an UnknownError that says the disk is full stops writes too; other failures do not', async () => {
    const other = await tx(db, ['pixels'], 'readwrite', 'x', () => {
      throw new DOMException('Key already exists', 'ConstraintError');
    }).catch((e: unknown) => e);
    expect(other).toMatchObject({ code: 'conflict' });
    expect(writesStopped()).toBeNull();
    const full = await tx(db, ['pixels'], 'readwrite', 'saving a checkpoint', () => {
      throw new DOMException('Internal error: IO error: No space left on device', 'UnknownError');
    }).catch((e: unknown) => e);
    expect(full).toMatchObject({ code: 'stopped' });
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
