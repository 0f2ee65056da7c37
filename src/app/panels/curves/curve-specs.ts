// Which series each plot shows (names as in the run record, see platform/training/curves.ts), filtered by
// the variant's heads so a segmentation-only run has no empty classification lines. The validation lines are
// the core metric registry's `curve` metrics.
import { variantFeatures, type Variant } from '../../../core/config';
import { metricsIn } from '../../../core/metrics';
import { VAL_CURVES } from '../../../platform/training/curves';
import type { SeriesSpec } from './series-tracker';

const LOSSES: Array<SeriesSpec & { needs?: 'cls' | 'seg' | 'ssl' | 'kl' }> = [
  { name: 'loss/total', label: 'total', color: '#7a8599' },
  { name: 'loss/cls', label: 'cls (CE)', color: '#1f77b4', needs: 'cls' },
  { name: 'loss/dice', label: 'Dice', color: '#2ca02c', needs: 'seg' },
  { name: 'loss/fixmatch', label: 'FixMatch', color: '#ff7f0e', needs: 'ssl' },
  { name: 'loss/kl', label: 'KL', color: '#9467bd', needs: 'kl' },
];

const VALIDATION: Array<SeriesSpec & { needs?: 'cls' | 'seg' }> = [
  ...metricsIn('curve').map((m) => ({ name: VAL_CURVES[m.task](m.id), label: m.label, color: m.color, needs: m.task })),
  { name: VAL_CURVES.score, label: 'selection score', color: '#7a8599' },
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
