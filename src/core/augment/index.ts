// Seeded data augmentation as tfjs tensor ops (cpu, wasm, webgl, webgpu). Every function takes a batch of
// [0,1] single-channel images BEFORE normalisation and returns a new tensor of the same shape and range;
// randomness comes only from the Rng passed in. Never back-propagated through (runs before the taped pass).
export { weakAugment, augmentPair, planWeakAugment, weakRemap } from './weak';
export { strongAugment, strongAugmentWithLog, applyStrongPlan } from './strong';
export { STRONG_OPS, opValue, planStrongAugment } from './randaugment-plan';
export type { StrongAugmentLog } from './randaugment-plan';
export { autocontrast, brightness, contrast, sharpness, posterize, solarize } from './intensity-ops';
export { equalize } from './equalize';
export { rotate, shearX, shearY, translateX, translateY } from './geometric-ops';
export { cutout } from './cutout';
export { flipHorizontal, applySeparableRemap, reflectIndex } from './remap';
export { warpAffine, IDENTITY_MATRIX } from './warp';
