// Public API of the MultiMix model. Low-level layers live in ./layers (also re-exported here).
export { MultiMixModel, type ForwardOptions } from './multimix';
export { modelWidths } from './architecture';
export { normalisePerSample } from './saliency';
export { ARTIFACTS_FORMAT } from './weights-io';
export * from './layers';
export { installWasmKernelPatches } from './wasm-kernel-patches';
