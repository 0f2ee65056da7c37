// The page's handle on the training worker: starts it on first use, turns request/answer pairs into promises
// (through the one RPC helper, ./rpc.ts: request ids, timeouts, cancel, crash → reject) and fans run events out
// to subscribers. A worker that dies (uncaught error, out of memory) rejects every pending request with a
// WorkerRpcError of code `crashed`, is reported as an `error` event, and is started again — with `init` for the
// chosen backend first — by the next call.
import type { BackendName } from '../../core/config';
import type { EvaluationRole, ModelArtifactsMessage, ModelSource, TrainEvent, TrainRequest } from './train.protocol';
import type { DatasetUse, WorkbenchRunConfig } from '../../core/workbench-config';
import { WorkerRpc, type RequestOptions, type Settlement, type WorkerLike } from './rpc';

export type ReadyEvent = Extract<TrainEvent, { type: 'ready' }>;
export type PredictionEvent = Extract<TrainEvent, { type: 'prediction' }>;
export type EvaluationEvent = Extract<TrainEvent, { type: 'evaluation' }>;
export type ModelSavedEvent = Extract<TrainEvent, { type: 'model-saved' }>;
export type ModelExportedEvent = Extract<TrainEvent, { type: 'model-exported' }>;
export type BackendsMeasuredEvent = Extract<TrainEvent, { type: 'backends-measured' }>;

type Listener = (event: TrainEvent) => void;

/**
 * Silence limits (ms) per request kind: long enough for the slowest honest answer, so that only a hung worker
 * trips them (a crash is caught at once). A backend switch waits for the running step to end and its
 * checkpoint (minutes for a large model on a software GPU); requests queue behind each other in the worker's
 * exclusive lane; an evaluation runs the whole held-out set without progress messages.
 */
const TRAIN_TIMEOUTS = {
  ready: 15 * 60_000,
  predict: 10 * 60_000,
  evaluate: 30 * 60_000,
  model: 10 * 60_000,
} as const;

function defaultFactory(): WorkerLike {
  return new Worker(new URL('./train.worker.ts', import.meta.url), { type: 'module', name: 'multimix-train' });
}

/** The answer of type `expect`, the worker's error, or a protocol error for anything else. */
function answer<T extends TrainEvent>(expect: T['type']): (e: TrainEvent) => Settlement<T> {
  return (e) => {
    if (e.type === 'error') return { error: { message: e.message, code: e.code } };
    if (e.type === expect) return { value: e as T };
    return { error: { message: `expected a ${expect} answer, got ${e.type}`, code: 'internal' } };
  };
}

/** `ready`, or — before any run exists — an error that says no backend could start. */
function readyOrFailure(e: TrainEvent): Settlement<ReadyEvent> | undefined {
  if (e.type === 'ready') return { value: e };
  if (e.type === 'error' && e.requestId === undefined && e.runId === undefined) return { error: { message: e.message, code: e.code } };
  return undefined;
}

export class TrainClient {
  private readonly listeners = new Set<Listener>();
  private backendPreference: BackendName | 'auto' = 'auto';
  private lastReady: ReadyEvent | null = null;
  private readonly rpc: WorkerRpc<TrainRequest, TrainEvent>;

  constructor(factory: () => WorkerLike = defaultFactory) {
    this.rpc = new WorkerRpc<TrainRequest, TrainEvent>({
      create: factory,
      name: 'training worker',
      timeoutMs: TRAIN_TIMEOUTS.model,
      requestIdOf: (e) => ('requestId' in e ? e.requestId : undefined),
      // A (re)started worker has no backend yet: choose it before anything else.
      onStart: (post) => post({ type: 'init', backend: this.backendPreference }),
      onMessage: (e) => {
        if (e.type === 'ready') this.lastReady = e;
        this.emit(e);
      },
      onCrash: (err) => this.emit({ type: 'error', code: 'internal', message: err.message }),
    });
  }

  /** Every event the worker sends (and worker crashes as `error` events). Returns the unsubscribe function. */
  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get ready(): ReadyEvent | null {
    return this.lastReady;
  }

  /** Starts the worker if needed and chooses the backend; resolves with what initialised. */
  init(backend: BackendName | 'auto' = this.backendPreference): Promise<ReadyEvent> {
    this.backendPreference = backend;
    const ready = this.waitForReady();
    // A fresh worker gets `init` from the start hook.
    if (this.rpc.running) this.rpc.post({ type: 'init', backend });
    else this.rpc.start();
    return ready;
  }

