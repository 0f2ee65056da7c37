// The page's handle on the inference worker (issue 9): predictions with saliency, evaluation and model files,
// answered beside training instead of behind its steps. Started on first use (or by `warmUp`) through the one
// RPC helper (./rpc.ts: request ids, timeouts, cancel, crash → reject, restart with `init` first).
import type { BackendName } from '../../core/config';
import type { DatasetUse } from '../../core/workbench-config';
import type { InferenceEvent, InferenceRequest } from './inference.protocol';
import { expectAnswer, WorkerRpc, type RequestOptions, type WorkerLike } from './rpc';
import type { EvaluationRole, ModelArtifactsMessage, ModelSource } from './train.protocol';

export type PredictionEvent = Extract<InferenceEvent, { type: 'prediction' }>;
export type EvaluationEvent = Extract<InferenceEvent, { type: 'evaluation' }>;
export type CellResultsEvent = Extract<InferenceEvent, { type: 'cell-results' }>;
export type ModelSavedEvent = Extract<InferenceEvent, { type: 'model-saved' }>;
export type ModelExportedEvent = Extract<InferenceEvent, { type: 'model-exported' }>;

/**
 * Silence limits (ms): long enough for the slowest honest answer — an evaluation runs the whole held-out set
 * without progress messages, a model file is read or written whole — so only a hung worker trips them.
 */
const INFERENCE_TIMEOUTS = { predict: 5 * 60_000, evaluate: 30 * 60_000, model: 10 * 60_000 } as const;

function defaultFactory(): WorkerLike {
  return new Worker(new URL('./inference.worker.ts', import.meta.url), { type: 'module', name: 'multimix-inference' });
}

export class InferenceClient {
  private backend: BackendName = 'wasm';
  private lastReady: Extract<InferenceEvent, { type: 'ready' }> | null = null;
  private readonly rpc: WorkerRpc<InferenceRequest, InferenceEvent>;

  constructor(factory: () => WorkerLike = defaultFactory) {
    this.rpc = new WorkerRpc<InferenceRequest, InferenceEvent>({
      create: factory,
      name: 'inference worker',
      timeoutMs: INFERENCE_TIMEOUTS.model,
      requestIdOf: (e) => ('requestId' in e ? e.requestId : undefined),
      onStart: (post) => post({ type: 'init', backend: this.backend }),
      onMessage: (e) => {
        if (e.type === 'ready') this.lastReady = e;
      },
    });
  }

  /** The backend the worker last reported (and its wasm threads); null before it started. */
  get ready(): Extract<InferenceEvent, { type: 'ready' }> | null {
    return this.lastReady;
  }

  /** The backend to infer on; a running worker switches between two requests (its model is rebuilt there). */
  useBackend(backend: BackendName): void {
    if (backend === this.backend) return;
    this.backend = backend;
    if (this.rpc.running) this.rpc.post({ type: 'init', backend });
  }

  /** Starts the worker and its backend now, so that the first prediction does not pay for the start-up. */
  warmUp(): void {
    this.rpc.start();
  }

  predict(
    source: ModelSource, datasetId: string, keys: string[], smoothGrad?: { samples: number; noise: number }, options: RequestOptions = {},
  ): Promise<PredictionEvent> {
    return this.rpc.request(
      (requestId) => ({ type: 'predict', requestId, source, datasetId, keys, ...(smoothGrad ? { smoothGrad } : {}) }),
      expectAnswer<InferenceEvent, PredictionEvent>('prediction'),
      { timeoutMs: INFERENCE_TIMEOUTS.predict, ...options },
    );
  }

  /** Predictions of images that are not stored (each `size`² gray), e.g. the example X-rays. */
  predictPixels(
    source: ModelSource, images: Array<{ key: string; pixels: Uint8Array; mask?: Uint8Array }>, size: number,
    smoothGrad?: { samples: number; noise: number }, options: RequestOptions = {},
  ): Promise<PredictionEvent> {
    return this.rpc.request(
      (requestId) => ({ type: 'predictPixels', requestId, source, images, size, ...(smoothGrad ? { smoothGrad } : {}) }),
      expectAnswer<InferenceEvent, PredictionEvent>('prediction'),
      { timeoutMs: INFERENCE_TIMEOUTS.predict, ...options },
    );
  }

  evaluate(source: ModelSource, roles: EvaluationRole[], datasets?: DatasetUse[], options: RequestOptions = {}): Promise<EvaluationEvent> {
    return this.rpc.request(
      (requestId) => ({ type: 'evaluate', requestId, source, roles, ...(datasets ? { datasets } : {}) }),
      expectAnswer<InferenceEvent, EvaluationEvent>('evaluation'),
      { timeoutMs: INFERENCE_TIMEOUTS.evaluate, ...options },
    );
  }

  /** A finished run's test metrics + per-image values, as a grid cell keeps them (an evaluation: same time limit). */
  cellResults(runId: string): Promise<CellResultsEvent> {
    return this.rpc.request((requestId) => ({ type: 'cellResults', requestId, runId }), expectAnswer<InferenceEvent, CellResultsEvent>('cell-results'), {
      timeoutMs: INFERENCE_TIMEOUTS.evaluate,
    });
  }

  saveModel(runId: string, name: string, which: 'best' | 'latest' = 'best'): Promise<ModelSavedEvent> {
    return this.rpc.request((requestId) => ({ type: 'saveModel', requestId, runId, name, which }), expectAnswer<InferenceEvent, ModelSavedEvent>('model-saved'));
  }

  exportModel(source: ModelSource): Promise<ModelExportedEvent> {
    return this.rpc.request((requestId) => ({ type: 'exportModel', requestId, source }), expectAnswer<InferenceEvent, ModelExportedEvent>('model-exported'));
  }

  importModel(name: string, artifacts: ModelArtifactsMessage): Promise<ModelSavedEvent> {
    return this.rpc.request((requestId) => ({ type: 'importModel', requestId, name, artifacts }), expectAnswer<InferenceEvent, ModelSavedEvent>('model-saved'), {
      transfer: [artifacts.weightData],
    });
  }
}
