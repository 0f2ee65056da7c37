// Exporting a dataset back out as a zip: `<name>/images/<key>.png`, `<name>/masks/<key>.png`,
// `<name>/labels.csv` (for people and other tools) and `<name>/dataset.json`, the manifest that restores the
// dataset record on re-import: name, domain tag, synthetic flag, layout, split/budget settings, and per image
// key, label, split, budget flags, patient, original size, source path and content hash
// (core/data/layouts/workbench-export.ts). Without dataset.json the zip still reads as an image + mask folder.
// PNGs are encoded by fast-png (pure JS, same code in the worker and in Node tests) and stored in the
// zip uncompressed: deflating PNG data again only costs time.
import { encode as encodePng } from 'fast-png';
import { BlobWriter, Uint8ArrayReader, ZipWriter } from '@zip.js/zip.js';
import { getDataset, getPixels, listImages } from '../storage/datasets';
import { StorageError, type WorkbenchDatabase } from '../storage/db';
import type { DatasetRecord, ImageRecord } from '../storage/schema';
import { DATASET_MANIFEST_FILE, DATASET_MANIFEST_FORMAT } from '../../core/data/layouts/workbench-export';
import type { DatasetManifest, ManifestImage } from '../../core/data/types';
import type { ImportProgress } from './protocol';

const CSV_HEADER = [
  'key',
  'image',
  'mask',
  'label',
  'label_name',
  'split',
  'patient_id',
  'labeled_cls',
  'labeled_seg',
  'original_width',
  'original_height',
  'source_path',
];

/** RFC 4180 quoting: only when needed, doubling inner quotes. */
export function csvField(value: string | number | boolean | undefined): string {
  const s = value === undefined ? '' : String(value);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** File-name-safe version of a dataset name for the zip and its top folder. */
export function exportBaseName(name: string): string {
  const safe = name
    .normalize('NFKD')
    .replace(/[^\w.-]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return safe || 'dataset';
}

/**
 * One flat file name per key ('train/NORMAL/x' → 'train__NORMAL__x'): nested folders would be read
 * back differently (a planner folds `images/images/` into one folder, as zips often nest their root).
 */
export function exportFileNames(keys: readonly string[]): Map<string, string> {
  const names = new Map<string, string>();
  const used = new Set<string>();
  for (const key of keys) {
    const flat = key.replace(/[/\\]+/g, '__');
    let name = flat;
    for (let n = 2; used.has(name.toLowerCase()); n++) name = `${flat}~${n}`;
    used.add(name.toLowerCase());
    names.set(key, `${name}.png`);
  }
  return names;
}

export function labelsCsv(images: readonly ImageRecord[], fileNames: ReadonlyMap<string, string>): string {
  const rows = images.map((im) =>
    [
      im.key,
      `images/${fileNames.get(im.key)}`,
      im.hasMask ? `masks/${fileNames.get(im.key)}` : '',
      im.label,
      im.label === 0 ? 'NORMAL' : im.label === 1 ? 'PNEUMONIA' : '',
      im.split,
      im.patientId,
      im.labeled.cls,
      im.labeled.seg,
      im.originalWidth,
      im.originalHeight,
      im.sourcePath,
    ]
      .map(csvField)
      .join(','),
  );
  return [CSV_HEADER.join(','), ...rows].join('\r\n') + '\r\n';
}

/** dataset.json: every field of the dataset and image records except ids, status, timestamps and pixels. */
export function datasetManifest(dataset: DatasetRecord, images: readonly ImageRecord[], fileNames: ReadonlyMap<string, string>): DatasetManifest {
  return {
    format: DATASET_MANIFEST_FORMAT,
    name: dataset.name,
    layout: dataset.layout,
    domain: dataset.domain,
    synthetic: dataset.synthetic,
    source: dataset.source,
    imageSize: dataset.imageSize,
    assignment: dataset.assignment,
    images: images.map((im) => {
      const { datasetId: _d, hasMask: _h, ...rest } = im;
      const out: ManifestImage = { ...rest, file: `images/${fileNames.get(im.key)}` };
      if (im.hasMask) out.mask = `masks/${fileNames.get(im.key)}`;
      return out;
    }),
  };
}

export interface ExportOptions {
  signal?: AbortSignal;
  onProgress?: (p: ImportProgress) => void;
  /** Images read from IndexedDB per transaction. */
  chunk?: number;
}

export async function exportDatasetZip(
  db: WorkbenchDatabase,
  datasetId: string,
  opts: ExportOptions = {},
): Promise<{ fileName: string; zip: Blob; files: number }> {
  const dataset = await getDataset(db, datasetId);
  if (!dataset || dataset.status !== 'ready') throw new StorageError('not-found', `Dataset ${datasetId} no longer exists.`);
  const images = (await listImages(db, datasetId)).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const base = exportBaseName(dataset.name);
  const fileNames = exportFileNames(images.map((im) => im.key));
  const writer = new ZipWriter(new BlobWriter('application/zip'), { level: 0 });
  const size = dataset.imageSize;
  const started = performance.now();
  let files = 0;
  const add = async (path: string, bytes: Uint8Array) => {
    await writer.add(`${base}/${path}`, new Uint8ArrayReader(bytes));
    files++;
  };
  const chunk = opts.chunk ?? 64;
  for (let i = 0; i < images.length; i += chunk) {
    if (opts.signal?.aborted) {
      await writer.close().catch(() => undefined);
      throw new DOMException('Export cancelled', 'AbortError');
    }
    const part = images.slice(i, i + chunk);
    const pixels = await getPixels(db, datasetId, part.map((im) => im.key));
    for (const [j, p] of pixels.entries()) {
      const file = fileNames.get((part[j] as ImageRecord).key) as string;
      await add(`images/${file}`, encodePng({ width: size, height: size, data: p.pixels, channels: 1, depth: 8 }));
      if (p.mask) await add(`masks/${file}`, encodePng({ width: size, height: size, data: p.mask, channels: 1, depth: 8 }));
    }
    const done = Math.min(i + chunk, images.length);
    const seconds = Math.max((performance.now() - started) / 1000, 1e-3);
    opts.onProgress?.({ dataset: dataset.name, done, total: images.length, rate: done / seconds, currentPath: part.at(-1)?.key ?? '' });
  }
  await add('labels.csv', new TextEncoder().encode(labelsCsv(images, fileNames)));
  await add(DATASET_MANIFEST_FILE, new TextEncoder().encode(JSON.stringify(datasetManifest(dataset, images, fileNames), null, 1)));
  if (dataset.synthetic) {
    await add('README.txt', new TextEncoder().encode('Synthetic phantom — not real data. Generated by MultiMix Workbench.\r\n'));
  }
  const zip = await writer.close();
  return { fileName: `${base}.zip`, zip, files };
}
