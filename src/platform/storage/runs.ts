// Training runs: their config and the curves appended while they train. Deleting a run also deletes
// its checkpoints (they are useless without it); saved models outlive their run on purpose.
import { StorageError, tx, type WorkbenchDatabase } from './db';
import type { CurvePoint, RunRecord } from './schema';

export async function putRun(db: WorkbenchDatabase, run: RunRecord): Promise<void> {
  await tx(db, ['runs'], 'readwrite', `saving run "${run.name}"`, (t) => t.objectStore('runs').put(run));
}

export function getRun(db: WorkbenchDatabase, id: string): Promise<RunRecord | undefined> {
  return tx(db, ['runs'], 'readonly', 'reading a run', (t) => t.objectStore('runs').get(id));
}

/** Newest first. */
export async function listRuns(db: WorkbenchDatabase): Promise<RunRecord[]> {
  const runs = await tx(db, ['runs'], 'readonly', 'listing runs', (t) => t.objectStore('runs').index('by-created').getAll());
  return runs.reverse();
}

/** Appends points to named curves and updates the run in the same transaction (read-modify-write). */
export async function appendCurvePoints(
  db: WorkbenchDatabase,
  runId: string,
  points: Record<string, CurvePoint[]>,
  patch: Partial<Omit<RunRecord, 'id' | 'curves' | 'created'>> = {},
): Promise<RunRecord> {
  return tx(db, ['runs'], 'readwrite', 'saving training curves', async (t) => {
    const store = t.objectStore('runs');
    const run = await store.get(runId);
    if (!run) throw new StorageError('not-found', `Run ${runId} no longer exists.`);
    const curves = { ...run.curves };
    for (const [name, pts] of Object.entries(points)) curves[name] = [...(curves[name] ?? []), ...pts];
    const next: RunRecord = { ...run, ...patch, curves, updated: Date.now() };
    await store.put(next);
    return next;
  });
}

export async function deleteRun(db: WorkbenchDatabase, id: string): Promise<void> {
  await tx(db, ['runs', 'checkpoints'], 'readwrite', 'deleting a run', async (t) => {
    const checkpoints = t.objectStore('checkpoints');
    const keys = await checkpoints.index('by-run').getAllKeys(id);
    await Promise.all([...keys.map((k) => checkpoints.delete(k)), t.objectStore('runs').delete(id)]);
  });
}

/** Changes a run's bookkeeping fields (status, step, best score, ...) without touching its curves. */
export async function updateRun(
  db: WorkbenchDatabase,
  runId: string,
  patch: Partial<Omit<RunRecord, 'id' | 'curves' | 'created'>>,
): Promise<RunRecord> {
  return tx(db, ['runs'], 'readwrite', 'updating a run', async (t) => {
    const store = t.objectStore('runs');
    const run = await store.get(runId);
    if (!run) throw new StorageError('not-found', `Run ${runId} no longer exists.`);
    const next: RunRecord = { ...run, ...patch, updated: Date.now() };
    await store.put(next);
    return next;
  });
}
