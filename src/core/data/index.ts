// Public surface of the data core (pure: runs in Node, in a worker and in tests).
export * from './types';
export { ImportError } from './errors';
export { decodeImageJs, decodeMaskSync, precheckImage, sniffFormat, applyWindow, JSRT_BYTES } from './decode/index';
export { applyOrientation } from './orient';
export { resizeGray, resizeMask } from './resize';
export { binarizeMask, maskFitsImage, unionMasks } from './mask';
export { planImport } from './plan';
export { DuplicateTracker, fileMap, isImportIssue, prepareAll, prepareItem } from './prepare';
export { kermanyPatientId } from './layouts/kermany';
export { csvLabel, nihLabel } from './layouts/csv';
export { assignSplits, applyLabelBudget, budgetSummary } from './splits';
export type { SplittableItem } from './splits';
export { generatePhantoms } from './phantom';
