// Validation of named weight maps and the TF.js artifacts format of a MultiMix model:
//   modelTopology = { format: 'multimix', formatVersion: 1, config }, weightSpecs + weightData from
//   tf.io.encodeWeights (the same layout tf.io's IndexedDB/HTTP/file handlers store), generatedBy.
import * as tf from '@tensorflow/tfjs';
import { validateModelConfig, type ModelConfig } from '../config';
import type { ParamSpec } from './architecture';

export const ARTIFACTS_FORMAT = 'multimix';
export const ARTIFACTS_FORMAT_VERSION = 1;
export const GENERATED_BY = 'MultiMix Workbench';

export interface MultiMixTopology {
  format: typeof ARTIFACTS_FORMAT;
  formatVersion: number;
  config: ModelConfig;
}

/**
 * One tensor inside a flat weights buffer, in tfjs' WeightsManifestEntry shape: how checkpoints, saved models
 * and exported model files describe their buffers.
 */
export interface WeightSpec {
  name: string;
  shape: number[];
  dtype: 'float32' | 'int32' | 'bool';
}

/** Throws one error listing every missing, unexpected or mis-shaped weight. */
export function checkWeightMap(specs: readonly ParamSpec[], weights: Record<string, tf.Tensor>, context: string): void {
  if (weights === null || typeof weights !== 'object') throw new Error(`${context}: weights must be an object of named tensors`);
  const problems: string[] = [];
  const expected = new Set(specs.map((s) => s.name));
  for (const s of specs) {
    const t = weights[s.name];
    if (t === undefined) {
      problems.push(`missing "${s.name}" [${s.shape.join(',')}]`);
    } else if (!(t instanceof tf.Tensor)) {
      problems.push(`"${s.name}" is not a tf.Tensor`);
    } else if (t.isDisposed) {
      problems.push(`"${s.name}" is disposed`);
    } else if (!tf.util.arraysEqual(t.shape, s.shape)) {
      problems.push(`"${s.name}" has shape [${t.shape.join(',')}], expected [${s.shape.join(',')}]`);
    } else if (t.dtype !== 'float32') {
      problems.push(`"${s.name}" has dtype ${t.dtype}, expected float32`);
    }
  }
  for (const name of Object.keys(weights)) {
    if (!expected.has(name)) problems.push(`unexpected "${name}" (not a parameter of this variant)`);
  }
  if (problems.length > 0) throw new Error(`${context}: ${problems.join('; ')}`);
}

/** Encodes weights (in spec order) and the config as TF.js model artifacts. */
export async function encodeArtifacts(
  config: ModelConfig,
  specs: readonly ParamSpec[],
  weights: Record<string, tf.Tensor>,
): Promise<tf.io.ModelArtifacts> {
  const ordered = specs.map((s) => ({ name: s.name, tensor: weights[s.name] as tf.Tensor }));
  const { data, specs: weightSpecs } = await tf.io.encodeWeights(ordered);
  const topology: MultiMixTopology = { format: ARTIFACTS_FORMAT, formatVersion: ARTIFACTS_FORMAT_VERSION, config: { ...config } };
  return {
    modelTopology: topology as unknown as tf.io.ModelArtifacts['modelTopology'],
    format: ARTIFACTS_FORMAT,
    generatedBy: GENERATED_BY,
    convertedBy: null,
    weightSpecs,
    weightData: data,
  };
}

/** Reads the config out of artifacts, with messages naming what is wrong. */
export function readArtifactsConfig(a: tf.io.ModelArtifacts): ModelConfig {
  const ctx = 'MultiMixModel.fromArtifacts';
  if (a === null || typeof a !== 'object') throw new Error(`${ctx}: artifacts must be an object`);
  const topo = a.modelTopology as Partial<MultiMixTopology> | undefined;
  if (topo === null || typeof topo !== 'object' || topo instanceof ArrayBuffer) {
    throw new Error(`${ctx}: modelTopology must be a JSON object {format: "${ARTIFACTS_FORMAT}", config}`);
  }
  if (topo.format !== ARTIFACTS_FORMAT) {
    throw new Error(`${ctx}: modelTopology.format is "${String(topo.format)}", expected "${ARTIFACTS_FORMAT}" (not a MultiMix model)`);
  }
  if (topo.formatVersion !== ARTIFACTS_FORMAT_VERSION) {
    throw new Error(`${ctx}: unsupported formatVersion ${String(topo.formatVersion)} (this build reads ${ARTIFACTS_FORMAT_VERSION})`);
  }
  const config = topo.config as ModelConfig;
  const errors = validateModelConfig(config);
  if (errors.length > 0) throw new Error(`${ctx}: invalid config: ${errors.map((p) => p.message).join('; ')}`);
  if (!Array.isArray(a.weightSpecs) || a.weightData === undefined) {
    throw new Error(`${ctx}: weightSpecs and weightData are required (weights were not saved with the topology)`);
  }
  return { variant: config.variant, inputSize: config.inputSize, widthMultiplier: config.widthMultiplier, dropout: config.dropout };
}