  /** Switches the backend (a running run continues from a checkpoint on the new one). */
  setBackend(backend: BackendName | 'auto'): Promise<ReadyEvent> {
    if (!this.rpc.running) return this.init(backend);
    this.backendPreference = backend;
    const ready = this.waitForReady();
    this.rpc.post({ type: 'setBackend', backend });
    return ready;
  }

  start(runId: string, name: string, config: WorkbenchRunConfig, initFrom?: ModelSource): void {
    this.rpc.post({ type: 'start', runId, name, config, ...(initFrom ? { initFrom } : {}) });
  }
  resume(runId: string): void {
    this.rpc.post({ type: 'resume', runId });
  }
  pause(runId: string): void {
    this.rpc.post({ type: 'pause', runId });
  }
  continue(runId: string): void {
    this.rpc.post({ type: 'continue', runId });
  }
  stop(runId: string): void {
    this.rpc.post({ type: 'stop', runId });
  }

  /** Times a small training step on every backend (issue 9); `measure-progress` events say which one runs. */
  measureBackends(software: boolean): Promise<BackendsMeasuredEvent> {
    return this.rpc.request((requestId) => ({ type: 'measureBackends', requestId, software }), answer<BackendsMeasuredEvent>('backends-measured'), {
      timeoutMs: TRAIN_TIMEOUTS.ready,
    });
  }

  /** Demo/test hook: make the GPU backend lose its device (the run falls back and resumes). */
  simulateDeviceLoss(): void {
    this.rpc.post({ type: 'simulateDeviceLoss' });
  }

  predict(
    source: ModelSource, datasetId: string, keys: string[], smoothGrad?: { samples: number; noise: number }, options: RequestOptions = {},
  ): Promise<PredictionEvent> {
    return this.rpc.request(
      (requestId) => ({ type: 'predict', requestId, source, datasetId, keys, ...(smoothGrad ? { smoothGrad } : {}) }),
      answer<PredictionEvent>('prediction'),
      { timeoutMs: TRAIN_TIMEOUTS.predict, ...options },
    );
  }

  /** Predictions of images that are not stored (each `size`² gray), e.g. the example X-rays. */
  predictPixels(
    source: ModelSource, images: Array<{ key: string; pixels: Uint8Array; mask?: Uint8Array }>, size: number,
    smoothGrad?: { samples: number; noise: number }, options: RequestOptions = {},
  ): Promise<PredictionEvent> {
    return this.rpc.request(
      (requestId) => ({ type: 'predictPixels', requestId, source, images, size, ...(smoothGrad ? { smoothGrad } : {}) }),
      answer<PredictionEvent>('prediction'),
      { timeoutMs: TRAIN_TIMEOUTS.predict, ...options },
    );
  }

  evaluate(source: ModelSource, roles: EvaluationRole[], datasets?: DatasetUse[], options: RequestOptions = {}): Promise<EvaluationEvent> {
    return this.rpc.request(
      (requestId) => ({ type: 'evaluate', requestId, source, roles, ...(datasets ? { datasets } : {}) }),
      answer<EvaluationEvent>('evaluation'),
      { timeoutMs: TRAIN_TIMEOUTS.evaluate, ...options },
    );
  }

  saveModel(runId: string, name: string, which: 'best' | 'latest' = 'best'): Promise<ModelSavedEvent> {
    return this.rpc.request((requestId) => ({ type: 'saveModel', requestId, runId, name, which }), answer<ModelSavedEvent>('model-saved'));
  }

  exportModel(source: ModelSource): Promise<ModelExportedEvent> {
    return this.rpc.request((requestId) => ({ type: 'exportModel', requestId, source }), answer<ModelExportedEvent>('model-exported'));
  }

  importModel(name: string, artifacts: ModelArtifactsMessage): Promise<ModelSavedEvent> {
    return this.rpc.request((requestId) => ({ type: 'importModel', requestId, name, artifacts }), answer<ModelSavedEvent>('model-saved'), {
      transfer: [artifacts.weightData],
    });
  }

  /** Ends the worker (a running run stays resumable from its last checkpoint). */
  terminate(): void {
    this.rpc.terminate();
  }

  private waitForReady(): Promise<ReadyEvent> {
    return this.rpc.waitFor(readyOrFailure, { timeoutMs: TRAIN_TIMEOUTS.ready });
  }

  private emit(event: TrainEvent): void {
    for (const l of this.listeners) {
      try {
        l(event);
      } catch (err) {
        console.error('training event listener failed', err);
      }
    }
  }
}
