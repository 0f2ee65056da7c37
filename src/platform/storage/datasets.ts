// Datasets, their image metadata and pixels.
//
// No half-written datasets: an import first creates its dataset with status `importing` (which every
// listing hides) and streams pixels into it in small transactions; its image metadata, counts and the
// flip to `ready` land together in one final transaction. Cancel or failure deletes the dataset's key
// range in one transaction; a writer that died with its tab leaves a stale heartbeat and is swept on
// the next start. Every write is confined to the dataset's own key range, so no other dataset is
// ever touched.
import { StorageError, tx, type WorkbenchDatabase } from './db';
import { upgradeLabelBudget } from '../../core/data/splits';
import { uniqueName } from '../../core/unique-name';
import { countImages } from './counts';
import { heldImportLocks, holdImportLock, type ImportLock } from './import-lock';
import {
  datasetKeyRange,
  type DatasetAssignment,
  type DatasetRecord,
  type DomainTag,
  type ImageRecord,
  type PixelRecord,
  DOMAIN_TAGS,
} from './schema';

/** An `importing` dataset whose writer has been silent this long is considered abandoned. */
export const STALE_IMPORT_MS = 2 * 60_000;

const MAX_NAME_LENGTH = 120;

function newId(): string {
  return crypto.randomUUID();
}

export function cleanDatasetName(name: string): string {
  const trimmed = name.replace(/\s+/g, ' ').trim();
  if (!trimmed) throw new StorageError('failed', 'A dataset name cannot be empty.');
  if (trimmed.length > MAX_NAME_LENGTH) {
    throw new StorageError('failed', `A dataset name can have at most ${MAX_NAME_LENGTH} characters (got ${trimmed.length}).`);
  }
  return trimmed;
}

/** A stored dataset in the current shape: older builds stored the label budget as {segLabeled, clsLabeled}. */
function upgraded(d: DatasetRecord): DatasetRecord {
  const budget = upgradeLabelBudget(d.assignment.budget);
  return budget === d.assignment.budget ? d : { ...d, assignment: { ...d.assignment, budget } };
}

/** Ready datasets, oldest first. */
export async function listDatasets(db: WorkbenchDatabase): Promise<DatasetRecord[]> {
  const ready = await tx(db, ['datasets'], 'readonly', 'listing datasets', (t) =>
    t.objectStore('datasets').index('by-status').getAll('ready'),
  );
  return ready.map(upgraded).sort((a, b) => a.created - b.created || a.name.localeCompare(b.name));
}

export async function getDataset(db: WorkbenchDatabase, id: string): Promise<DatasetRecord | undefined> {
  const d = await tx(db, ['datasets'], 'readonly', 'reading a dataset', (t) => t.objectStore('datasets').get(id));
  return d && upgraded(d);
}

async function updateDataset(
  db: WorkbenchDatabase,
  id: string,
  action: string,
  change: (d: DatasetRecord) => DatasetRecord,
): Promise<DatasetRecord> {
  return tx(db, ['datasets'], 'readwrite', action, async (t) => {
    const store = t.objectStore('datasets');
    const current = await store.get(id);
    if (!current || current.status !== 'ready') throw new StorageError('not-found', `Dataset ${id} no longer exists.`);
    const next = { ...change(upgraded(current)), updated: Date.now() };
    await store.put(next);
    return next;
  });
}

export async function renameDataset(db: WorkbenchDatabase, id: string, name: string): Promise<DatasetRecord> {
  const clean = cleanDatasetName(name);
  return updateDataset(db, id, 'renaming a dataset', (d) => ({ ...d, name: clean }));
}

export async function setDatasetDomain(db: WorkbenchDatabase, id: string, domain: DomainTag): Promise<DatasetRecord> {
  if (!DOMAIN_TAGS.includes(domain)) {
    throw new StorageError('failed', `Domain must be one of ${DOMAIN_TAGS.join(', ')} (got "${String(domain)}").`);
  }
  return updateDataset(db, id, 'tagging a dataset', (d) => ({ ...d, domain }));
}

/** Removes the dataset, its metadata and its pixels in one transaction (all or nothing). */
export async function deleteDataset(db: WorkbenchDatabase, id: string): Promise<void> {
  await tx(db, ['datasets', 'images', 'pixels'], 'readwrite', 'deleting a dataset', async (t) => {
    const range = datasetKeyRange(id);
    await Promise.all([
      t.objectStore('images').delete(range),
      t.objectStore('pixels').delete(range),
      t.objectStore('datasets').delete(id),
    ]);
  });
}

