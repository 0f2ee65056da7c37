// Writes small, fully specified datasets into a (fake) IndexedDB for the training tests: each image's pixels
// encode its index, masks a left/right half, labels alternate, so mix-ups are visible.
import { beginDatasetImport, type DatasetRecord, type ImageRecord, type WorkbenchDatabase } from '../../../src/platform/storage';

export interface DatasetSpec {
  name: string;
  count: number;
  size?: number;
  labels?: boolean;
  masks?: boolean;
  /** Split of image i; default: train. */
  split?: (i: number) => ImageRecord['split'];
  domain?: DatasetRecord['domain'];
}

export function maskFor(i: number, size: number): Uint8Array {
  // Left half for even images, right half for odd ones.
  return Uint8Array.from({ length: size * size }, (_, j) => ((j % size < size / 2) === (i % 2 === 0) ? 255 : 0));
}

export async function storeDataset(db: WorkbenchDatabase, spec: DatasetSpec): Promise<DatasetRecord> {
  const size = spec.size ?? 64;
  const w = await beginDatasetImport(db, {
    name: spec.name, layout: 'image-mask', domain: spec.domain ?? 'in-domain', synthetic: false, imageSize: size, source: spec.name,
    assignment: { seed: 1, fractions: { val: 0, test: 0 }, budget: { seg: 'all', cls: 'all' }, splitsFromLayout: false },
  });
  const keys = Array.from({ length: spec.count }, (_, i) => `${spec.name}-${String(i).padStart(3, '0')}`);
  await w.putPixels(keys.map((key, i) => ({
    key,
    pixels: new Uint8Array(size * size).fill((i * 7) % 256),
    ...(spec.masks ? { mask: maskFor(i, size) } : {}),
  })));
  return w.commit(keys.map((key, i) => {
    const rec: Omit<ImageRecord, 'datasetId'> = {
      key, sourcePath: `${key}.png`, originalWidth: size, originalHeight: size, hasMask: spec.masks ?? false,
      split: spec.split?.(i) ?? 'train', labeled: { seg: spec.masks ?? false, cls: spec.labels ?? false }, contentHash: key,
    };
    if (spec.labels) rec.label = (i % 2) as 0 | 1;
    return rec;
  }));
}
