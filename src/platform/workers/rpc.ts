// The one request/answer layer between the page and a module Web Worker (training and import alike):
// a request id per request, a silence timeout, cancellation through an AbortSignal, and a worker crash
// that rejects everything pending with a typed error instead of leaving the UI waiting forever. The
// worker is started on first use and started again (through the `onStart` hook, e.g. to re-send `init`)
// after a crash. Each client says how its protocol marks answers, errors and progress (`classify`).

/** Why a request did not get its answer. `remote` = the worker answered with an error (see `remoteCode`). */
type RpcErrorCode = 'timeout' | 'cancelled' | 'crashed' | 'terminated' | 'remote' | 'unexpected';

export class WorkerRpcError extends Error {
  constructor(
    message: string,
    readonly code: RpcErrorCode,
    /** The worker's own error code when `code` is `remote` (e.g. `not-found`, `quota`). */
    readonly remoteCode?: string,
  ) {
    super(message);
    this.name = 'WorkerRpcError';
  }
}

/** What a message means for the request it names (or for a `waitFor` waiter). */
export type Settlement<T> =
  | { value: T }
  | { error: { message: string; code?: string } }
  /** The worker acknowledged a cancellation: the request rejects with code `cancelled`. */
  | { cancelled: true }
  /** An intermediate message (progress): the request keeps waiting, its timeout starts again. */
  | 'progress';

/**
 * How a client settles a request whose answer is an event of type `expect`: that event, the worker's `error`
 * event (`message`, `code`), or a protocol error for anything else.
 */
export function expectAnswer<E extends { type: string }, T extends E>(expect: T['type']): (e: E) => Settlement<T> {
  return (e) => {
    if (e.type === 'error') {
      const err = e as unknown as { message: string; code?: string };
      return { error: { message: err.message, ...(err.code !== undefined ? { code: err.code } : {}) } };
    }
    if (e.type === expect) return { value: e as T };
    return { error: { message: `expected a ${expect} answer, got ${e.type}`, code: 'internal' } };
  };
}

/** What the page needs of a Worker (a scripted fake in tests). */
export interface WorkerLike {
  postMessage(message: unknown, transfer?: Transferable[]): void;
  terminate(): void;
  onmessage: ((e: MessageEvent) => void) | null;
  onerror: ((e: ErrorEvent) => void) | null;
  onmessageerror: ((e: MessageEvent) => void) | null;
}

interface WorkerRpcOptions<Req, Msg> {
  /** Starts a worker (called lazily, and again after a crash). */
  create(): WorkerLike;
  /** For messages: "training worker", "inference worker", "import worker". */
  name: string;
  /** The request a message answers, or undefined for an event that answers none. */
  requestIdOf(msg: Msg): number | undefined;
  /** Called with every new worker before any request reaches it (the restart hook). */
  onStart?(post: (msg: Req) => void): void;
  /** Every message, after any pending request it settles (subscribers of run events). */
  onMessage?(msg: Msg): void;
  /** Called once per crash, after the pending requests were rejected. */
  onCrash?(error: WorkerRpcError): void;
  /** The message that asks the worker to stop request `id`; without it a cancel only stops waiting. */
  cancelMessage?(requestId: number): Req;
  /** Milliseconds of silence before a request fails with `timeout` (per request overridable). */
  timeoutMs: number;
}

export interface RequestOptions {
  /** Overrides the client's default silence timeout (ms); Infinity waits forever. */
  timeoutMs?: number;
  /** Aborting rejects with code `cancelled` (at once, or when the worker acknowledges if it can cancel). */
  signal?: AbortSignal;
  transfer?: Transferable[];
}

interface Waiter<Msg> {
  settle(msg: Msg): Settlement<unknown> | undefined;
  resolve(value: unknown): void;
  reject(err: WorkerRpcError): void;
  /** Restarts the silence timer (progress). */
  touch(): void;
}

export class WorkerRpc<Req, Msg> {
  private worker: WorkerLike | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, Waiter<Msg>>();
  /** Waiters for a message without request id (e.g. `ready`), in arrival order. */
  private readonly waiters = new Set<Waiter<Msg>>();

  constructor(private readonly options: WorkerRpcOptions<Req, Msg>) {}

  /** True while a worker is running (it is started by the first post or request). */
  get running(): boolean {
    return this.worker !== null;
  }

  /** A fresh request id (also for fire-and-forget messages that name one). */
  newRequestId(): number {
    return this.nextId++;
  }

  /** Starts the worker now (the `onStart` hook runs) unless one is running. */
  start(): void {
    this.ensure();
  }

  /** Sends a message that expects no answer; starts the worker if needed. */
  post(msg: Req, transfer: Transferable[] = []): void {
    this.ensure().postMessage(msg, transfer);
  }

