// The inference worker (issue 9): answers the viewer's predict/saliency, evaluation and model-file requests
// in its own thread, beside the training worker, so a prediction never queues behind a training step. It
// loads weights from IndexedDB (../training/model-source.ts: the run's newest checkpoint — reloaded lazily
// when the training worker has written a newer one — or a saved model) and runs on a CPU backend with one
// wasm thread: on a 2-core machine training keeps the other core, and on a GPU machine it never opens a second
// GPU device beside training's (see backendForInference in app/store/backend-choice.ts). Messages:
// ./inference.protocol.ts.
/// <reference lib="webworker" />
import type { BackendName } from '../../core/config';
import { setWasmThreads, tryBackend, wasmThreading, type BackendAttempt } from '../backend';
import { getDatabase, StorageError, type WorkbenchDatabase } from '../storage/db';
import { evaluateRoles, exportArtifacts, importArtifacts, predictImages, predictPixels, saveRunModel } from '../training/inference';
import { dropCachedModel, ModelSourceError } from '../training/model-source';
import { RunDataError } from '../training/run-data';
import { cellResults } from '../training/cell-results';
import type { InferenceEvent, InferenceRequest } from './inference.protocol';

declare const self: DedicatedWorkerGlobalScope;

/** XNNPACK threads for inference: one, so that on 2 cores training keeps the other (issue 9 budget). */
const INFERENCE_WASM_THREADS = 1;
setWasmThreads(INFERENCE_WASM_THREADS);

function post(event: InferenceEvent, transfer: Transferable[] = []): void {
  self.postMessage(event, transfer);
}

let dbPromise: Promise<WorkbenchDatabase> | null = null;
const db = () => (dbPromise ??= getDatabase());

let active: BackendName | null = null;
/** Why no backend started (answers every request until an `init` succeeds). */
let startError: string | null = null;

/**
 * Requests run one at a time in this lane: a backend switch never lands in the middle of a prediction, and no
 * request frees the cached model another one is still using.
 */
let lane: Promise<unknown> = Promise.resolve();
function exclusive<T>(fn: () => Promise<T>): Promise<T> {
  const run = lane.then(fn, fn);
  lane = run.catch(() => undefined);
  return run;
}

/** `preferred`, then wasm, then cpu: inference never falls back onto a GPU backend it was not given. */
async function activate(preferred: BackendName): Promise<void> {
  const order = [preferred, ...(['wasm', 'cpu'] as const).filter((b) => b !== preferred)];
  const attempts: BackendAttempt[] = [];
  dropCachedModel();
  for (const backend of order) {
    const attempt = await tryBackend(backend);
    attempts.push(attempt);
    if (attempt.ok) {
      active = backend;
      startError = null;
      const threads = backend === 'wasm' ? wasmThreading()?.threads : undefined;
      post({ type: 'ready', active: backend, attempts, ...(threads !== undefined ? { threads } : {}) });
      return;
    }
  }
  active = null;
  startError = `The inference worker could not start a backend: ${attempts.map((a) => `${a.backend}: ${a.error}`).join('; ')}`;
  post({ type: 'error', code: 'internal', message: startError });
}

function codeOf(err: unknown): 'not-found' | 'data' | 'internal' {
  if (err instanceof ModelSourceError) return 'not-found';
  if (err instanceof StorageError) return err.code === 'not-found' ? 'not-found' : 'internal';
  if (err instanceof RunDataError) return 'data';
  return 'internal';
}

type ModelRequest = Exclude<InferenceRequest, { type: 'init' }>;

async function answer(msg: ModelRequest): Promise<void> {
  if (active === null) throw new Error(startError ?? 'The inference worker has no backend yet.');
  switch (msg.type) {
    case 'predict':
    case 'predictPixels': {
      const t0 = performance.now();
      const r = msg.type === 'predict'
        ? await predictImages(await db(), msg.source, msg.datasetId, msg.keys, msg.smoothGrad)
        : await predictPixels(await db(), msg.source, msg.images, msg.size, msg.smoothGrad);
      const transfer = r.items.flatMap((it) => [it.mask?.buffer, it.saliency?.buffer].filter((b): b is ArrayBuffer => b instanceof ArrayBuffer));
      post({ type: 'prediction', requestId: msg.requestId, size: r.size, items: r.items, weights: r.weights, ms: performance.now() - t0 }, transfer);
      return;
    }
    case 'evaluate': {
      const t0 = performance.now();
      const evaluations = await evaluateRoles(await db(), msg.source, msg.roles, msg.datasets);
      post({ type: 'evaluation', requestId: msg.requestId, evaluations, ms: performance.now() - t0 });
      return;
    }
    case 'cellResults': {
      const t0 = performance.now();
      const result = await cellResults(await db(), msg.runId);
      post({ type: 'cell-results', requestId: msg.requestId, runId: msg.runId, result, ms: performance.now() - t0 });
      return;
    }
    case 'saveModel':
      post({ type: 'model-saved', requestId: msg.requestId, model: await saveRunModel(await db(), msg.runId, msg.name, msg.which ?? 'best') });
      return;
    case 'exportModel': {
      const { name, artifacts } = await exportArtifacts(await db(), msg.source);
      post({ type: 'model-exported', requestId: msg.requestId, name, artifacts }, [artifacts.weightData]);
      return;
    }
    case 'importModel':
      post({ type: 'model-saved', requestId: msg.requestId, model: await importArtifacts(await db(), msg.name, msg.artifacts) });
      return;
  }
}

self.onmessage = (e: MessageEvent<InferenceRequest>) => {
  const msg = e.data;
  if (msg.type === 'init') {
    void exclusive(async () => {
      if (msg.backend !== active) await activate(msg.backend);
    });
    return;
  }
  exclusive(() => answer(msg)).catch((err: unknown) => {
    post({ type: 'error', requestId: msg.requestId, code: codeOf(err), message: err instanceof Error ? err.message : String(err) });
  });
};
