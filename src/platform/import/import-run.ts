// One import, from an ImportPlan to a committed dataset: check space, then prepare items a few at a
// time (decode + resize), drop duplicates, stream pixels into a DatasetWriter, assign splits and
// label budgets, commit. Cancel or any failure aborts the writer, which removes everything this
// import wrote and nothing else. Runs in the import worker; in Node tests with the JS decoder.
import { DuplicateTracker, isImportIssue, prepareItem } from '../../core/data/prepare';
import { issue } from '../../core/data/errors';
import type { ImageDecoder, ImportIssue, ImportPlan, PreparedImage, SourceFile } from '../../core/data/types';
import { beginDatasetImport, listDatasets, listImages, type DatasetWriter, type ImportGroup } from '../storage/datasets';
import type { WorkbenchDatabase } from '../storage/db';
import { ensureSpaceFor, estimateDatasetBytes } from '../storage/quota';
import type { DatasetRecord, DomainTag, ImageRecord, PixelRecord } from '../storage/schema';
import { assignImages, type UnassignedImage } from './assignment';
import { orderedPool } from './ordered-pool';
import type { AssignmentOptions, DatasetImportResult, ImportProgress, StoredDuplicatePolicy, StoredDuplicates } from './protocol';

export interface ImportRunOptions {
  db: WorkbenchDatabase;
  decode?: ImageDecoder;
  imageSize?: number;
  /** Items decoded at once; 4 keeps two cores busy while files are read. */
  concurrency?: number;
  /** Pixels per write transaction. */
  batchSize?: number;
  signal?: AbortSignal;
  onProgress?: (p: ImportProgress) => void;
  /** Minimum milliseconds between progress reports. */
  progressEveryMs?: number;
  /** Several datasets imported as one: each stays `importing` until `publishDatasets` (see storage/datasets.ts). */
  group?: ImportGroup;
  /** Content already stored (`storedContent`) and what to do with images that match it (issue 9). */
  stored?: { content: StoredContent; policy: StoredDuplicatePolicy };
}

/** Stored images by content hash: the dataset (id, name) holding the first one found. */
export type StoredContent = ReadonlyMap<string, { id: string; name: string }>;

/** Every content hash of the ready datasets (image metadata only, no pixels). */
export async function storedContent(db: WorkbenchDatabase): Promise<StoredContent> {
  const out = new Map<string, { id: string; name: string }>();
  for (const d of await listDatasets(db)) {
    for (const im of await listImages(db, d.id)) if (!out.has(im.contentHash)) out.set(im.contentHash, { id: d.id, name: d.name });
  }
  return out;
}

export interface DatasetChoice {
  name: string;
  domain: DomainTag;
  /** What the user dropped, for the dataset's `source` field. */
  source: string;
}

export class ImportCancelledError extends Error {
  constructor() {
    super('Import cancelled; nothing of it was kept.');
    this.name = 'AbortError';
  }
}

function throwIfCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new ImportCancelledError();
}

function toUnassigned(img: PreparedImage): UnassignedImage {
  const rec: UnassignedImage = {
    key: img.key,
    sourcePath: img.sourcePath,
    originalWidth: img.originalWidth,
    originalHeight: img.originalHeight,
    hasMask: img.mask !== undefined,
    contentHash: img.contentHash,
  };
  if (img.label !== undefined) rec.label = img.label;
  if (img.split !== undefined) rec.split = img.split;
  if (img.patientId !== undefined) rec.patientId = img.patientId;
  if (img.maskPaths !== undefined) rec.maskPaths = img.maskPaths;
  if (img.synthetic) rec.synthetic = true;
  if (img.restored) rec.restored = img.restored;
  return rec;
}

function toPixels(img: PreparedImage): Omit<PixelRecord, 'datasetId'> {
  return img.mask ? { key: img.key, pixels: img.pixels, mask: img.mask } : { key: img.key, pixels: img.pixels };
}

/**
 * Writes prepared images through a DatasetWriter in batches and commits them with their splits.
 * Shared by file imports and the phantom generator. Returns null (and keeps nothing) when no image
 * survived.
 */
