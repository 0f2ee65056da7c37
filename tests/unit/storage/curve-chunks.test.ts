// Curves stored apart from the run summary: a version-2 database (every curve inside its run record) upgrades
// to chunks without losing a point; each checkpoint adds one chunk and rewrites no earlier one; listing runs
// reads no per-step curve; a resume cuts what is trained again; deleting a run deletes its chunks.
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import {
  SCHEMA_VERSION,
  cutRunCurves,
  deleteDatabase,
  deleteRun,
  getRun,
  getRunSummary,
  listRuns,
  openDatabase,
  putRun,
  saveCheckpointWithCurves,
  type CheckpointRecord,
  type CurvePoint,
  type WorkbenchDatabase,
} from '../../../src/platform/storage';
import { DEFAULT_RUN_CONFIG } from '../../../src/core/config';

let dbName = '';
let db: WorkbenchDatabase | null = null;
afterEach(async () => {
  db?.close();
  db = null;
  await deleteDatabase(dbName);
});

const series = (from: number, to: number, f: (s: number) => number): CurvePoint[] =>
  Array.from({ length: to - from }, (_, i) => ({ step: from + i, epoch: Math.floor((from + i) / 10), value: f(from + i) }));

function checkpoint(runId: string, step: number): CheckpointRecord {
  return {
    id: `${runId}@${step}`, runId, step, epoch: Math.floor(step / 10), created: step,
    weightSpecs: [], weights: new ArrayBuffer(0), optimizerSpecs: [], optimizerState: new ArrayBuffer(0),
  };
}

async function chunkKeys(d: WorkbenchDatabase): Promise<unknown[]> {
  return d.getAllKeys('curveChunks');
}

describe('curve chunks', () => {
  it('upgrades version-2 runs (curves inside the record) to a summary plus one chunk, keeping every point', async () => {
    dbName = `curves-v2-${Math.random()}`;
    const v2 = await openDatabase(dbName, 2);
    expect([...v2.objectStoreNames]).not.toContain('curveChunks');
    const curves = {
      'loss/total': series(0, 25, (s) => 3 - s / 10),
      'train/lr': series(0, 25, () => 1e-4),
      'val/score': [{ step: 10, epoch: 0, value: 0.5 }, { step: 20, epoch: 1, value: 0.7 }],
      'val/seg/dice': [{ step: 10, epoch: 0, value: 0.6 }, { step: 20, epoch: 1, value: 0.8 }],
    };
    const oldRun = {
      id: 'old', name: 'old run', created: 1, updated: 2, status: 'stopped', config: DEFAULT_RUN_CONFIG, datasetIds: ['d'],
      curves, step: 25, bestScore: 0.7, bestStep: 20,
    };
    const empty = { ...oldRun, id: 'empty', created: 0, curves: {} };
    const t = v2.transaction('runs', 'readwrite');
    // The version-2 record shape, written as that build wrote it.
    await t.objectStore('runs').put(oldRun as never);
    await t.objectStore('runs').put(empty as never);
    await t.done;
    v2.close();

    db = await openDatabase(dbName);
    expect(db.version).toBe(SCHEMA_VERSION);
    const listed = await listRuns(db);
    expect(listed.map((r) => r.id)).toEqual(['old', 'empty']);
    expect(listed[0]).not.toHaveProperty('curves'); // the list reads summaries only
    expect(listed[0]!.validation).toEqual({ 'val/score': curves['val/score'], 'val/seg/dice': curves['val/seg/dice'] });
    expect(listed[0]).toMatchObject({ name: 'old run', status: 'stopped', step: 25, bestScore: 0.7, bestStep: 20 });
    expect(await chunkKeys(db)).toEqual([['old', 0]]);
    const back = await getRun(db, 'old');
    expect(back?.curves).toEqual(curves);
    expect((await getRun(db, 'empty'))?.curves).toEqual({});
  });

  it('each checkpoint adds one chunk of its new points; earlier chunks are never rewritten', async () => {
    dbName = `curves-append-${Math.random()}`;
    db = await openDatabase(dbName);
    await putRun(db, { id: 'r', name: 'r', created: 1, updated: 1, status: 'running', config: DEFAULT_RUN_CONFIG, datasetIds: [], curves: {} });
    expect(await chunkKeys(db)).toEqual([]);
    await saveCheckpointWithCurves(db, checkpoint('r', 10), { 'loss/total': series(0, 10, (s) => s), 'val/score': [{ step: 10, epoch: 0, value: 0.4 }] }, { step: 10 });
    const first = await db.get('curveChunks', ['r', 0]);
    await saveCheckpointWithCurves(db, checkpoint('r', 20), { 'loss/total': series(10, 20, (s) => s) }, { step: 20 });
    await saveCheckpointWithCurves(db, checkpoint('r', 20), {}, { status: 'paused' }); // nothing new: no chunk
    expect(await chunkKeys(db)).toEqual([['r', 0], ['r', 1]]);
    expect(await db.get('curveChunks', ['r', 0])).toEqual(first);
    expect(await db.get('curveChunks', ['r', 1])).toMatchObject({ firstStep: 10, lastStep: 19 });
    const summary = await getRunSummary(db, 'r');
    expect(summary).toMatchObject({ step: 20, status: 'paused', validation: { 'val/score': [{ step: 10, epoch: 0, value: 0.4 }] } });
    expect((await getRun(db, 'r'))?.curves['loss/total']?.map((p) => p.step)).toEqual([...Array(20).keys()]);
    await expect(saveCheckpointWithCurves(db, checkpoint('gone', 1), {})).rejects.toThrow(/Run gone no longer exists/);
  });

  it('a resume cuts the per-step points it trains again; deleting a run deletes its chunks only', async () => {
    dbName = `curves-cut-${Math.random()}`;
    db = await openDatabase(dbName);
    const base = { created: 1, updated: 1, status: 'running' as const, config: DEFAULT_RUN_CONFIG, datasetIds: [] };
    await putRun(db, { ...base, id: 'a', name: 'a', curves: {} });
    await putRun(db, { ...base, id: 'b', name: 'b', curves: { 'loss/total': series(0, 3, (s) => s) } });
    await saveCheckpointWithCurves(db, checkpoint('a', 10), { 'loss/total': series(0, 10, (s) => s), 'val/score': [{ step: 10, epoch: 0, value: 0.4 }] });
    await saveCheckpointWithCurves(db, checkpoint('a', 20), { 'loss/total': series(10, 20, (s) => s) });
    await cutRunCurves(db, 'a', 15, { step: 15, status: 'running' });
    const a = await getRun(db, 'a');
    expect(a?.curves['loss/total']?.map((p) => p.step)).toEqual([...Array(15).keys()]);
    expect(a?.curves['val/score']).toHaveLength(1); // per-epoch points stay
    expect(a?.step).toBe(15);
    await cutRunCurves(db, 'a', 10);
    expect(await chunkKeys(db)).toEqual([['a', 0], ['b', 0]]); // the chunk wholly past step 10 went
    await deleteRun(db, 'a');
    expect(await chunkKeys(db)).toEqual([['b', 0]]);
    expect((await getRun(db, 'b'))?.curves['loss/total']).toHaveLength(3);
  });
});
