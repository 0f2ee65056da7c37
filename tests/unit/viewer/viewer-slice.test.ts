// The viewer slice against fake training and inference workers and fake storage: predictions are cached and the next
// image prefetched, answers for an image already flipped past are dropped, and a run's checkpoint makes its
// cached predictions stale.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { create } from 'zustand';
import type { TrainEvent } from '../../../src/platform/workers/train.protocol';

interface Call {
  key: string;
  smooth: boolean;
  resolve: () => void;
}
const calls: Call[] = [];
let listeners: Array<(e: TrainEvent) => void> = [];
let autoAnswer = true;

vi.mock('../../../src/app/store/services', () => ({
  database: async () => ({}),
  messageOf: (e: unknown) => (e instanceof Error ? e.message : String(e)),
  inferenceWorker: () => ({
    warmUp: () => undefined,
    predict: (_source: unknown, _datasetId: string, keys: string[], smooth?: unknown) =>
      new Promise((resolve) => {
        const key = keys[0] as string;
        const answer = () => resolve({ type: 'prediction', requestId: 1, size: 2, weights: 'w', ms: 5, items: [{ key, pneumoniaProb: 0.25, mask: new Float32Array(4) }] });
        calls.push({ key, smooth: smooth !== undefined, resolve: answer });
        if (autoAnswer) answer();
      }),
  }),
  trainWorker: () => ({
    subscribe: (l: (e: TrainEvent) => void) => {
      listeners.push(l);
      return () => (listeners = listeners.filter((x) => x !== l));
    },
  }),
}));

const KEYS = ['a', 'b', 'c', 'd'];
vi.mock('../../../src/platform/storage', () => ({
  listImages: async () => KEYS.map((key) => ({ datasetId: 'ds', key, hasMask: false })),
  getPixels: async (_db: unknown, _id: string, keys: string[]) => keys.map((key) => ({ datasetId: 'ds', key, pixels: new Uint8Array(4) })),
  listModels: async () => [],
  deleteModel: async () => undefined,
}));

const { createViewerSlice, clearPredictionCache } = await import('../../../src/app/store/viewer-slice');

function makeStore() {
  // Only what the viewer slice reads from the rest of the store.
  return create<any>()((set, get, api) => ({
    datasets: [{ id: 'ds', imageSize: 2 }],
    notify: vi.fn(),
    ...createViewerSlice(set, get, api),
  }));
}

const settle = () => new Promise((r) => setTimeout(r, 0));
async function until(cond: () => boolean) {
  for (let i = 0; i < 100 && !cond(); i++) await settle();
  expect(cond()).toBe(true);
}

beforeEach(() => {
  calls.length = 0;
  autoAnswer = true;
  clearPredictionCache();
});

describe('viewer slice', () => {
  it('predicts the image shown, prefetches the next, and flips to it from the cache', async () => {
    const store = makeStore();
    store.getState().setViewerSource({ modelId: 'm1' });
    await store.getState().selectViewerDataset('ds');
    await until(() => calls.length === 2);
    expect(calls.map((c) => c.key)).toEqual(['a', 'b']);
    expect(store.getState().prediction.item.key).toBe('a');

    await store.getState().showImage(1);
    expect(store.getState().prediction.item.key).toBe('b');
    // b came from the cache; only c (the new next one) was asked for.
    await until(() => calls.length === 3);
    expect(calls.map((c) => c.key)).toEqual(['a', 'b', 'c']);
    // Clamped at both ends.
    await store.getState().showImage(99);
    expect(store.getState().viewerIndex).toBe(3);
  });

  it('drops the answer for an image the user has flipped past', async () => {
    const store = makeStore();
    store.getState().setViewerSource({ modelId: 'm2' });
    autoAnswer = false;
    const opening = store.getState().selectViewerDataset('ds');
    await until(() => calls.length === 1);
    const flipping = store.getState().showImage(2);
    await until(() => calls.length === 2);
    expect(calls.map((c) => c.key)).toEqual(['a', 'c']);
    calls[1]?.resolve();
    await flipping;
    calls[0]?.resolve();
    await opening;
    await settle();
    expect(store.getState().viewerIndex).toBe(2);
    expect(store.getState().prediction.item.key).toBe('c');
  });

  it('asks again with SmoothGrad when it is switched on, and after a checkpoint of the shown run', async () => {
    const store = makeStore();
    store.getState().setViewerSource({ runId: 'r1', which: 'latest' });
    await store.getState().selectViewerDataset('ds');
    await until(() => calls.length === 2);
    store.getState().setViewerOptions({ smoothGrad: true });
    await until(() => calls.length === 4);
    expect(calls.slice(2).map((c) => [c.key, c.smooth])).toEqual([['a', true], ['b', true]]);

    for (const l of listeners) l({ type: 'checkpoint', runId: 'r1', step: 10, epoch: 0 });
    await until(() => calls.length === 6);
    expect(calls.slice(4).map((c) => c.key)).toEqual(['a', 'b']);
    // Another run's checkpoint leaves this one's cache alone.
    for (const l of listeners) l({ type: 'checkpoint', runId: 'other', step: 1, epoch: 0 });
    await settle();
    await store.getState().showImage(1);
    await until(() => calls.length === 7);
    expect(calls[6]?.key).toBe('c');
  });
});