export async function listImages(db: WorkbenchDatabase, datasetId: string): Promise<ImageRecord[]> {
  return tx(db, ['images'], 'readonly', 'reading image metadata', (t) =>
    t.objectStore('images').getAll(datasetKeyRange(datasetId)),
  );
}

/** Pixels for the given keys, in the same order; a key with no pixels is an error, not a silent gap. */
export async function getPixels(db: WorkbenchDatabase, datasetId: string, keys: readonly string[]): Promise<PixelRecord[]> {
  return tx(db, ['pixels'], 'readonly', 'reading pixels', async (t) => {
    const store = t.objectStore('pixels');
    const found = await Promise.all(keys.map((k) => store.get([datasetId, k])));
    return found.map((p, i) => {
      if (!p) throw new StorageError('not-found', `Image "${keys[i]}" of dataset ${datasetId} has no stored pixels.`);
      return p;
    });
  });
}

/** The first `limit` images (key order) with their pixels, for thumbnails. */
export async function firstImagesWithPixels(
  db: WorkbenchDatabase,
  datasetId: string,
  limit: number,
): Promise<{ image: ImageRecord; pixels: PixelRecord }[]> {
  return tx(db, ['images', 'pixels'], 'readonly', 'reading thumbnails', async (t) => {
    const range = datasetKeyRange(datasetId);
    const [images, pixels] = await Promise.all([
      t.objectStore('images').getAll(range, limit),
      t.objectStore('pixels').getAll(range, limit),
    ]);
    const byKey = new Map(pixels.map((p) => [p.key, p]));
    return images.flatMap((image) => {
      const p = byKey.get(image.key);
      return p ? [{ image, pixels: p }] : [];
    });
  });
}

/**
 * Replaces the split / labeled flags of every image and the dataset's counts in one transaction.
 * Keys must be exactly the dataset's current images: assignments never add or drop images.
 */
export async function saveAssignments(
  db: WorkbenchDatabase,
  datasetId: string,
  images: readonly ImageRecord[],
  assignment: DatasetAssignment,
): Promise<DatasetRecord> {
  return tx(db, ['datasets', 'images'], 'readwrite', 'saving splits and label budget', async (t) => {
    const datasets = t.objectStore('datasets');
    const store = t.objectStore('images');
    const current = await datasets.get(datasetId);
    if (!current || current.status !== 'ready') throw new StorageError('not-found', `Dataset ${datasetId} no longer exists.`);
    const existing = await store.count(datasetKeyRange(datasetId));
    if (existing !== images.length || images.some((im) => im.datasetId !== datasetId)) {
      throw new StorageError('conflict', `The images of dataset "${current.name}" changed while splits were being assigned; try again.`);
    }
    await Promise.all(images.map((im) => store.put(im)));
    const next: DatasetRecord = { ...current, assignment, counts: countImages(images), updated: Date.now() };
    await datasets.put(next);
    return next;
  });
}

export type NewDataset = Pick<DatasetRecord, 'name' | 'layout' | 'domain' | 'synthetic' | 'imageSize' | 'source' | 'assignment'>;

/** Writes one dataset during an import; see the file comment for why it cannot leave half a dataset. */
export interface DatasetWriter {
  readonly datasetId: string;
  /** Adds pixels (not yet visible). Keys must be unique within the dataset. */
  putPixels(batch: readonly Omit<PixelRecord, 'datasetId'>[]): Promise<void>;
  /** Makes the dataset visible with these images; every image must have had its pixels written. */
  commit(images: readonly Omit<ImageRecord, 'datasetId'>[]): Promise<DatasetRecord>;
  /** Removes everything written so far. Safe to call more than once and after a failed commit. */
  abort(): Promise<void>;
}

export interface ImportGroup {
  /** The import lock the caller holds for the whole group (see import-lock.ts). */
  lockName: string;
}

/**
 * Starts writing one dataset. Without `group` the writer holds its own import lock and `commit` makes the
 * dataset `ready`; with `group` (several datasets imported as one), `commit` leaves it `importing` under the
 * group's lock and `publishDatasets` makes the whole group ready in one transaction — all or nothing, even
 * across a crash.
 */
export async function beginDatasetImport(db: WorkbenchDatabase, meta: NewDataset, group?: ImportGroup): Promise<DatasetWriter> {
  const own: ImportLock | null = group ? null : await holdImportLock();
  try {
    return await startWriter(db, meta, group?.lockName ?? own?.name ?? '', !group, () => own?.release());
  } catch (err) {
    own?.release();
    throw err;
  }
}

