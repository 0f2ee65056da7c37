// Opening the database and the one transaction helper every repository goes through. Nothing outside
// src/platform/storage/ imports idb or touches indexedDB.
import { openDB, deleteDB, type IDBPDatabase, type IDBPTransaction } from 'idb';
import { DB_NAME, type StoreName, type WorkbenchDB } from './schema';
import { SCHEMA_VERSION, runMigrations } from './migrations';
import { isOutOfSpaceError, stopWrites, writesStopped } from './write-guard';
import { announceWrite } from './changes';

export type WorkbenchDatabase = IDBPDatabase<WorkbenchDB>;

/** `stopped`: writes are switched off after a full-disk write failure (see write-guard.ts). */
export type StorageErrorCode = 'quota' | 'unavailable' | 'blocked' | 'not-found' | 'conflict' | 'failed' | 'stopped';

/** A storage failure with a code the UI can act on and a message a user can read. */
export class StorageError extends Error {
  readonly code: StorageErrorCode;
  constructor(code: StorageErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StorageError';
    this.code = code;
  }
}

function errorName(err: unknown): string {
  if (err && typeof err === 'object' && 'name' in err) return String((err as { name: unknown }).name);
  return '';
}

/** Turns whatever IndexedDB threw into a StorageError that says what was being done and why it failed. */
export function toStorageError(err: unknown, action: string): StorageError {
  if (err instanceof StorageError) return err;
  const name = errorName(err);
  const detail = err instanceof Error ? err.message : String(err);
  if (name === 'QuotaExceededError') {
    return new StorageError(
      'quota',
      `Browser storage is full while ${action}. Delete a dataset, run or model you no longer need ` +
        `(or free disk space) and try again. Nothing already stored was changed.`,
      { cause: err },
    );
  }
  if (name === 'InvalidStateError' || name === 'UnknownError') {
    return new StorageError('unavailable', `Browser storage is unavailable while ${action} (${detail}).`, { cause: err });
  }
  if (name === 'ConstraintError') {
    return new StorageError('conflict', `A record already exists while ${action} (${detail}).`, { cause: err });
  }
  return new StorageError('failed', `Storage failed while ${action}: ${detail}`, { cause: err });
}

/**
 * Opens (and if needed migrates) the database. `blocking` closes this connection when another tab
 * or worker needs a newer version, so an upgrade elsewhere never hangs on us; the next
 * `getDatabase()` reopens it.
 */
export async function openDatabase(name: string = DB_NAME, version: number = SCHEMA_VERSION): Promise<WorkbenchDatabase> {
  if (typeof indexedDB === 'undefined') {
    throw new StorageError('unavailable', 'This browser offers no IndexedDB (private mode or storage disabled), so nothing can be kept.');
  }
  try {
    const db = await openDB<WorkbenchDB>(name, version, {
      upgrade(database, oldVersion, newVersion, transaction) {
        runMigrations(database, transaction, oldVersion, newVersion ?? version);
      },
      blocked() {
        // An older connection (another tab) has not closed yet; it will, via its `blocking` handler.
      },
      blocking() {
        db.close();
        connections.delete(name);
      },
      terminated() {
        connections.delete(name);
      },
    });
    return db;
  } catch (err) {
    if (errorName(err) === 'VersionError') {
      throw new StorageError(
        'unavailable',
        `The stored data was written by a newer version of the workbench (schema > ${version}). Reload to get the new version.`,
        { cause: err },
      );
    }
    throw toStorageError(err, 'opening the database');
  }
}

const connections = new Map<string, Promise<WorkbenchDatabase>>();

/** One shared connection per database name and JS context (page or worker). */
export function getDatabase(name: string = DB_NAME): Promise<WorkbenchDatabase> {
  let conn = connections.get(name);
  if (!conn) {
    conn = openDatabase(name);
    conn.catch(() => connections.delete(name));
    connections.set(name, conn);
  }
  return conn;
}

/** Closes and forgets the shared connection (tests, and before deleting the database). */
export async function closeDatabase(name: string = DB_NAME): Promise<void> {
  const conn = connections.get(name);
  connections.delete(name);
  if (conn) (await conn.catch(() => null))?.close();
}

export async function deleteDatabase(name: string = DB_NAME): Promise<void> {
  await closeDatabase(name);
  await deleteDB(name);
}

export type Tx<Names extends StoreName[], Mode extends IDBTransactionMode> = IDBPTransaction<WorkbenchDB, Names, Mode>;

/**
 * Runs `body` in one transaction and resolves once the transaction has committed, so a caller never
 * sees success for writes that were rolled back. If `body` throws, the transaction is aborted and
 * none of its writes land. `body` may only await requests of this transaction: awaiting anything
 * else (a fetch, a worker message) lets IndexedDB auto-commit it half-way.
 */
export async function tx<Names extends StoreName[], Mode extends IDBTransactionMode, T>(
  db: WorkbenchDatabase,
  stores: Names,
  mode: Mode,
  action: string,
  body: (t: Tx<Names, Mode>) => Promise<T> | T,
): Promise<T> {
  const stop = mode === 'readonly' ? null : writesStopped();
  if (stop) throw new StorageError('stopped', `Not ${action}: ${stop.message}`);
  let t: Tx<Names, Mode>;
  try {
    t = db.transaction(stores, mode);
  } catch (err) {
    throw toStorageError(err, action);
  }
  const done = t.done;
  try {
    const result = await body(t);
    await done;
    if (mode !== 'readonly') announceWrite(stores);
    return result;
  } catch (err) {
    try {
      t.abort();
    } catch {
      // Already finished or aborted: the error below is the one worth reporting.
    }
    const txError: unknown = await done.then(
      () => null,
      (e: unknown) => e,
    );
    // When IndexedDB aborts a transaction (quota, disk error), each request fails with a bland
    // AbortError and the real reason is on the transaction: report that one.
    const reason = txError && errorName(err) === 'AbortError' && errorName(txError) !== 'AbortError' ? txError : err;
    // A full disk is a stop for every further write, never something to try again (issue 12).
    if (mode !== 'readonly' && isOutOfSpaceError(reason)) throw new StorageError('stopped', stopWrites(action, reason).message, { cause: reason });
    throw toStorageError(reason, action);
  }
}
