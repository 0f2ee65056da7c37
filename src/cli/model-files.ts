// Node: a MultiMix model as a TensorFlow.js model folder (model.json + weights.bin), the same files the
// browser's `downloads://` save produces, so a model trained headless can be loaded in the app and back.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { MultiMixModel } from '../core/model';

const WEIGHTS_FILE = 'weights.bin';

function weightDataAsBuffer(data: tf.io.WeightData | undefined): ArrayBuffer {
  if (data === undefined) throw new Error('model artifacts carry no weight data');
  return tf.io.CompositeArrayBuffer.join(data);
}

/**
 * `metadata` goes into model.json's `userDefinedMetadata` next to the weights, e.g. the decision threshold
 * chosen on validation (`{ decisionThreshold: { threshold, source } }`), so it travels with the model.
 */
export async function writeModelFolder(model: MultiMixModel, dir: string, metadata?: Record<string, unknown>): Promise<void> {
  const artifacts = await model.toArtifacts();
  if (metadata) artifacts.userDefinedMetadata = { ...artifacts.userDefinedMetadata, ...metadata } as typeof artifacts.userDefinedMetadata;
  await mkdir(dir, { recursive: true });
  const modelJson: tf.io.ModelJSON = {
    modelTopology: artifacts.modelTopology as tf.io.ModelJSON['modelTopology'],
    weightsManifest: [{ paths: [`./${WEIGHTS_FILE}`], weights: artifacts.weightSpecs ?? [] }],
    ...(artifacts.format !== undefined ? { format: artifacts.format } : {}),
    ...(artifacts.generatedBy !== undefined ? { generatedBy: artifacts.generatedBy } : {}),
    ...(artifacts.userDefinedMetadata !== undefined ? { userDefinedMetadata: artifacts.userDefinedMetadata } : {}),
  };
  await writeFile(path.join(dir, 'model.json'), JSON.stringify(modelJson, null, 2));
  await writeFile(path.join(dir, WEIGHTS_FILE), new Uint8Array(weightDataAsBuffer(artifacts.weightData)));
}

export async function readModelFolder(dir: string): Promise<MultiMixModel> {
  const jsonPath = path.join(dir, 'model.json');
  let modelJson: tf.io.ModelJSON;
  try {
    modelJson = JSON.parse(await readFile(jsonPath, 'utf8')) as tf.io.ModelJSON;
  } catch (e) {
    throw new Error(`cannot read ${jsonPath}: ${e instanceof Error ? e.message : String(e)}`);
  }
  const artifacts = await tf.io.getModelArtifactsForJSON(modelJson, async (manifest) => {
    const specs: tf.io.WeightsManifestEntry[] = [];
    const buffers: ArrayBuffer[] = [];
    for (const group of manifest) {
      specs.push(...group.weights);
      for (const p of group.paths) {
        const bytes = await readFile(path.join(dir, p));
        buffers.push(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
      }
    }
    return [specs, tf.io.concatenateArrayBuffers(buffers)];
  });
  return MultiMixModel.fromArtifacts(artifacts);
}
