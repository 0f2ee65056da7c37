// Low-level functional layers of the MultiMix network. Exported on their own so that cross-backend tests
// (Node cpu/wasm, browser webgl/webgpu) can check each one against a reference.
export {
  conv1x1,
  conv3x3,
  conv3x3CustomGrad,
  conv3x3FilterGrad,
  conv3x3FrozenFilter,
  conv3x3Parts,
  conv3x3Reference,
  dense,
  rotate180,
} from './conv';
export { seededDropout, seededDropoutReference } from './dropout';
export { INSTANCE_NORM_EPSILON, instanceNorm } from './instance-norm';
export { maxPool2x2, maxPool2x2Reference } from './max-pool';
export { instanceNormLeakyRelu, instanceNormLeakyReluReference } from './norm-activation';
export { resizeBilinearConstant, upsampleBilinear2x, upsampleBilinear2xReference } from './upsample';
