// The workspace file in Node (fake-indexeddb): every store round-trips exactly — pixels, curves, checkpoints
// with their Adam state, -Infinity scores — importing again only adds what is missing, and bad files get a
// specific message. (The browser test adds: a restored checkpoint resumes.)
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deleteDatabase, openDatabase, putRun, putModel, type CheckpointRecord, type RunRecord, type WorkbenchDatabase } from '../../../src/platform/storage';
import { saveCheckpointWithCurves } from '../../../src/platform/storage/checkpoints';
import { exportWorkspace, importWorkspace } from '../../../src/platform/import/workspace-zip';
import { packRecords, unpackRecords, workspaceStores } from '../../../src/platform/storage/workspace-records';
import { storeDataset } from '../training/stored-datasets';

let a: WorkbenchDatabase;
let b: WorkbenchDatabase;
const names = [`ws-a-${Math.random()}`, `ws-b-${Math.random()}`];
beforeEach(async () => {
  a = await openDatabase(names[0]);
  b = await openDatabase(names[1]);
});
afterEach(async () => {
  a.close();
  b.close();
  for (const n of names) await deleteDatabase(n);
});

async function everything(db: WorkbenchDatabase): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const s of workspaceStores(db)) out[s] = await db.getAll(s);
  return out;
}

describe('workspace file', () => {
  it('packs binary fields and non-finite numbers and unpacks them exactly', () => {
    const recs = [{ a: new Uint8Array([1, 2, 3]), b: new Float32Array([1.5, -2]).buffer, s: -Infinity, n: NaN, nested: [{ x: new Int32Array([7]) }] }];
    const { json, bin } = packRecords(recs);
    expect(bin.byteLength).toBe(3 + 8 + 4);
    expect(unpackRecords(json, bin)).toEqual(recs);
  });

  it('round-trips datasets, pixels, runs with curves, checkpoints and models; a second import only skips', async () => {
    const ds = await storeDataset(a, { name: 'd', count: 30, labels: true, masks: true });
    const run: RunRecord = {
      id: 'r1', name: 'run one', created: 1, updated: 2, status: 'stopped', config: {} as RunRecord['config'], datasetIds: [ds.id],
      curves: { 'loss/total': [{ step: 0, epoch: 0, value: 1.25 }, { step: 1, epoch: 0, value: 0.5 }] }, step: 2, bestScore: -Infinity,
    };
    await putRun(a, run);
    const ck: CheckpointRecord = {
      id: 'r1@2', runId: 'r1', step: 2, epoch: 0, created: 3,
      weightSpecs: [{ name: 'w', shape: [2], dtype: 'float32' }], weights: new Float32Array([0.1, 0.2]).buffer,
      optimizerSpecs: [{ name: 'iter', shape: [], dtype: 'int32' }], optimizerState: new Int32Array([2]).buffer,
      trainerState: { step: 2, epoch: 0, bestScore: -Infinity, bestStep: -1 },
    };
    await saveCheckpointWithCurves(a, ck, { 'loss/total': [{ step: 2, epoch: 0, value: 0.25 }] }, { step: 2 });
    await putModel(a, { id: 'm1', name: 'model', created: 4, runId: 'r1', model: {} as never, weightSpecs: ck.weightSpecs, weights: ck.weights, metrics: { dice: 0.5 } } as never);

    const settings = { config: { seed: 3 } };
    const { blob, manifest } = await exportWorkspace(a, settings);
    expect(manifest.records).toMatchObject({ datasets: 1, images: 30, pixels: 30, runs: 1, checkpoints: 1, models: 1 });
    const first = await importWorkspace(b, blob);
    expect(first.manifest.settings).toEqual(settings);
    expect(first.written).toMatchObject({ datasets: 1, images: 30, pixels: 30, runs: 1, checkpoints: 1, models: 1 });
    expect(await everything(b)).toEqual(await everything(a));
    const again = await importWorkspace(b, blob);
    expect(Object.values(again.written).reduce((x, y) => x + y, 0)).toBe(0);
    expect(again.skipped).toMatchObject({ datasets: 1, pixels: 30, runs: 1 });
  });

  it('refuses what is not a workspace file with a specific message', async () => {
    await expect(importWorkspace(b, new Blob(['not a zip']))).rejects.toThrow(/not a zip file/);
    const { blob } = await exportWorkspace(a, {});
    expect((await importWorkspace(b, blob)).written.datasets).toBe(0);
  });
});
