// The page's handle on the training worker: starts it on first use, turns request/answer pairs into promises
// and fans run events out to subscribers. A worker that dies (uncaught error, out of memory) rejects every
// pending request, is reported as an `error` event, and is started again by the next call.
import type { BackendName } from '../../core/config';
import type { EvaluationRole, ModelArtifactsMessage, ModelSource, TrainEvent, TrainRequest } from './train.protocol';
import type { DatasetUse, WorkbenchRunConfig } from '../../core/workbench-config';

export type ReadyEvent = Extract<TrainEvent, { type: 'ready' }>;
export type PredictionEvent = Extract<TrainEvent, { type: 'prediction' }>;
export type EvaluationEvent = Extract<TrainEvent, { type: 'evaluation' }>;
export type ModelSavedEvent = Extract<TrainEvent, { type: 'model-saved' }>;
export type ModelExportedEvent = Extract<TrainEvent, { type: 'model-exported' }>;

type Listener = (event: TrainEvent) => void;

interface Pending {
  expect: TrainEvent['type'];
  resolve: (e: TrainEvent) => void;
  reject: (err: Error) => void;
}

export class TrainWorkerError extends Error {
  constructor(message: string, readonly code: string) {
    super(message);
  }
}

function defaultFactory(): Worker {
  return new Worker(new URL('./train.worker.ts', import.meta.url), { type: 'module', name: 'multimix-train' });
}

export class TrainClient {
  private worker: Worker | null = null;
  private readonly listeners = new Set<Listener>();
  private readonly pending = new Map<number, Pending>();
  private readyWaiters: Array<Pending> = [];
  private nextRequestId = 1;
  private backendPreference: BackendName | 'auto' = 'auto';
  private lastReady: ReadyEvent | null = null;

  constructor(private readonly factory: () => Worker = defaultFactory) {}

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
    const answer = this.waitForReady();
    this.ensureWorker().postMessage({ type: 'init', backend } satisfies TrainRequest);
    return answer;
  }

  /** Switches the backend (a running run continues from a checkpoint on the new one). */
  setBackend(backend: BackendName | 'auto'): Promise<ReadyEvent> {
    this.backendPreference = backend;
    if (!this.worker) return this.init(backend);
    const answer = this.waitForReady();
    this.post({ type: 'setBackend', backend });
    return answer;
  }

  start(runId: string, name: string, config: WorkbenchRunConfig): void {
    this.post({ type: 'start', runId, name, config });
  }
  resume(runId: string): void {
    this.post({ type: 'resume', runId });
  }
  pause(runId: string): void {
    this.post({ type: 'pause', runId });
  }
  continue(runId: string): void {
    this.post({ type: 'continue', runId });
  }
  stop(runId: string): void {
    this.post({ type: 'stop', runId });
  }

  /** Demo/test hook: make the GPU backend lose its device (the run falls back and resumes). */
  simulateDeviceLoss(): void {
    this.post({ type: 'simulateDeviceLoss' });
  }

  predict(source: ModelSource, datasetId: string, keys: string[], smoothGrad?: { samples: number; noise: number }): Promise<PredictionEvent> {
    return this.request('prediction', (requestId) => ({
      type: 'predict', requestId, source, datasetId, keys, ...(smoothGrad ? { smoothGrad } : {}),
    }));
  }

  evaluate(source: ModelSource, roles: EvaluationRole[], datasets?: DatasetUse[]): Promise<EvaluationEvent> {
    return this.request('evaluation', (requestId) => ({ type: 'evaluate', requestId, source, roles, ...(datasets ? { datasets } : {}) }));
  }

  saveModel(runId: string, name: string, which: 'best' | 'latest' = 'best'): Promise<ModelSavedEvent> {
    return this.request('model-saved', (requestId) => ({ type: 'saveModel', requestId, runId, name, which }));
  }

  exportModel(source: ModelSource): Promise<ModelExportedEvent> {
    return this.request('model-exported', (requestId) => ({ type: 'exportModel', requestId, source }));
  }

  importModel(name: string, artifacts: ModelArtifactsMessage): Promise<ModelSavedEvent> {
    return this.request('model-saved', (requestId) => ({ type: 'importModel', requestId, name, artifacts }), [artifacts.weightData]);
  }

  /** Ends the worker (a running run stays resumable from its last checkpoint). */
  terminate(): void {
    this.worker?.terminate();
    this.worker = null;
    this.failAll(new TrainWorkerError('The training worker was shut down.', 'terminated'));
  }

  private request<T extends TrainEvent>(expect: T['type'], build: (requestId: number) => TrainRequest, transfer: Transferable[] = []): Promise<T> {
    const requestId = this.nextRequestId++;
    const promise = new Promise<T>((resolve, reject) => {
      this.pending.set(requestId, { expect, resolve: resolve as (e: TrainEvent) => void, reject });
    });
    this.post(build(requestId), transfer);
    return promise;
  }

  private waitForReady(): Promise<ReadyEvent> {
    return new Promise<ReadyEvent>((resolve, reject) => {
      this.readyWaiters.push({ expect: 'ready', resolve: resolve as (e: TrainEvent) => void, reject });
    });
  }

  private post(msg: TrainRequest, transfer: Transferable[] = []): void {
    const fresh = !this.worker;
    const worker = this.ensureWorker();
    // A restarted worker (after a crash) has no backend yet: choose it again before anything else.
    if (fresh) worker.postMessage({ type: 'init', backend: this.backendPreference } satisfies TrainRequest);
    worker.postMessage(msg, transfer);
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = this.factory();
    worker.onmessage = (e: MessageEvent<TrainEvent>) => this.dispatch(e.data);
    worker.onerror = (e: ErrorEvent) => {
      e.preventDefault();
      this.crashed(`The training worker crashed: ${e.message || 'unknown error (out of memory?)'}`);
    };
    worker.onmessageerror = () => this.crashed('The training worker sent a message that could not be read.');
    this.worker = worker;
    return worker;
  }

  private crashed(message: string): void {
    this.worker?.terminate();
    this.worker = null;
    this.failAll(new TrainWorkerError(message, 'crashed'));
    this.emit({ type: 'error', code: 'internal', message });
  }

  private failAll(err: Error): void {
    for (const p of this.pending.values()) p.reject(err);
    this.pending.clear();
    for (const w of this.readyWaiters) w.reject(err);
    this.readyWaiters = [];
  }

  private dispatch(event: TrainEvent): void {
    if (event.type === 'ready') {
      this.lastReady = event;
      const waiters = this.readyWaiters;
      this.readyWaiters = [];
      for (const w of waiters) w.resolve(event);
    }
    if (event.type === 'error' && event.requestId === undefined && event.runId === undefined) {
      // No backend could start (or the worker failed before any run): whoever waits for `ready` hears it.
      const waiters = this.readyWaiters;
      this.readyWaiters = [];
      for (const w of waiters) w.reject(new TrainWorkerError(event.message, event.code));
    }
    if ('requestId' in event && event.requestId !== undefined) {
      const p = this.pending.get(event.requestId);
      if (p) {
        this.pending.delete(event.requestId);
        if (event.type === 'error') p.reject(new TrainWorkerError(event.message, event.code));
        else if (event.type === p.expect) p.resolve(event);
        else p.reject(new TrainWorkerError(`expected a ${p.expect} answer, got ${event.type}`, 'internal'));
      }
    }
    this.emit(event);
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
