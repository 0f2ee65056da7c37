// Saved-model files in the TensorFlow.js format, on the page side: export through tf.io's `downloads://`
// handler (browserDownloads: <name>.json + <name>.weights.bin) and import through tf.io.browserFiles from a
// file picker. The files are the ones `npm run experiment` writes (model.json + weights.bin): modelTopology
// carries the MultiMix config; the run config rides in userDefinedMetadata. tfjs is imported lazily, only
// when a model is exported or imported, so the page's first paint never pays for it; building and checking
// the model itself happens in the inference worker.
import type { RunConfig } from '../../core/config';
import type { ModelArtifactsMessage } from '../workers/train.protocol';
import type { WeightSpec } from '../../core/model/weights-io';
import { provenanceFromJson } from '../../core/provenance';

type Tf = typeof import('@tensorflow/tfjs');

function loadTf(): Promise<Tf> {
  return import('@tensorflow/tfjs');
}

/** A file-name prefix from a model name: letters, digits, dot, dash, underscore; never empty. */
export function fileNamePrefix(name: string): string {
  const clean = name.trim().replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '');
  return clean.length > 0 ? clean.slice(0, 80) : 'multimix-model';
}

/** model.json's `userDefinedMetadata`: the run config and the training provenance (issue 9), when known. */
function userMetadata(artifacts: ModelArtifactsMessage): Record<string, object> {
  const meta: Record<string, object> = {};
  if (artifacts.runConfig) meta.runConfig = artifacts.runConfig as unknown as object;
  if (artifacts.provenance) meta.provenance = artifacts.provenance;
  return meta;
}

/** Triggers the download of `<prefix>.json` and `<prefix>.weights.bin` (blob: URLs, nothing leaves the machine). */
export async function downloadModelFiles(name: string, artifacts: ModelArtifactsMessage): Promise<string[]> {
  const tf = await loadTf();
  const prefix = fileNamePrefix(name);
  const toSave: import('@tensorflow/tfjs').io.ModelArtifacts = {
    modelTopology: artifacts.modelTopology as import('@tensorflow/tfjs').io.ModelArtifacts['modelTopology'],
    weightSpecs: artifacts.weightSpecs,
    weightData: artifacts.weightData,
    format: 'multimix',
    generatedBy: 'MultiMix Workbench',
    ...(artifacts.runConfig || artifacts.provenance ? { userDefinedMetadata: userMetadata(artifacts) } : {}),
  };
  // The `downloads://` router gives tf.io's BrowserDownloads handler (anchor clicks on blob: URLs).
  const [handler] = tf.io.getSaveHandlers(`downloads://${prefix}`);
  if (!handler?.save) throw new Error('This browser offers no downloads:// handler for TF.js models.');
  await handler.save(toSave);
  return [`${prefix}.json`, `${prefix}.weights.bin`];
}

/** Which picked file is the model.json and which are weight files, with a message naming what is missing. */
export function sortModelFiles(files: readonly File[]): { json: File; weights: File[] } {
  const jsons = files.filter((f) => f.name.toLowerCase().endsWith('.json'));
  const weights = files.filter((f) => f.name.toLowerCase().endsWith('.bin'));
  const other = files.filter((f) => !jsons.includes(f) && !weights.includes(f));
  if (jsons.length !== 1) {
    throw new Error(
      jsons.length === 0
        ? 'Choose the model.json file together with its weights (.bin) file.'
        : `Choose exactly one .json file (got ${jsons.map((f) => f.name).join(', ')}).`,
    );
  }
  if (weights.length === 0) throw new Error(`Choose the weights file (e.g. weights.bin) together with ${jsons[0]?.name}.`);
  if (other.length > 0) throw new Error(`Not part of a TF.js model: ${other.map((f) => f.name).join(', ')} (expected one .json and .bin files).`);
  return { json: jsons[0] as File, weights };
}

function isMultiMixTopology(t: unknown): boolean {
  return t !== null && typeof t === 'object' && !(t instanceof ArrayBuffer) && (t as { format?: unknown }).format === 'multimix';
}

/**
 * Reads picked model files with tf.io.browserFiles (weights matched to the manifest by file name) into the
 * message the worker imports. Only the shape of the files is checked here; the worker checks that the weights
 * build a MultiMix model of the config inside.
 */
export async function readModelFiles(files: readonly File[]): Promise<ModelArtifactsMessage> {
  const { json, weights } = sortModelFiles(files);
  const tf = await loadTf();
  let artifacts: import('@tensorflow/tfjs').io.ModelArtifacts;
  try {
    const handler = tf.io.browserFiles([json, ...weights]);
    if (!handler.load) throw new Error('tf.io.browserFiles cannot load');
    artifacts = await handler.load();
  } catch (e) {
    throw new Error(`${json.name} and ${weights.map((f) => f.name).join(', ')} are not a TF.js model: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (!isMultiMixTopology(artifacts.modelTopology)) {
    throw new Error(`${json.name} is a TF.js model but not a MultiMix model (its modelTopology has no "format": "multimix").`);
  }
  if (!artifacts.weightSpecs || artifacts.weightData === undefined) {
    throw new Error(`${json.name} lists no weights (weightsManifest is empty).`);
  }
  const meta = artifacts.userDefinedMetadata as { runConfig?: RunConfig; provenance?: unknown } | undefined;
  // Absent: unknown provenance (older files, other tools). Present but damaged: refused, never shown as real data.
  let provenance;
  try {
    provenance = provenanceFromJson(meta?.provenance, 'userDefinedMetadata.provenance');
  } catch (e) {
    throw new Error(`${json.name}: ${e instanceof Error ? e.message : String(e)}`);
  }
  return {
    modelTopology: artifacts.modelTopology as object,
    weightSpecs: artifacts.weightSpecs as WeightSpec[],
    weightData: tf.io.CompositeArrayBuffer.join(artifacts.weightData),
    ...(meta?.runConfig ? { runConfig: meta.runConfig } : {}),
    ...(provenance ? { provenance } : {}),
  };
}

/** A default name for an imported model: the json file name without extension. */
export function modelNameFromFiles(files: readonly File[]): string {
  const json = files.find((f) => f.name.toLowerCase().endsWith('.json'));
  return (json?.name ?? 'imported model').replace(/\.json$/i, '').replace(/^model$/, 'imported model');
}
