// The page's handle on the import worker: starts it on first use, turns requests into promises,
// forwards progress, and cancels. A crashed worker fails every open request with its error instead
// of leaving the UI waiting forever.
import type {
  AssignmentOptions,
  DroppedFile,
  ImportProgress,
  ImportReport,
  ImportRequest,
  ImportResponse,
  PhantomRequestOptions,
  PlanChoice,
  PlanPreview,
} from '../import/protocol';
import type { ImportIssue } from '../../core/data/types';

export type Outcome<T> = { status: 'done'; value: T } | { status: 'cancelled' };

export class ImportWorkerError extends Error {
  readonly code: string | undefined;
  constructor(message: string, code?: string) {
    super(message);
    this.name = 'ImportWorkerError';
    this.code = code;
  }
}

export interface PlanResult {
  plans: PlanPreview[];
  unplaced: ImportIssue[];
  fileCount: number;
}

export interface RunningRequest<T> {
  requestId: number;
  result: Promise<Outcome<T>>;
  cancel(): void;
}

interface Pending {
  resolve(msg: ImportResponse): void;
  reject(err: Error): void;
  onProgress?: (p: ImportProgress) => void;
}

export class ImportClient {
  private worker: Worker | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(new URL('./import.worker.ts', import.meta.url), { type: 'module', name: 'import' });
    worker.addEventListener('message', (e: MessageEvent<ImportResponse>) => this.onMessage(e.data));
    worker.addEventListener('error', (e) => this.onCrash(new ImportWorkerError(`The import worker stopped: ${e.message || 'failed to load'}`)));
    worker.addEventListener('messageerror', () => this.onCrash(new ImportWorkerError('The import worker sent a message that could not be read.')));
    this.worker = worker;
    return worker;
  }

  private onCrash(err: ImportWorkerError): void {
    this.worker?.terminate();
    this.worker = null;
    for (const p of this.pending.values()) p.reject(err);
    this.pending.clear();
  }

  private onMessage(msg: ImportResponse): void {
    const p = this.pending.get(msg.requestId);
    if (!p) return;
    if (msg.type === 'progress') {
      p.onProgress?.(msg.progress);
      return;
    }
    this.pending.delete(msg.requestId);
    if (msg.type === 'failed') p.reject(new ImportWorkerError(msg.message, msg.code));
    else p.resolve(msg);
  }

  private request<T>(
    build: (requestId: number) => ImportRequest,
    pick: (msg: ImportResponse) => T | undefined,
    onProgress?: (p: ImportProgress) => void,
  ): RunningRequest<T> {
    const worker = this.ensureWorker();
    const requestId = this.nextId++;
    const result = new Promise<Outcome<T>>((resolve, reject) => {
      this.pending.set(requestId, {
        resolve: (msg) => {
          if (msg.type === 'cancelled') return resolve({ status: 'cancelled' });
          const value = pick(msg);
          if (value === undefined) reject(new ImportWorkerError(`Unexpected answer "${msg.type}" from the import worker.`));
          else resolve({ status: 'done', value });
        },
        reject,
        ...(onProgress ? { onProgress } : {}),
      });
    });
    worker.postMessage(build(requestId));
    return { requestId, result, cancel: () => this.worker?.postMessage({ type: 'cancel', requestId } satisfies ImportRequest) };
  }

  /** Plans the dropped files; nothing is decoded or stored yet. */
  plan(files: DroppedFile[]): RunningRequest<PlanResult> {
    return this.request(
      (requestId) => ({ type: 'plan', requestId, files }),
      (m) => (m.type === 'planned' ? { plans: m.plans, unplaced: m.unplaced, fileCount: m.fileCount } : undefined),
    );
  }

  commit(choices: PlanChoice[], assignment: AssignmentOptions, onProgress?: (p: ImportProgress) => void): RunningRequest<ImportReport> {
    return this.request(
      (requestId) => ({ type: 'commit', requestId, choices, assignment }),
      (m) => (m.type === 'imported' ? m.report : undefined),
      onProgress,
    );
  }

  phantom(options: PhantomRequestOptions, assignment: AssignmentOptions, onProgress?: (p: ImportProgress) => void): RunningRequest<ImportReport> {
    return this.request(
      (requestId) => ({ type: 'phantom', requestId, options, assignment }),
      (m) => (m.type === 'imported' ? m.report : undefined),
      onProgress,
    );
  }

  exportDataset(datasetId: string, onProgress?: (p: ImportProgress) => void): RunningRequest<{ fileName: string; zip: Blob; files: number }> {
    return this.request(
      (requestId) => ({ type: 'export', requestId, datasetId }),
      (m) => (m.type === 'exported' ? { fileName: m.fileName, zip: m.zip, files: m.files } : undefined),
      onProgress,
    );
  }

  /** Lets the worker drop the files of the last plan. */
  discard(): void {
    this.worker?.postMessage({ type: 'discard', requestId: this.nextId++ } satisfies ImportRequest);
  }

  dispose(): void {
    this.onCrash(new ImportWorkerError('The import worker was shut down.'));
  }
}
