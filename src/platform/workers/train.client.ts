// The page's handle on the training worker (training and backends; the viewer, evaluation and model files go to
// the inference worker, ./inference.client.ts): starts it on first use, turns request/answer pairs into promises
// (through the one RPC helper, ./rpc.ts: request ids, timeouts, cancel, crash → reject) and fans run events out
// to subscribers. A worker that dies (uncaught error, out of memory) rejects every pending request with a
// WorkerRpcError of code `crashed`, is reported as an `error` event, and is started again — with `init` for the
// chosen backend first — by the next call.
import type { BackendName } from '../../core/config';
import type { ModelSource, TrainEvent, TrainRequest } from './train.protocol';
import type { WorkbenchRunConfig } from '../../core/workbench-config';
import { expectAnswer, WorkerRpc, type Settlement, type WorkerLike } from './rpc';

export type ReadyEvent = Extract<TrainEvent, { type: 'ready' }>;
export type BackendsMeasuredEvent = Extract<TrainEvent, { type: 'backends-measured' }>;

type Listener = (event: TrainEvent) => void;

/**
 * Silence limits (ms): long enough for the slowest honest answer, so that only a hung worker trips them (a crash
 * is caught at once). A backend switch waits for the running step to end and its checkpoint (minutes for a large
 * model on a software GPU); measuring times every backend.
 */
const TRAIN_TIMEOUTS = { ready: 15 * 60_000 } as const;

function defaultFactory(): WorkerLike {
  return new Worker(new URL('./train.worker.ts', import.meta.url), { type: 'module', name: 'multimix-train' });
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
      timeoutMs: TRAIN_TIMEOUTS.ready,
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

  /**
   * The backend a worker started later (by `init`, or by the first run command) initialises; starts nothing.
   * Lets the page defer the worker's start without a run command then starting it on another backend.
   */
  preferBackend(backend: BackendName | 'auto'): void {
    this.backendPreference = backend;
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
    return this.rpc.request((requestId) => ({ type: 'measureBackends', requestId, software }), expectAnswer<TrainEvent, BackendsMeasuredEvent>('backends-measured'), {
      timeoutMs: TRAIN_TIMEOUTS.ready,
    });
  }

  /** Demo/test hook: make the GPU backend lose its device (the run falls back and resumes). */
  simulateDeviceLoss(): void {
    this.rpc.post({ type: 'simulateDeviceLoss' });
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
