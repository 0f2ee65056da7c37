// Dataset counts derived from image metadata. Stored on the dataset record so the browser lists
// datasets without scanning their images, and recomputed whenever splits or budgets change.
import type { DatasetCounts, ImageRecord } from './schema';

export function emptyCounts(): DatasetCounts {
  return {
    images: 0,
    byClass: { normal: 0, pneumonia: 0, unlabeled: 0 },
    bySplit: { train: 0, val: 0, test: 0 },
    withMask: 0,
    labeledCls: 0,
    labeledSeg: 0,
    unlabeledTrain: { cls: 0, seg: 0 },
  };
}

export function countImages(images: Iterable<Pick<ImageRecord, 'label' | 'hasMask' | 'split' | 'labeled'>>): DatasetCounts {
  const c = emptyCounts();
  for (const im of images) {
    c.images++;
    if (im.label === 0) c.byClass.normal++;
    else if (im.label === 1) c.byClass.pneumonia++;
    else c.byClass.unlabeled++;
    c.bySplit[im.split]++;
    if (im.hasMask) c.withMask++;
    if (im.labeled.cls) c.labeledCls++;
    if (im.labeled.seg) c.labeledSeg++;
    if (im.split === 'train') {
      if (!im.labeled.cls) c.unlabeledTrain.cls++;
      if (!im.labeled.seg) c.unlabeledTrain.seg++;
    }
  }
  return c;
}
