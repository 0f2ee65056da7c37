// The one request/answer helper between the page and a worker, against a scripted fake Worker: answers
// settle their own request whatever the order, a silent worker times out, an AbortSignal cancels (at once, or
// when the worker acknowledges if the protocol can cancel), progress keeps a request alive, and a crash
// rejects everything pending with a typed error and restarts the worker through the start hook.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { WorkerRpc, WorkerRpcError, type Settlement, type WorkerLike } from '../../../src/platform/workers/rpc';
import { ImportClient } from '../../../src/platform/workers/import.client';
import type { ImportRequest, ImportResponse } from '../../../src/platform/import/protocol';

type Req = { type: 'init' } | { type: 'ask'; requestId: number; q: string } | { type: 'cancel'; requestId: number };
type Msg =
  | { type: 'ready' }
  | { type: 'answer'; requestId: number; a: string }
  | { type: 'progress'; requestId: number }
  | { type: 'cancelled'; requestId: number }
  | { type: 'failed'; requestId: number; message: string; code: string };

class FakeWorker implements WorkerLike {
  sent: unknown[] = [];
  terminated = false;
  onmessage: ((e: MessageEvent) => void) | null = null;
  onerror: ((e: ErrorEvent) => void) | null = null;
  onmessageerror: ((e: MessageEvent) => void) | null = null;
  postMessage(msg: unknown): void {
    this.sent.push(msg);
  }
  terminate(): void {
    this.terminated = true;
  }
  emit(msg: unknown): void {
    this.onmessage?.({ data: msg } as MessageEvent);
  }
  crash(message: string): void {
    this.onerror?.({ message, preventDefault() {} } as ErrorEvent);
  }
}

const settle = (m: Msg): Settlement<string> =>
  m.type === 'answer' ? { value: m.a } : m.type === 'progress' ? 'progress' : m.type === 'cancelled' ? { cancelled: true }
    : m.type === 'failed' ? { error: { message: m.message, code: m.code } } : { error: { message: `unexpected ${m.type}` } };

function setup(extra: { cancel?: boolean; timeoutMs?: number } = {}) {
  const workers: FakeWorker[] = [];
  const crashes: WorkerRpcError[] = [];
  const rpc = new WorkerRpc<Req, Msg>({
    create: () => {
      const w = new FakeWorker();
      workers.push(w);
      return w;
    },
    name: 'test worker',
    timeoutMs: extra.timeoutMs ?? 1000,
    requestIdOf: (m) => ('requestId' in m ? m.requestId : undefined),
    onStart: (post) => post({ type: 'init' }),
    onCrash: (e) => crashes.push(e),
    ...(extra.cancel ? { cancelMessage: (requestId: number) => ({ type: 'cancel', requestId }) as Req } : {}),
  });
  const ask = (q: string, options = {}) => rpc.request((requestId) => ({ type: 'ask', requestId, q }), settle, options);
  const idOf = (w: FakeWorker, q: string) => (w.sent.find((m) => (m as { q?: string }).q === q) as { requestId: number }).requestId;
  return { rpc, workers, crashes, ask, idOf };
}

async function rejection(p: Promise<unknown>): Promise<WorkerRpcError> {
  const err = await p.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(WorkerRpcError);
  return err as WorkerRpcError;
}

afterEach(() => {
  vi.useRealTimers();
});

