// Public surface of the data core (pure: runs in Node, in a worker and in tests).
export * from './types';
export { ImportError, issue, toImportIssue } from './errors';
export { decodeImageJs, decodeImageSync, decodeMaskSync, fromPlatformRgba, precheckImage, sniffFormat, describeNonImage, applyWindow, TRANSFER_SYNTAXES, JSRT_BYTES, JSRT_SIDE } from './decode/index';
export type { MaskLevels, Precheck, Sniffed, SniffedFormat } from './decode/index';
export { applyOrientation, orientedSize } from './orient';
export { resizeGray, resizeMask } from './resize';
export { MASK_RULE, MASK_THRESHOLD, binarizeMask, isLung, countForeground, maskFitsImage, unionMasks } from './mask';
export { pixelHash } from './hash';
export { planImport, summarisePlan } from './plan';
export { DEFAULT_IMAGE_SIZE, MIN_IMAGE_SIDE, DuplicateTracker, fileMap, isImportIssue, prepareAll, prepareItem } from './prepare';
export type { PrepareAllOptions } from './prepare';
export { kermanyPatientId } from './layouts/kermany';
export { csvLabel, nihLabel } from './layouts/csv';
export { assignSplits, applyLabelBudget, budgetSummary } from './splits';
export type { SplittableItem } from './splits';
export { generatePhantoms } from './phantom';
