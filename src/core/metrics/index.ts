// Evaluation metrics: pure TypeScript on plain arrays (no tfjs), one function per metric plus accumulators.
export * from './classification';
export * from './roc';
export * from './segmentation';
export * from './ssim';
export * from './distance-transform';
export * from './hausdorff';
export * from './finite-mean';
export * from './classification-accumulator';
export * from './segmentation-accumulator';
export * from './registry';
