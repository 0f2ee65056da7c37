// Runs, checkpoints and models: the stores training will use, typed now so the schema is stable.
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  appendCurvePoints,
  deleteDatabase,
  deleteModel,
  deleteRun,
  getCheckpoint,
  getModel,
  getRun,
  latestCheckpoint,
  listCheckpoints,
  listModels,
  listRuns,
  openDatabase,
  putCheckpoint,
  putModel,
  putRun,
  type CheckpointRecord,
  type RunRecord,
  type WorkbenchDatabase,
} from '../../../src/platform/storage';
import { DEFAULT_RUN_CONFIG } from '../../../src/core/config';

let db: WorkbenchDatabase;
let dbName = '';
beforeEach(async () => {
  dbName = `training-${Math.random()}`;
  db = await openDatabase(dbName);
});
afterEach(async () => {
  db.close();
  await deleteDatabase(dbName);
});

function run(id: string, created: number): RunRecord {
  return { id, name: `run ${id}`, created, updated: created, status: 'running', config: DEFAULT_RUN_CONFIG, datasetIds: ['d1'], curves: {} };
}

function checkpoint(id: string, runId: string, step: number): CheckpointRecord {
  const weights = new Float32Array([step, step + 0.5]).buffer;
  return {
    id,
    runId,
    step,
    epoch: Math.floor(step / 10),
    created: step,
    weightSpecs: [{ name: 'conv/kernel', shape: [2], dtype: 'float32' }],
    weights,
    optimizerSpecs: [{ name: 'conv/kernel/m', shape: [2], dtype: 'float32' }],
    optimizerState: new Float32Array([1, 2]).buffer,
  };
}

describe('runs', () => {
  it('lists newest first and appends curve points without losing earlier ones', async () => {
    await putRun(db, run('a', 1));
    await putRun(db, run('b', 2));
    expect((await listRuns(db)).map((r) => r.id)).toEqual(['b', 'a']);
    await appendCurvePoints(db, 'a', { 'loss/total': [{ step: 1, epoch: 0, value: 2.5 }] });
    const after = await appendCurvePoints(
      db,
      'a',
      { 'loss/total': [{ step: 2, epoch: 0, value: 2.0 }], 'val/dice': [{ step: 2, epoch: 0, value: 0.4 }] },
      { status: 'paused' },
    );
    expect(after.curves['loss/total']?.map((p) => p.value)).toEqual([2.5, 2.0]);
    expect((await getRun(db, 'a'))?.curves['val/dice']).toEqual([{ step: 2, epoch: 0, value: 0.4 }]);
    expect((await getRun(db, 'a'))?.status).toBe('paused');
    await expect(appendCurvePoints(db, 'zzz', {})).rejects.toThrow(/Run zzz no longer exists/);
  });

  it('deleting a run deletes its checkpoints but not other runs’ checkpoints or saved models', async () => {
    await putRun(db, run('a', 1));
    await putRun(db, run('b', 2));
    await putCheckpoint(db, checkpoint('a-10', 'a', 10));
    await putCheckpoint(db, checkpoint('b-10', 'b', 10));
    await putModel(db, { id: 'm', name: 'from a', created: 3, runId: 'a', model: DEFAULT_RUN_CONFIG.model, weightSpecs: [], weights: new ArrayBuffer(4), metrics: { dice: 0.8 } });
    await deleteRun(db, 'a');
    expect(await getCheckpoint(db, 'a-10')).toBeUndefined();
    expect((await getCheckpoint(db, 'b-10'))?.runId).toBe('b');
    expect((await getModel(db, 'm'))?.metrics).toEqual({ dice: 0.8 });
  });
});

describe('checkpoints', () => {
  it('round-trips weights and optimizer state as ArrayBuffers and finds the latest step', async () => {
    await putRun(db, run('r', 1));
    await putCheckpoint(db, checkpoint('r-20', 'r', 20));
    await putCheckpoint(db, checkpoint('r-5', 'r', 5));
    expect((await listCheckpoints(db, 'r')).map((c) => c.step)).toEqual([5, 20]);
    const last = await latestCheckpoint(db, 'r');
    expect(Array.from(new Float32Array(last!.weights))).toEqual([20, 20.5]);
    expect(Array.from(new Float32Array(last!.optimizerState))).toEqual([1, 2]);
  });

  it('refuses a checkpoint for a run that does not exist', async () => {
    await expect(putCheckpoint(db, checkpoint('x', 'ghost', 1))).rejects.toThrow(/Run ghost no longer exists/);
    expect(await db.count('checkpoints')).toBe(0);
  });
});

describe('models', () => {
  it('lists newest first and deletes', async () => {
    const base = { model: DEFAULT_RUN_CONFIG.model, weightSpecs: [], weights: new ArrayBuffer(8), metrics: {} };
    await putModel(db, { ...base, id: 'old', name: 'old', created: 1 });
    await putModel(db, { ...base, id: 'new', name: 'new', created: 2 });
    expect((await listModels(db)).map((m) => m.id)).toEqual(['new', 'old']);
    await deleteModel(db, 'old');
    expect((await listModels(db)).map((m) => m.id)).toEqual(['new']);
  });
});