  /**
   * Sends `build(id)` and resolves with what `settle` makes of the answer naming `id`. Rejects with a
   * WorkerRpcError: `remote` (the worker's error), `timeout`, `cancelled`, `crashed` or `terminated`.
   */
  request<T>(build: (requestId: number) => Req, settle: (msg: Msg) => Settlement<T>, options: RequestOptions = {}): Promise<T> {
    const id = this.newRequestId();
    const promise = this.track<T>(
      (w) => this.pending.set(id, w),
      () => this.pending.delete(id),
      settle,
      options,
      () => {
        const cancel = this.options.cancelMessage;
        if (cancel && this.worker) {
          this.worker.postMessage(cancel(id));
          return false; // the worker acknowledges; its answer settles the request
        }
        return true;
      },
    );
    if (!options.signal?.aborted) this.ensure().postMessage(build(id), options.transfer ?? []);
    return promise;
  }

  /**
   * Waits for the first message without a request id that `settle` accepts (returns anything but undefined
   * for), e.g. the worker's `ready`. Crashes, timeouts and aborts reject it like a request.
   */
  waitFor<T>(settle: (msg: Msg) => Settlement<T> | undefined, options: Omit<RequestOptions, 'transfer'> = {}): Promise<T> {
    return this.track<T>(
      (w) => this.waiters.add(w),
      (w) => this.waiters.delete(w),
      settle,
      options,
      () => true,
    );
  }

  /** Ends the worker; everything pending rejects with code `terminated`. The next call starts a new one. */
  terminate(): void {
    this.stop(new WorkerRpcError(`The ${this.options.name} was shut down.`, 'terminated'));
  }

  private track<T>(
    add: (w: Waiter<Msg>) => void,
    remove: (w: Waiter<Msg>) => void,
    settle: (msg: Msg) => Settlement<T> | undefined,
    options: Omit<RequestOptions, 'transfer'>,
    onAbort: () => boolean,
  ): Promise<T> {
    const timeoutMs = options.timeoutMs ?? this.options.timeoutMs;
    const signal = options.signal;
    return new Promise<T>((resolve, reject) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const done = () => {
        if (timer !== undefined) clearTimeout(timer);
        signal?.removeEventListener('abort', aborted);
        remove(waiter);
      };
      const fail = (err: WorkerRpcError) => {
        done();
        reject(err);
      };
      const touch = () => {
        if (timer !== undefined) clearTimeout(timer);
        if (!Number.isFinite(timeoutMs)) return;
        timer = setTimeout(
          () => fail(new WorkerRpcError(`The ${this.options.name} did not answer within ${Math.round(timeoutMs / 1000)} s.`, 'timeout')),
          timeoutMs,
        );
      };
      const aborted = () => {
        if (onAbort()) fail(new WorkerRpcError('Cancelled.', 'cancelled'));
      };
      const waiter: Waiter<Msg> = {
        settle,
        resolve: (value) => {
          done();
          resolve(value as T);
        },
        reject: fail,
        touch,
      };
      if (signal?.aborted) return reject(new WorkerRpcError('Cancelled.', 'cancelled'));
      signal?.addEventListener('abort', aborted, { once: true });
      add(waiter);
      touch();
    });
  }

  private ensure(): WorkerLike {
    if (this.worker) return this.worker;
    const worker = this.options.create();
    worker.onmessage = (e: MessageEvent) => this.dispatch(e.data as Msg);
    worker.onerror = (e: ErrorEvent) => {
      e.preventDefault();
      this.crash(`The ${this.options.name} crashed: ${e.message || 'unknown error (out of memory?)'}`);
    };
    worker.onmessageerror = () => this.crash(`The ${this.options.name} sent a message that could not be read.`);
    this.worker = worker;
    this.options.onStart?.((msg) => worker.postMessage(msg));
    return worker;
  }

  private crash(message: string): void {
    const err = new WorkerRpcError(message, 'crashed');
    this.stop(err);
    this.options.onCrash?.(err);
  }

  private stop(err: WorkerRpcError): void {
    this.worker?.terminate();
    this.worker = null;
    for (const w of [...this.pending.values(), ...this.waiters]) w.reject(err);
    this.pending.clear();
    this.waiters.clear();
  }

  private apply(w: Waiter<Msg>, s: Settlement<unknown>): void {
    if (s === 'progress') w.touch();
    else if ('value' in s) w.resolve(s.value);
    else if ('cancelled' in s) w.reject(new WorkerRpcError('Cancelled.', 'cancelled'));
    else w.reject(new WorkerRpcError(s.error.message, 'remote', s.error.code));
  }

  private dispatch(msg: Msg): void {
    const id = this.options.requestIdOf(msg);
    if (id !== undefined) {
      const w = this.pending.get(id);
      if (w) this.apply(w, w.settle(msg) as Settlement<unknown>);
    } else {
      // A snapshot: settling a waiter removes it, and a reply may register new waiters that must not see it.
      for (const w of Array.from(this.waiters)) {
        const s = w.settle(msg);
        if (s !== undefined) this.apply(w, s);
      }
    }
    this.options.onMessage?.(msg);
  }
}
