// Public API of the MultiMix model. Low-level layers live in ./layers (also re-exported here).
export { MultiMixModel, type ForwardOptions, type ForwardOutput, type Heads, type Prediction } from './multimix';
export {
  BASE_ENCODER_WIDTHS,
  NUM_CLASSES,
  SALIENCY_BRIDGE_CHANNELS,
  decoderInputChannels,
  flopsPerImageForward,
  modelWidths,
  parameterSpecs,
  scaledWidth,
  type ParamSpec,
  type Widths,
} from './architecture';
export { initialValues } from './init';
export { LEAKY_RELU_SLOPE } from './network';
export { inputSaliency, normalisePerSample } from './saliency';
export { ARTIFACTS_FORMAT, ARTIFACTS_FORMAT_VERSION, type MultiMixTopology } from './weights-io';
export * from './layers';
export { installWasmKernelPatches } from './wasm-kernel-patches';
