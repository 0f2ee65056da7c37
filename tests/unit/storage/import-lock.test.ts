// Imports across a crash (issue 12): several datasets imported as one group become ready together; an import
// whose tab died (its Web Lock is free) is swept at the next start however recent its last write, while one
// whose lock is still held elsewhere is left alone. Web Locks are modelled by a minimal LockManager.
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  beginDatasetImport, deleteDatabase, holdImportLock, listDatasets, openDatabase, publishDatasets, sweepAbandonedImports,
  type WorkbenchDatabase,
} from '../../../src/platform/storage';
import { imageFor, newDataset, pixelsFor } from './records';

/** Exclusive locks by name, held until the callback's promise settles, as navigator.locks does. */
function fakeLocks() {
  const held = new Set<string>();
  return {
    held,
    async request(name: string, cb: (lock: { name: string }) => Promise<unknown>) {
      if (held.has(name)) throw new Error('the fake allows one holder per name');
      held.add(name);
      try {
        return await cb({ name });
      } finally {
        held.delete(name);
      }
    },
    async query() {
      return { held: [...held].map((name) => ({ name, mode: 'exclusive' })) };
    },
  };
}

let db: WorkbenchDatabase;
let name = '';
let locks: ReturnType<typeof fakeLocks>;
beforeEach(async () => {
  locks = fakeLocks();
  vi.stubGlobal('navigator', { ...globalThis.navigator, locks });
  name = `lock-${Math.random()}`;
  db = await openDatabase(name);
});
afterEach(async () => {
  vi.unstubAllGlobals();
  db.close();
  await deleteDatabase(name);
});

async function writeOne(label: string, lockName: string): Promise<string> {
  const w = await beginDatasetImport(db, newDataset(label), { lockName });
  await w.putPixels([pixelsFor(1, false), pixelsFor(2, false)]);
  const rec = await w.commit([imageFor(1), imageFor(2)]);
  return rec.id;
}

describe('imports held by a Web Lock', () => {
  it('a group stays hidden until published together; a dead tab’s group is swept at once, a live one is not', async () => {
    const lock = await holdImportLock();
    expect(locks.held.has(lock.name)).toBe(true);
    const a = await writeOne('first', lock.name);
    await writeOne('second', lock.name);
    // Both committed, neither listed: a crash here must not leave "first" behind.
    expect(await listDatasets(db)).toEqual([]);
    // Another tab starting now sees the lock held: nothing is swept, however old the heartbeat looks.
    expect(await sweepAbandonedImports(db, Date.now() + 3_600_000)).toEqual([]);
    await publishDatasets(db, [a]);
    expect((await listDatasets(db)).map((d) => d.name)).toEqual(['first']);
    expect((await listDatasets(db))[0]).not.toHaveProperty('importLock');

    // The tab dies (lock released) right after writing a group, before publishing it: swept at the next start,
    // seconds later — no timer.
    const dead = await holdImportLock();
    const b = await writeOne('third', dead.name);
    const c = await writeOne('fourth', dead.name);
    dead.release();
    await new Promise((r) => setTimeout(r, 0));
    expect((await sweepAbandonedImports(db)).sort()).toEqual([b, c].sort());
    expect((await listDatasets(db)).map((d) => d.name)).toEqual(['first']);
    // "first" and "second" (still importing under the live lock) keep their pixels; the dead group's are gone.
    expect(await db.count('pixels')).toBe(4);
    lock.release();
  });

  it('a single import holds its own lock until it commits or aborts', async () => {
    const w = await beginDatasetImport(db, newDataset('solo'));
    expect([...locks.held].some((n) => n.startsWith('multimix-import:'))).toBe(true);
    expect(await sweepAbandonedImports(db, Date.now() + 3_600_000)).toEqual([]);
    await w.putPixels([pixelsFor(1, false)]);
    await w.commit([imageFor(1)]);
    await new Promise((r) => setTimeout(r, 0));
    expect(locks.held.size).toBe(0);
    expect((await listDatasets(db)).map((d) => d.name)).toEqual(['solo']);
  });
});
