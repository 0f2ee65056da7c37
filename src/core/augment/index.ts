// Seeded data augmentation as tfjs tensor ops (cpu, wasm, webgl, webgpu). Every function takes a batch of
// [0,1] single-channel images BEFORE normalisation and returns a new tensor of the same shape and range;
// randomness comes only from the Rng passed in. Never back-propagated through (runs before the taped pass).
export { weakAugment, augmentPair, planWeakAugment, weakRemap } from './weak';
export type { WeakAugmentOptions, WeakParams } from './weak';
export { strongAugment, strongAugmentWithLog, applyStrongPlan } from './strong';
export {
  STRONG_OPS,
  MAX_MAGNITUDE,
  opValue,
  planStrongAugment,
  validateStrongOptions,
} from './randaugment-plan';
export type { StrongOpName, StrongAugmentOptions, StrongAugmentLog, AppliedOp } from './randaugment-plan';
export { autocontrast, brightness, contrast, sharpness, posterize, solarize } from './intensity-ops';
export { equalize, equalizeLookupTables } from './equalize';
export { rotate, shearX, shearY, translateX, translateY } from './geometric-ops';
export { cutout, cutoutSpan, CUTOUT_FILL } from './cutout';
export type { CutoutBox } from './cutout';
export { flipHorizontal, applySeparableRemap, reflectIndex } from './remap';
export type { SeparableRemap } from './remap';
export {
  warpAffine,
  rotationMatrix,
  shearXMatrix,
  shearYMatrix,
  translationMatrix,
  IDENTITY_MATRIX,
} from './warp';
export type { AffineMatrix, WarpOptions } from './warp';
export { assertImageBatch, perImageValues } from './image-batch';
export type { PerImage } from './image-batch';
