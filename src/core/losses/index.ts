// Losses of the MultiMix objective. Every loss returns a scalar tensor and cleans up its intermediates;
// callers own the returned tensor (wrap in tf.tidy or tf.variableGrads).
export { crossEntropyLoss, perSampleCrossEntropy } from './cross-entropy';
export { softDiceLoss } from './dice';
export { fixMatchTargets, fixMatchLoss, fixMatchMaskRate, type FixMatchTargets } from './fixmatch';
export { segmentationKlLoss, segmentationKlFromSums, segmentationKlChunkLoss, sigmoidBatchSum } from './kl';
export { combineLosses, type LossTerms } from './combined';
