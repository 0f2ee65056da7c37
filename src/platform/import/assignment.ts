// Splits and label budgets for stored images, through the core's seeded assignSplits and
// applyLabelBudget. Used when an import commits and when the user changes seed, fractions or budget
// in the dataset browser. The same seed and options always give the same assignment.
import { createRng } from '../../core/rng';
import { applyLabelBudget, assignSplits } from '../../core/data/splits';
import type { Split } from '../../core/data/types';
import type { ImageRecord } from '../storage/schema';
import type { AssignmentOptions } from './protocol';

/** Image metadata before assignment: `split` is only what the layout said, if anything. */
export type UnassignedImage = Omit<ImageRecord, 'datasetId' | 'split' | 'labeled' | 'layoutSplit'> & {
  split?: Split;
  /** A re-imported workbench export's split and flags: kept as they were, not assigned (issue 9). */
  restored?: Pick<ImageRecord, 'split' | 'labeled' | 'layoutSplit'>;
};

export { DEFAULT_ASSIGNMENT } from './defaults';

export function assignImages(images: readonly UnassignedImage[], options: AssignmentOptions): Omit<ImageRecord, 'datasetId'>[] {
  if (images.length > 0 && images.every((im) => im.restored)) {
    return images.map(({ restored, split: _split, ...rest }) => ({ ...rest, ...restored! }));
  }
  const rng = createRng(options.seed);
  // The core decides mask-ness from `mask`; metadata only knows `hasMask`.
  const items = images.map((im) => ({ ...im, mask: im.hasMask ? true : undefined }));
  const split = assignSplits(items, options.fractions, rng.fork('splits'));
  const flagged = applyLabelBudget(split, options.budget, rng.fork('budget'));
  return flagged.map((it, i) => {
    const src = images[i] as UnassignedImage;
    const { split: layoutSplit, restored: _restored, ...rest } = src;
    const rec: Omit<ImageRecord, 'datasetId'> = { ...rest, split: it.split, labeled: it.labeled };
    if (layoutSplit !== undefined) rec.layoutSplit = layoutSplit;
    return rec;
  });
}

/** New split and flags for images already stored; layout-given splits are kept. */
export function reassignImages(images: readonly ImageRecord[], options: AssignmentOptions): ImageRecord[] {
  const unassigned = images.map(({ datasetId: _d, split: _s, labeled: _l, layoutSplit, ...rest }) =>
    layoutSplit !== undefined ? { ...rest, split: layoutSplit } : rest,
  );
  return assignImages(unassigned, options).map((rec, i) => ({ ...rec, datasetId: (images[i] as ImageRecord).datasetId }));
}
