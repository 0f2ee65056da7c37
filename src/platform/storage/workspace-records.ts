// Every stored record, store by store, in chunks — the storage half of the workspace file (issue 12). Generic
// over the object stores the database has, so stores added by later schema versions travel without changes here.
// Records are plain structured-clone values; `packRecords` / `unpackRecords` turn a chunk into JSON plus one
// binary blob (ArrayBuffers and typed arrays by offset, non-finite numbers spelled out) and back.
import type { StoreName } from './schema';
import type { WorkbenchDatabase } from './db';
import { tx } from './db';

/** Records per chunk: bounded memory for pixel stores (≈ 130 KB per image). */
export const WORKSPACE_CHUNK = 200;

/** Stores written first to last on restore: the dataset records come last, so they never list missing images. */
const RESTORE_ORDER = ['pixels', 'images', 'checkpoints', 'models', 'runs', 'datasets'];

export function workspaceStores(db: WorkbenchDatabase): StoreName[] {
  const names = Array.from(db.objectStoreNames) as StoreName[];
  const rank = (n: string) => {
    const i = RESTORE_ORDER.indexOf(n);
    return i < 0 ? RESTORE_ORDER.length - 1.5 : i; // unknown stores (e.g. curve chunks) before runs/datasets
  };
  return names.sort((a, b) => rank(a) - rank(b));
}

/**
 * Reads `store` in chunks of `WORKSPACE_CHUNK` records (one read-only transaction each), skipping what
 * `keep` rejects.
 */
export async function* readStoreChunks(db: WorkbenchDatabase, store: StoreName, keep: (record: unknown) => boolean = () => true): AsyncGenerator<unknown[]> {
  let after: IDBValidKey | undefined;
  for (;;) {
    const t = db.transaction(store, 'readonly');
    let cursor = await t.store.openCursor(after === undefined ? undefined : IDBKeyRange.lowerBound(after, true));
    const chunk: unknown[] = [];
    let last: IDBValidKey | undefined;
    while (cursor && chunk.length < WORKSPACE_CHUNK) {
      last = cursor.primaryKey as IDBValidKey;
      if (keep(cursor.value)) chunk.push(cursor.value);
      cursor = await cursor.continue();
    }
    await t.done;
    if (chunk.length > 0) yield chunk;
    if (!cursor || last === undefined) return;
    after = last;
  }
}

/** Writes records whose key is not stored yet; returns how many were written and skipped (already there). */
export async function restoreRecords(db: WorkbenchDatabase, store: StoreName, records: unknown[]): Promise<{ written: number; skipped: number }> {
  return tx(db, [store], 'readwrite', `restoring ${records.length} ${store} records from a workspace file`, async (t) => {
    const s = t.objectStore(store);
    let written = 0;
    let skipped = 0;
    for (const record of records) {
      const key = keyOf(s.keyPath, record);
      if (key !== undefined && (await s.getKey(key as never)) !== undefined) {
        skipped++;
        continue;
      }
      await s.put(record as never);
      written++;
    }
    return { written, skipped };
  });
}

function keyOf(keyPath: string | string[] | null, record: unknown): IDBValidKey | undefined {
  if (keyPath === null || typeof record !== 'object' || record === null) return undefined;
  const r = record as Record<string, IDBValidKey>;
  return Array.isArray(keyPath) ? keyPath.map((k) => r[k] as IDBValidKey) : r[keyPath];
}

type BinType = 'ArrayBuffer' | 'Uint8Array' | 'Uint8ClampedArray' | 'Int8Array' | 'Uint16Array' | 'Int16Array' | 'Uint32Array' | 'Int32Array' | 'Float32Array' | 'Float64Array';
const TYPED: Record<Exclude<BinType, 'ArrayBuffer'>, { new (b: ArrayBuffer): ArrayBufferView }> = {
  Uint8Array, Uint8ClampedArray, Int8Array, Uint16Array, Int16Array, Uint32Array, Int32Array, Float32Array, Float64Array,
};

/** One chunk as JSON text plus the bytes its binary fields point into. */
export function packRecords(records: unknown[]): { json: string; bin: Uint8Array } {
  const parts: Uint8Array[] = [];
  let offset = 0;
  const walk = (v: unknown): unknown => {
    if (typeof v === 'number' && !Number.isFinite(v)) return { $num: String(v) };
    if (v instanceof ArrayBuffer || ArrayBuffer.isView(v)) {
      const bytes = v instanceof ArrayBuffer ? new Uint8Array(v) : new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
      const type = (v instanceof ArrayBuffer ? 'ArrayBuffer' : v.constructor.name) as BinType;
      if (type !== 'ArrayBuffer' && !(type in TYPED)) throw new Error(`cannot store a ${type} in a workspace file`);
      const ref = { $bin: [offset, bytes.byteLength], type };
      parts.push(bytes);
      offset += bytes.byteLength;
      return ref;
    }
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  const json = JSON.stringify(records.map(walk));
  const bin = new Uint8Array(offset);
  let at = 0;
  for (const p of parts) {
    bin.set(p, at);
    at += p.byteLength;
  }
  return { json, bin };
}

export function unpackRecords(json: string, bin: Uint8Array): unknown[] {
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (typeof o.$num === 'string' && Object.keys(o).length === 1) return Number(o.$num);
      if (Array.isArray(o.$bin) && typeof o.type === 'string') {
        const [start, length] = o.$bin as [number, number];
        if (start + length > bin.byteLength) throw new Error('the workspace file is damaged: a record points past its data');
        const copy = bin.slice(start, start + length).buffer;
        if (o.type === 'ArrayBuffer') return copy;
        const Ctor = TYPED[o.type as Exclude<BinType, 'ArrayBuffer'>];
        if (!Ctor) throw new Error(`the workspace file holds an unknown binary type ${o.type}`);
        return new Ctor(copy);
      }
      return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, walk(x)]));
    }
    return v;
  };
  const parsed = JSON.parse(json) as unknown;
  if (!Array.isArray(parsed)) throw new Error('the workspace file is damaged: a record chunk is not a list');
  return parsed.map(walk);
}
