// Public surface of the data core (pure: runs in Node, in a worker and in tests).
export * from './types';
export { ImportError, issue, toImportIssue } from './errors';
export { decodeImageJs, decodeImageSync, precheckImage, sniffFormat, describeNonImage, applyWindow, JSRT_BYTES, JSRT_SIDE } from './decode/index';
export type { Sniffed, SniffedFormat } from './decode/index';
export { resizeGray, resizeMask } from './resize';
export { MASK_THRESHOLD, binarizeMask, countForeground, maskFitsImage, unionMasks } from './mask';
export { pixelHash } from './hash';
export { planImport, summarisePlan } from './plan';
export { DEFAULT_IMAGE_SIZE, MIN_IMAGE_SIDE, DuplicateTracker, fileMap, isImportIssue, prepareAll, prepareItem } from './prepare';
export type { PrepareAllOptions } from './prepare';
export { kermanyPatientId } from './layouts/kermany';
export { csvLabel, nihLabel, MAX_MISSING_REPORTED } from './layouts/csv';
export { assignSplits, applyLabelBudget, budgetSummary, validateFractions } from './splits';
export type { SplittableItem } from './splits';
export { generatePhantom, generatePhantoms } from './phantom';
export type { PhantomImage, PhantomOptions } from './phantom';
