// The page-side client of the training worker, against a scripted fake Worker: requests become promises
// settled by their answer (or error), events reach subscribers, and a crashed worker rejects what was pending,
// is reported as an error event, and is restarted (with `init` first) by the next call.
import { describe, expect, it } from 'vitest';
import { TrainClient } from '../../../src/platform/workers/train.client';
import { WorkerRpcError } from '../../../src/platform/workers/rpc';
import type { TrainEvent, TrainRequest } from '../../../src/platform/workers/train.protocol';

class FakeWorker {
  sent: TrainRequest[] = [];
  terminated = false;
  onmessage: ((e: MessageEvent<TrainEvent>) => void) | null = null;
  onerror: ((e: ErrorEvent) => void) | null = null;
  onmessageerror: (() => void) | null = null;
  postMessage(msg: TrainRequest): void {
    this.sent.push(msg);
  }
  terminate(): void {
    this.terminated = true;
  }
  emit(event: TrainEvent): void {
    this.onmessage?.({ data: event } as MessageEvent<TrainEvent>);
  }
  crash(message: string): void {
    this.onerror?.({ message, preventDefault() {} } as ErrorEvent);
  }
}

function setup() {
  const workers: FakeWorker[] = [];
  const client = new TrainClient(() => {
    const w = new FakeWorker();
    workers.push(w);
    return w as unknown as Worker;
  });
  const events: TrainEvent[] = [];
  client.subscribe((e) => events.push(e));
  return { client, workers, events };
}

const ready: TrainEvent = { type: 'ready', backends: ['wasm', 'cpu'], active: 'wasm', attempts: [{ backend: 'wasm', ok: true }], softwareGpu: false };

describe('TrainClient', () => {
  it('preferBackend starts nothing; a run command that starts the worker then initialises that backend first', () => {
    const { client, workers } = setup();
    client.preferBackend('wasm');
    expect(workers).toHaveLength(0);
    client.pause('run-1');
    expect(workers[0]!.sent).toEqual([{ type: 'init', backend: 'wasm' }, { type: 'pause', runId: 'run-1' }]);
  });

  it('starts the worker lazily, resolves init with ready and requests with their own answer', async () => {
    const { client, workers, events } = setup();
    expect(workers).toHaveLength(0);
    const init = client.init('auto');
    expect(workers[0]!.sent).toEqual([{ type: 'init', backend: 'auto' }]);
    workers[0]!.emit(ready);
    await expect(init).resolves.toEqual(ready);
    const a = client.measureBackends(false);
    const b = client.measureBackends(true);
    const [pa, pb] = workers[0]!.sent.slice(1) as Array<Extract<TrainRequest, { requestId: number }>>;
    expect(pa!.type).toBe('measureBackends');
    workers[0]!.emit({ type: 'backends-measured', requestId: pb!.requestId, timings: [] });
    workers[0]!.emit({ type: 'error', requestId: pa!.requestId, code: 'internal', message: 'A run is open in this tab.' });
    await expect(b).resolves.toMatchObject({ type: 'backends-measured' });
    await expect(a).rejects.toThrow('A run is open in this tab.');
    expect(events.map((e) => e.type)).toEqual(['ready', 'backends-measured', 'error']);
  });

  it('a crash rejects pending requests, is reported, and the next call restarts the worker with init first', async () => {
    const { client, workers, events } = setup();
    const init = client.init('wasm');
    workers[0]!.emit(ready);
    await init;
    const pending = client.measureBackends(false);
    workers[0]!.crash('out of memory');
    await expect(pending).rejects.toBeInstanceOf(WorkerRpcError);
    expect(workers[0]!.terminated).toBe(true);
    expect(events.at(-1)).toEqual({ type: 'error', code: 'internal', message: 'The training worker crashed: out of memory' });
    client.resume('r');
    expect(workers).toHaveLength(2);
    expect(workers[1]!.sent).toEqual([{ type: 'init', backend: 'wasm' }, { type: 'resume', runId: 'r' }]);
  });

  it('an error before any backend started rejects whoever waits for ready', async () => {
    const { client, workers } = setup();
    const init = client.init('auto');
    workers[0]!.emit({ type: 'error', code: 'internal', message: 'no TensorFlow.js backend could start' });
    await expect(init).rejects.toThrow('no TensorFlow.js backend could start');
  });
});
