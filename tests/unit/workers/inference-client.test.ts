// The page-side client of the inference worker (issue 9), against a scripted fake Worker: it starts with
// `init` for its backend (wasm unless told otherwise), requests resolve with their own answer or the worker's
// error, a backend change reaches a running worker as a new `init`, and a crash rejects what was pending and
// the next request restarts the worker with `init` first.
import { describe, expect, it } from 'vitest';
import { InferenceClient } from '../../../src/platform/workers/inference.client';
import { WorkerRpcError } from '../../../src/platform/workers/rpc';
import type { InferenceEvent, InferenceRequest } from '../../../src/platform/workers/inference.protocol';

class FakeWorker {
  sent: InferenceRequest[] = [];
  terminated = false;
  onmessage: ((e: MessageEvent<InferenceEvent>) => void) | null = null;
  onerror: ((e: ErrorEvent) => void) | null = null;
  onmessageerror: (() => void) | null = null;
  postMessage(msg: InferenceRequest): void {
    this.sent.push(msg);
  }
  terminate(): void {
    this.terminated = true;
  }
  emit(event: InferenceEvent): void {
    this.onmessage?.({ data: event } as MessageEvent<InferenceEvent>);
  }
}

function setup() {
  const workers: FakeWorker[] = [];
  const client = new InferenceClient(() => {
    const w = new FakeWorker();
    workers.push(w);
    return w as unknown as Worker;
  });
  return { client, workers };
}

const requestOf = (w: FakeWorker, i: number) => w.sent[i] as Extract<InferenceRequest, { requestId: number }>;

describe('InferenceClient', () => {
  it('starts lazily with init(wasm) and settles each request by its own answer', async () => {
    const { client, workers } = setup();
    expect(workers).toHaveLength(0);
    const a = client.predict({ runId: 'r', which: 'latest' }, 'd', ['k1']);
    const b = client.evaluate({ modelId: 'm' }, ['test']);
    expect(workers[0]!.sent.map((m) => m.type)).toEqual(['init', 'predict', 'evaluate']);
    expect(workers[0]!.sent[0]).toEqual({ type: 'init', backend: 'wasm' });
    workers[0]!.emit({ type: 'ready', active: 'wasm', attempts: [{ backend: 'wasm', ok: true }], threads: 1 });
    workers[0]!.emit({ type: 'evaluation', requestId: requestOf(workers[0]!, 2).requestId, evaluations: [], ms: 3 });
    workers[0]!.emit({ type: 'prediction', requestId: requestOf(workers[0]!, 1).requestId, size: 2, items: [{ key: 'k1' }], weights: 'r (step 3)', ms: 4 });
    await expect(b).resolves.toMatchObject({ type: 'evaluation' });
    await expect(a).resolves.toMatchObject({ type: 'prediction', weights: 'r (step 3)' });
    expect(client.ready).toMatchObject({ active: 'wasm', threads: 1 });
  });

  it('rejects with the worker error, and sends a new init when the backend changes', async () => {
    const { client, workers } = setup();
    client.useBackend('cpu');
    client.warmUp();
    expect(workers[0]!.sent).toEqual([{ type: 'init', backend: 'cpu' }]);
    client.useBackend('cpu');
    client.useBackend('wasm');
    expect(workers[0]!.sent.slice(1)).toEqual([{ type: 'init', backend: 'wasm' }]);
    const saved = client.saveModel('r', 'name');
    workers[0]!.emit({ type: 'error', requestId: requestOf(workers[0]!, 2).requestId, code: 'not-found', message: 'Run r no longer exists.' });
    await expect(saved).rejects.toMatchObject({ code: 'remote', remoteCode: 'not-found', message: 'Run r no longer exists.' });
  });

  it('a crash rejects what was pending; the next request restarts the worker with init first', async () => {
    const { client, workers } = setup();
    const pending = client.exportModel({ modelId: 'm' });
    workers[0]!.onerror?.({ message: 'out of memory', preventDefault() {} } as ErrorEvent);
    await expect(pending).rejects.toBeInstanceOf(WorkerRpcError);
    expect(workers[0]!.terminated).toBe(true);
    void client.predict({ modelId: 'm' }, 'd', ['k']).catch(() => undefined);
    expect(workers).toHaveLength(2);
    expect(workers[1]!.sent.map((m) => m.type)).toEqual(['init', 'predict']);
  });
});
