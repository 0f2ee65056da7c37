// Which series each plot shows (names as in the run record, see platform/training/curves.ts), filtered by
// the variant's heads so a segmentation-only run has no empty classification lines.
import { variantFeatures, type Variant } from '../../../core/config';
import type { SeriesSpec } from './series-tracker';

const LOSSES: Array<SeriesSpec & { needs?: 'cls' | 'seg' | 'ssl' | 'kl' }> = [
  { name: 'loss/total', label: 'total', color: '#1d2430' },
  { name: 'loss/cls', label: 'cls (CE)', color: '#1f77b4', needs: 'cls' },
  { name: 'loss/dice', label: 'Dice', color: '#2ca02c', needs: 'seg' },
  { name: 'loss/fixmatch', label: 'FixMatch', color: '#ff7f0e', needs: 'ssl' },
  { name: 'loss/kl', label: 'KL', color: '#9467bd', needs: 'kl' },
];

const VALIDATION: Array<SeriesSpec & { needs?: 'cls' | 'seg' }> = [
  { name: 'val/cls/acc', label: 'acc', color: '#1f77b4', needs: 'cls' },
  { name: 'val/cls/auc', label: 'AUC', color: '#17becf', needs: 'cls' },
  { name: 'val/cls/f1Normal', label: 'F1 normal', color: '#8c564b', needs: 'cls' },
  { name: 'val/cls/f1Abnormal', label: 'F1 pneumonia', color: '#e377c2', needs: 'cls' },
  { name: 'val/seg/dice', label: 'Dice', color: '#2ca02c', needs: 'seg' },
  { name: 'val/seg/jaccard', label: 'Jaccard', color: '#bcbd22', needs: 'seg' },
  { name: 'val/score', label: 'selection score', color: '#1d2430' },
];

export const THROUGHPUT: SeriesSpec[] = [{ name: 'train/imagesPerSecond', label: 'images/s', color: '#d62728' }];

/**
 * The step-decay schedule and, for FixMatch variants, the share of unlabeled images whose weak-view
 * confidence passed t (the mask rate): it shows when pseudo-labels start to count.
 */
const SCHEDULE: SeriesSpec[] = [
  { name: 'train/lr', label: 'learning rate', color: '#7f7f7f', smooth: false },
  { name: 'train/maskRate', label: 'FixMatch confident share', color: '#ff7f0e', rightAxis: true },
];
const SCHEDULE_NO_SSL = SCHEDULE.slice(0, 1);
export const scheduleSpecs = (variant: Variant): SeriesSpec[] => (variantFeatures(variant).ssl ? SCHEDULE : SCHEDULE_NO_SSL);

const cache = new Map<string, { losses: SeriesSpec[]; validation: SeriesSpec[] }>();

/** Stable arrays per variant (plots rebuild when their specs change identity). */
export function specsFor(variant: Variant): { losses: SeriesSpec[]; validation: SeriesSpec[] } {
  let specs = cache.get(variant);
  if (!specs) {
    const f = variantFeatures(variant);
    const has = (needs: string | undefined) => !needs || f[needs as keyof typeof f];
    specs = { losses: LOSSES.filter((s) => has(s.needs)), validation: VALIDATION.filter((s) => has(s.needs)) };
    cache.set(variant, specs);
  }
  return specs;
}

/** Every series a run may have, for overlays of runs with different variants. */
export const ALL_SERIES: readonly SeriesSpec[] = [...LOSSES, ...VALIDATION, ...THROUGHPUT];
