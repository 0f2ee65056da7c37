// The page's handle on the import worker: starts it on first use, turns requests into promises (through the
// one RPC helper, ./rpc.ts: request ids, silence timeouts, cancel, crash → reject), forwards progress, and
// cancels. A crashed worker fails every open request with a WorkerRpcError (code `crashed`) instead of
// leaving the UI waiting forever; the next request starts a new one.
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
  StoredDuplicatePolicy,
  StoredDuplicates,
} from '../import/protocol';
import type { ImportIssue } from '../../core/data/types';
import { WorkerRpc, WorkerRpcError, type Settlement, type WorkerLike } from './rpc';

export type Outcome<T> = { status: 'done'; value: T } | { status: 'cancelled' };

export interface PlanResult {
  plans: PlanPreview[];
  unplaced: ImportIssue[];
  fileCount: number;
}

export interface RunningRequest<T> {
  result: Promise<Outcome<T>>;
  /** Asks the worker to stop; `result` becomes `cancelled` once it has removed what the request wrote. */
  cancel(): void;
}

/**
 * Silence limits (ms): planning walks every dropped folder and zip directory without progress messages;
 * imports and exports report every image, so minutes of silence mean a stuck worker.
 */
const IMPORT_TIMEOUTS = { plan: 10 * 60_000, perImage: 5 * 60_000 } as const;

function defaultFactory(): WorkerLike {
  return new Worker(new URL('./import.worker.ts', import.meta.url), { type: 'module', name: 'import' });
}

export class ImportClient {
  private readonly rpc: WorkerRpc<ImportRequest, ImportResponse>;

  constructor(factory: () => WorkerLike = defaultFactory) {
    this.rpc = new WorkerRpc<ImportRequest, ImportResponse>({
      create: factory,
      name: 'import worker',
      timeoutMs: IMPORT_TIMEOUTS.perImage,
      requestIdOf: (msg) => msg.requestId,
      // The worker stops the request at the next image, removes what it wrote, then answers `cancelled`.
      cancelMessage: (requestId) => ({ type: 'cancel', requestId }),
    });
  }

  private request<T>(
    build: (requestId: number) => ImportRequest,
    pick: (msg: ImportResponse) => T | undefined,
    onProgress?: (p: ImportProgress) => void,
    timeoutMs: number = IMPORT_TIMEOUTS.perImage,
  ): RunningRequest<T> {
    const controller = new AbortController();
    const settle = (msg: ImportResponse): Settlement<T> => {
      if (msg.type === 'progress') {
        onProgress?.(msg.progress);
        return 'progress';
      }
      if (msg.type === 'cancelled') return { cancelled: true };
      if (msg.type === 'failed') return { error: { message: msg.message, ...(msg.code ? { code: msg.code } : {}) } };
      const value = pick(msg);
      return value === undefined ? { error: { message: `Unexpected answer "${msg.type}" from the import worker.` } } : { value };
    };
    const result = this.rpc.request(build, settle, { signal: controller.signal, timeoutMs }).then(
      (value): Outcome<T> => ({ status: 'done', value }),
      (err: unknown): Outcome<T> => {
        if (err instanceof WorkerRpcError && err.code === 'cancelled') return { status: 'cancelled' };
        throw err;
      },
    );
    return { result, cancel: () => controller.abort() };
  }

  /** Plans the dropped files; nothing is decoded or stored yet. */
  plan(files: DroppedFile[]): RunningRequest<PlanResult> {
    return this.request(
      (requestId) => ({ type: 'plan', requestId, files }),
      (m) => (m.type === 'planned' ? { plans: m.plans, unplaced: m.unplaced, fileCount: m.fileCount } : undefined),
      undefined,
      IMPORT_TIMEOUTS.plan,
    );
  }

  /** Imports the chosen plans; with `duplicates: 'ask'` it may answer with the stored duplicates instead (nothing kept). */
  commit(
    choices: PlanChoice[],
    assignment: AssignmentOptions,
    duplicates: StoredDuplicatePolicy,
    onProgress?: (p: ImportProgress) => void,
  ): RunningRequest<{ report: ImportReport } | { duplicates: StoredDuplicates[] }> {
    return this.request(
      (requestId) => ({ type: 'commit', requestId, choices, assignment, duplicates }),
      (m) => (m.type === 'imported' ? { report: m.report } : m.type === 'duplicates-found' ? { duplicates: m.found } : undefined),
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
    if (this.rpc.running) this.rpc.post({ type: 'discard', requestId: this.rpc.newRequestId() });
  }

  dispose(): void {
    this.rpc.terminate();
  }
}
