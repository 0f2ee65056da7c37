// Small, fully specified records for the storage tests (not placeholder data: every field is checked).
import type { ImageRecord, NewDataset, PixelRecord } from '../../../src/platform/storage';

export const SIZE = 8;

export function newDataset(name: string, extra: Partial<NewDataset> = {}): NewDataset {
  return {
    name,
    layout: 'image-mask',
    domain: 'in-domain',
    synthetic: false,
    imageSize: SIZE,
    source: `${name}/`,
    assignment: { seed: 7, fractions: { val: 0.1, test: 0.1 }, budget: { seg: 'all', cls: 'all' }, splitsFromLayout: false },
    ...extra,
  };
}

/** Pixels whose every byte encodes the image index, so mix-ups between images are visible. */
export function pixelsFor(i: number, withMask: boolean): Omit<PixelRecord, 'datasetId'> {
  const pixels = new Uint8Array(SIZE * SIZE).fill(i % 256);
  const rec: Omit<PixelRecord, 'datasetId'> = { key: `img-${String(i).padStart(3, '0')}`, pixels };
  if (withMask) rec.mask = Uint8Array.from({ length: SIZE * SIZE }, (_, j) => (j % 2 ? 255 : 0));
  return rec;
}

export function imageFor(i: number, opts: { label?: 0 | 1; mask?: boolean; split?: ImageRecord['split'] } = {}): Omit<ImageRecord, 'datasetId'> {
  const rec: Omit<ImageRecord, 'datasetId'> = {
    key: `img-${String(i).padStart(3, '0')}`,
    sourcePath: `images/img-${i}.png`,
    originalWidth: 100 + i,
    originalHeight: 90 + i,
    hasMask: opts.mask ?? false,
    split: opts.split ?? 'train',
    labeled: { cls: opts.label !== undefined, seg: opts.mask ?? false },
    contentHash: i.toString(16).padStart(16, '0'),
  };
  if (opts.label !== undefined) rec.label = opts.label;
  return rec;
}
