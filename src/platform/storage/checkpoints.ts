// Checkpoints: weights + optimizer state of a run at a step, for pause/resume across reloads.
import { StorageError, tx, type WorkbenchDatabase } from './db';
import { appendToRun } from './runs';
import type { CheckpointRecord, CurvePoint, RunPatch, RunSummary } from './schema';

export async function putCheckpoint(db: WorkbenchDatabase, cp: CheckpointRecord): Promise<void> {
  await tx(db, ['runs', 'checkpoints'], 'readwrite', `saving a checkpoint at step ${cp.step}`, async (t) => {
    // A checkpoint without its run could never be resumed or cleaned up with it.
    if (!(await t.objectStore('runs').getKey(cp.runId))) {
      throw new StorageError('not-found', `Run ${cp.runId} no longer exists; its checkpoint was not saved.`);
    }
    await t.objectStore('checkpoints').put(cp);
  });
}

export function getCheckpoint(db: WorkbenchDatabase, id: string): Promise<CheckpointRecord | undefined> {
  return tx(db, ['checkpoints'], 'readonly', 'reading a checkpoint', (t) => t.objectStore('checkpoints').get(id));
}

/** A run's checkpoints, oldest step first. */
export async function listCheckpoints(db: WorkbenchDatabase, runId: string): Promise<CheckpointRecord[]> {
  const all = await tx(db, ['checkpoints'], 'readonly', 'listing checkpoints', (t) =>
    t.objectStore('checkpoints').index('by-run').getAll(runId),
  );
  return all.sort((a, b) => a.step - b.step);
}

/**
 * The key of a run's newest checkpoint (`runId@step`, see training/checkpoint-records.ts) without reading any
 * record: what the inference worker compares to know whether its cached weights are still the newest.
 */
export async function latestCheckpointId(db: WorkbenchDatabase, runId: string): Promise<string | undefined> {
  const keys = await tx(db, ['checkpoints'], 'readonly', 'listing checkpoints', (t) =>
    t.objectStore('checkpoints').index('by-run').getAllKeys(runId),
  );
  const stepOf = (key: string) => Number(key.slice(key.lastIndexOf('@') + 1));
  return keys.map(String).sort((a, b) => stepOf(a) - stepOf(b)).at(-1);
}

export async function latestCheckpoint(db: WorkbenchDatabase, runId: string): Promise<CheckpointRecord | undefined> {
  return (await listCheckpoints(db, runId)).at(-1);
}

/**
 * Saves a checkpoint, drops the run's older ones (a resume only needs the newest, and each holds the weights
 * three times over: weights, Adam moments, best weights) and appends the run's curve points up to that step
 * as a new chunk, all in one transaction: after a crash the stored curves end exactly where the checkpoint
 * resumes. Costs the new points only, however long the run is.
 */
export async function saveCheckpointWithCurves(
  db: WorkbenchDatabase,
  cp: CheckpointRecord,
  curves: Record<string, CurvePoint[]> = {},
  patch: RunPatch = {},
): Promise<RunSummary> {
  return tx(db, ['runs', 'curveChunks', 'checkpoints'], 'readwrite', `saving a checkpoint at step ${cp.step}`, async (t) => {
    const next = await appendToRun(t.objectStore('runs'), t.objectStore('curveChunks'), cp.runId, curves, patch,
      `Run ${cp.runId} no longer exists; its checkpoint was not saved.`);
    const store = t.objectStore('checkpoints');
    const older = await store.index('by-run').getAllKeys(cp.runId);
    await Promise.all([...older.filter((k) => k !== cp.id).map((k) => store.delete(k)), store.put(cp)]);
    return next;
  });
}