describe('WorkerRpc', () => {
  it('starts the worker lazily with the start hook and settles answers that arrive out of order', async () => {
    const { workers, ask, idOf } = setup();
    expect(workers).toHaveLength(0);
    const a = ask('a');
    const b = ask('b');
    const c = ask('c');
    const w = workers[0]!;
    expect(w.sent[0]).toEqual({ type: 'init' });
    expect(new Set([idOf(w, 'a'), idOf(w, 'b'), idOf(w, 'c')]).size).toBe(3);
    w.emit({ type: 'answer', requestId: idOf(w, 'c'), a: 'C' });
    w.emit({ type: 'failed', requestId: idOf(w, 'a'), message: 'no such thing', code: 'not-found' });
    w.emit({ type: 'answer', requestId: idOf(w, 'b'), a: 'B' });
    w.emit({ type: 'answer', requestId: idOf(w, 'b'), a: 'again' }); // a second answer is ignored
    await expect(c).resolves.toBe('C');
    await expect(b).resolves.toBe('B');
    const err = await rejection(a);
    expect([err.code, err.remoteCode, err.message]).toEqual(['remote', 'not-found', 'no such thing']);
    expect(workers).toHaveLength(1);
  });

  it('a silent worker times out; progress messages restart the clock', async () => {
    vi.useFakeTimers();
    const { workers, ask, idOf } = setup({ timeoutMs: 1000 });
    const slow = ask('slow');
    const busy = ask('busy');
    const w = workers[0]!;
    vi.advanceTimersByTime(800);
    w.emit({ type: 'progress', requestId: idOf(w, 'busy') });
    vi.advanceTimersByTime(300);
    const err = await rejection(slow);
    expect(err.code).toBe('timeout');
    expect(err.message).toBe('The test worker did not answer within 1 s.');
    w.emit({ type: 'answer', requestId: idOf(w, 'busy'), a: 'done' });
    await expect(busy).resolves.toBe('done');
    const own = ask('own', { timeoutMs: 5000 });
    vi.advanceTimersByTime(4000);
    w.emit({ type: 'answer', requestId: idOf(w, 'own'), a: 'ok' });
    await expect(own).resolves.toBe('ok');
  });

  it('an abort without a cancel message rejects at once and drops the late answer', async () => {
    const { workers, ask, idOf } = setup();
    const controller = new AbortController();
    const p = ask('x', { signal: controller.signal });
    controller.abort();
    expect((await rejection(p)).code).toBe('cancelled');
    workers[0]!.emit({ type: 'answer', requestId: idOf(workers[0]!, 'x'), a: 'late' });
    const already = ask('y', { signal: controller.signal });
    expect((await rejection(already)).code).toBe('cancelled');
    expect(workers[0]!.sent.some((m) => (m as { q?: string }).q === 'y')).toBe(false); // never sent
  });

  it('an abort with a cancel message asks the worker and waits for its acknowledgement', async () => {
    const { workers, ask, idOf } = setup({ cancel: true });
    const controller = new AbortController();
    let settled = false;
    const p = ask('x', { signal: controller.signal }).finally(() => (settled = true));
    controller.abort();
    const w = workers[0]!;
    const id = idOf(w, 'x');
    expect(w.sent.at(-1)).toEqual({ type: 'cancel', requestId: id });
    await Promise.resolve();
    expect(settled).toBe(false); // still cleaning up in the worker
    w.emit({ type: 'cancelled', requestId: id });
    expect((await rejection(p)).code).toBe('cancelled');
  });

  it('a crash rejects every pending request and waiter, reports once, and the next call restarts the worker', async () => {
    const { rpc, workers, crashes, ask } = setup();
    const a = ask('a');
    const b = ask('b');
    const ready = rpc.waitFor((m) => (m.type === 'ready' ? { value: m } : undefined));
    workers[0]!.crash('out of memory');
    for (const p of [a, b, ready]) {
      const err = await rejection(p);
      expect(err.code).toBe('crashed');
      expect(err.message).toBe('The test worker crashed: out of memory');
    }
    expect(workers[0]!.terminated).toBe(true);
    expect(crashes).toHaveLength(1);
    expect(rpc.running).toBe(false);
    const c = ask('c');
    expect(workers).toHaveLength(2);
    expect(workers[1]!.sent[0]).toEqual({ type: 'init' }); // the restart hook ran first
    workers[1]!.emit({ type: 'answer', requestId: (workers[1]!.sent[1] as { requestId: number }).requestId, a: 'C' });
    await expect(c).resolves.toBe('C');
  });

  it('waitFor settles on the first matching message without request id; terminate rejects as terminated', async () => {
    const { rpc, workers, ask } = setup();
    rpc.start();
    const ready = rpc.waitFor((m) => (m.type === 'ready' ? { value: 'up' } : undefined));
    workers[0]!.emit({ type: 'answer', requestId: 99, a: 'nobody asked' });
    workers[0]!.emit({ type: 'ready' });
    await expect(ready).resolves.toBe('up');
    const p = ask('p');
    rpc.terminate();
    expect((await rejection(p)).code).toBe('terminated');
  });
});

describe('ImportClient on the helper', () => {
  function importSetup() {
    const workers: FakeWorker[] = [];
    const client = new ImportClient(() => {
      const w = new FakeWorker();
      workers.push(w);
      return w;
    });
    return { client, workers };
  }

  it('forwards progress, and a cancel resolves as cancelled once the worker has cleaned up', async () => {
    const { client, workers } = importSetup();
    const progress: number[] = [];
    const req = client.commit([], { seed: 1, fractions: { train: 0.7, val: 0.1, test: 0.2 }, budget: { seg: 'all', cls: 'all' } } as never, 'ask', (p) => progress.push(p.done));
    const w = workers[0]!;
    const { requestId } = w.sent[0] as Extract<ImportRequest, { type: 'commit' }>;
    w.emit({ type: 'progress', requestId, progress: { dataset: 'd', done: 3, total: 9, rate: 1, currentPath: 'a.png' } } satisfies ImportResponse);
    req.cancel();
    expect(w.sent.at(-1)).toEqual({ type: 'cancel', requestId });
    w.emit({ type: 'cancelled', requestId } satisfies ImportResponse);
    await expect(req.result).resolves.toEqual({ status: 'cancelled' });
    expect(progress).toEqual([3]);
  });

  it('a failure carries the worker\'s code; a crash fails open requests', async () => {
    const { client, workers } = importSetup();
    const a = client.exportDataset('ds');
    const b = client.plan([]);
    const w = workers[0]!;
    const idA = (w.sent[0] as { requestId: number }).requestId;
    w.emit({ type: 'failed', requestId: idA, message: 'Browser storage is full.', code: 'quota' } satisfies ImportResponse);
    const err = await rejection(a.result);
    expect([err.code, err.remoteCode, err.message]).toEqual(['remote', 'quota', 'Browser storage is full.']);
    w.crash('');
    expect((await rejection(b.result)).message).toBe('The import worker crashed: unknown error (out of memory?)');
  });
});