/** Flips a group of committed datasets to `ready` together. */
export async function publishDatasets(db: WorkbenchDatabase, ids: readonly string[]): Promise<void> {
  await tx(db, ['datasets'], 'readwrite', 'finishing the import', async (t) => {
    const store = t.objectStore('datasets');
    const records = await Promise.all(ids.map((id) => store.get(id)));
    const now = Date.now();
    for (const r of records) {
      if (!r) throw new StorageError('not-found', 'A dataset of this import vanished before it finished.');
      const { importLock: _lock, ...rest } = r;
      await store.put({ ...rest, status: 'ready', heartbeat: now, updated: now });
    }
  });
}

async function startWriter(db: WorkbenchDatabase, meta: NewDataset, lockName: string, publish: boolean, onFinish: () => void): Promise<DatasetWriter> {
  const datasetId = newId();
  const now = Date.now();
  const record: DatasetRecord = {
    ...meta,
    name: cleanDatasetName(meta.name),
    id: datasetId,
    created: now,
    updated: now,
    status: 'importing',
    heartbeat: now,
    counts: countImages([]),
    ...(lockName ? { importLock: lockName } : {}),
  };
  // A second dataset of the same name becomes "name (2)" (issue 9), decided in the same transaction as the add.
  await tx(db, ['datasets'], 'readwrite', `starting the import of "${record.name}"`, async (t) => {
    const store = t.objectStore('datasets');
    record.name = uniqueName(record.name, (await store.getAll()).map((d) => d.name));
    await store.add(record);
  });
  const written = new Set<string>();
  let finished = false;

  return {
    datasetId,
    async putPixels(batch) {
      if (finished) throw new StorageError('failed', `The import of "${record.name}" has already finished.`);
      // Records are built before the transaction starts so a bad one cannot leave requests dangling.
      const records = batch.map((p) => ({ ...p, datasetId }));
      await tx(db, ['datasets', 'pixels'], 'readwrite', `storing images of "${record.name}"`, async (t) => {
        const pixels = t.objectStore('pixels');
        await Promise.all(records.map((p) => pixels.add(p)));
        await t.objectStore('datasets').put({ ...record, heartbeat: Date.now() });
      });
      for (const p of batch) written.add(p.key);
    },
    async commit(images) {
      if (finished) throw new StorageError('failed', `The import of "${record.name}" has already finished.`);
      const missing = images.find((im) => !written.has(im.key));
      if (missing) throw new StorageError('failed', `Image "${missing.key}" was committed without its pixels.`);
      const full = images.map((im) => ({ ...im, datasetId }));
      const ready = await tx(db, ['datasets', 'images', 'pixels'], 'readwrite', `finishing the import of "${record.name}"`, async (t) => {
        const store = t.objectStore('images');
        await Promise.all(full.map((im) => store.add(im)));
        // Pixels that were written but not committed (e.g. found to be duplicates later) go away.
        const keep = new Set(full.map((im) => im.key));
        const orphans = [...written].filter((k) => !keep.has(k));
        await Promise.all(orphans.map((k) => t.objectStore('pixels').delete([datasetId, k])));
        const now2 = Date.now();
        const next: DatasetRecord = { ...record, status: publish ? 'ready' : 'importing', heartbeat: now2, updated: now2, counts: countImages(full) };
        if (publish) delete next.importLock;
        await t.objectStore('datasets').put(next);
        return next;
      });
      finished = true;
      onFinish();
      return ready;
    },
    async abort() {
      if (finished) return;
      finished = true;
      try {
        await deleteDataset(db, datasetId);
      } finally {
        onFinish();
      }
    },
  };
}

/** Deletes `importing` datasets whose writer went silent (tab closed or crashed mid-import). */
export async function sweepAbandonedImports(db: WorkbenchDatabase, now = Date.now(), staleMs = STALE_IMPORT_MS): Promise<string[]> {
  const importing = await tx(db, ['datasets'], 'readonly', 'looking for abandoned imports', (t) =>
    t.objectStore('datasets').index('by-status').getAll('importing'),
  );
  // An import holds a Web Lock while it writes: a free lock means its tab is gone, however recently it wrote.
  const held = await heldImportLocks();
  const abandoned = (d: DatasetRecord) => (held && d.importLock ? !held.has(d.importLock) : now - d.heartbeat > staleMs);
  const stale = importing.filter(abandoned).map((d) => d.id);
  for (const id of stale) await deleteDataset(db, id);
  return stale;
}