export async function writeDataset(
  writer: DatasetWriter,
  images: AsyncIterable<PreparedImage>,
  assignment: AssignmentOptions,
  opts: Pick<ImportRunOptions, 'batchSize' | 'signal'>,
): Promise<{ dataset: DatasetRecord; images: ImageRecord[] } | null> {
  const batchSize = opts.batchSize ?? 32;
  const meta: UnassignedImage[] = [];
  let batch: Omit<PixelRecord, 'datasetId'>[] = [];
  try {
    for await (const img of images) {
      throwIfCancelled(opts.signal);
      meta.push(toUnassigned(img));
      batch.push(toPixels(img));
      if (batch.length >= batchSize) {
        await writer.putPixels(batch);
        batch = [];
      }
    }
    throwIfCancelled(opts.signal);
    if (batch.length) await writer.putPixels(batch);
    if (meta.length === 0) {
      await writer.abort();
      return null;
    }
    const records = assignImages(meta, assignment);
    throwIfCancelled(opts.signal);
    const dataset = await writer.commit(records);
    return { dataset, images: records.map((r) => ({ ...r, datasetId: dataset.id })) };
  } catch (err) {
    await writer.abort().catch(() => undefined);
    throw err;
  }
}

/** Imports one plan as one dataset. Throws ImportCancelledError or a StorageError; never leaves a partial dataset. */
export async function importPlan(
  plan: ImportPlan,
  files: ReadonlyMap<string, SourceFile>,
  choice: DatasetChoice,
  assignment: AssignmentOptions,
  opts: ImportRunOptions,
): Promise<DatasetImportResult> {
  const started = performance.now();
  const size = opts.imageSize ?? 256;
  throwIfCancelled(opts.signal);
  const masks = plan.items.filter((it) => it.maskPaths && it.maskPaths.length > 0).length;
  await ensureSpaceFor(estimateDatasetBytes(plan.items.length, masks, size), `"${choice.name}" (${plan.items.length} images)`);

  // A workbench export comes back as it was: its layout, synthetic flag, source and split/budget settings.
  const back = plan.dataset;
  const writer = await beginDatasetImport(opts.db, {
    name: choice.name,
    layout: back?.layout ?? plan.layout,
    domain: choice.domain,
    synthetic: back?.synthetic ?? false,
    imageSize: size,
    source: back ? `${back.source} (re-imported from ${choice.source})` : choice.source,
    assignment: back?.assignment ?? { ...assignment, splitsFromLayout: plan.items.length > 0 && plan.items.every((it) => it.split !== undefined) },
  }, opts.group);

  const skipped: ImportIssue[] = plan.issues.slice();
  const dupes = new DuplicateTracker();
  const alreadyStored = new Map<string, StoredDuplicates>();
  let unique = 0;
  const every = opts.progressEveryMs ?? 100;
  let done = 0;
  let lastReport = -Infinity;
  const report = (path: string, force = false) => {
    const now = performance.now();
    if (!opts.onProgress || (!force && now - lastReport < every)) return;
    lastReport = now;
    const seconds = Math.max((now - started) / 1000, 1e-3);
    opts.onProgress({ dataset: choice.name, done, total: plan.items.length, rate: done / seconds, currentPath: path });
  };

  const prepareOpts = opts.decode ? { size, decode: opts.decode } : { size };
  async function* prepared(): AsyncGenerator<PreparedImage> {
    for await (const [item, result] of orderedPool(plan.items, opts.concurrency ?? 4, (it) => prepareItem(it, files, prepareOpts))) {
      throwIfCancelled(opts.signal);
      done++;
      report(item.imagePath);
      if (isImportIssue(result)) {
        skipped.push(result);
        continue;
      }
      const dup = dupes.check(result);
      if (dup) {
        skipped.push(dup);
        continue;
      }
      unique++;
      const existing = opts.stored?.content.get(result.contentHash);
      if (existing) {
        const seen = alreadyStored.get(existing.id) ?? { dataset: choice.name, existingId: existing.id, existingName: existing.name, count: 0, of: 0 };
        seen.count++;
        alreadyStored.set(existing.id, seen);
        if (opts.stored?.policy === 'skip') {
          skipped.push(issue('duplicate-image', result.sourcePath, `same pixels as an image already stored in "${existing.name}"; skipped (you chose to skip duplicates)`));
          continue;
        }
      }
      yield result;
    }
  }

  const written = await writeDataset(writer, prepared(), assignment, opts);
  report('', true);
  const seconds = (performance.now() - started) / 1000;
  const result: DatasetImportResult = { dataset: written?.dataset ?? null, name: written?.dataset.name ?? choice.name, imported: written?.images.length ?? 0, skipped, seconds };
  if (alreadyStored.size > 0) result.alreadyStored = [...alreadyStored.values()].map((d) => ({ ...d, of: unique }));
  return result;
}
