// Defaults and labels shared by the page and the import worker. Kept free of decoders and generators
// so the page bundle does not pull them in just for a constant.
import type { AssignmentOptions, PhantomRequestOptions } from './protocol';

/** Shown wherever generated phantoms appear: they must never pass for real radiographs. */
export const SYNTHETIC_LABEL = 'Synthetic phantom — not real data';
export const DEFAULT_PHANTOM: PhantomRequestOptions = { count: 200, seed: 1 };

/** Label budgets offered in the dataset browser (the paper's settings plus "all"). */
export const SEG_BUDGETS = [10, 50, 'all'] as const;
export const CLS_BUDGETS = [100, 1000, 'all'] as const;

export const DEFAULT_ASSIGNMENT: AssignmentOptions = {
  seed: 42,
  fractions: { val: 0.1, test: 0.2 },
  budget: { seg: 'all', cls: 'all' },
};
