// Training runs: a small summary per run (config, bookkeeping, per-epoch validation series) and its per-step
// curves in append-only chunks (./curves.ts). Deleting a run also deletes its chunks and checkpoints (they are
// useless without it); saved models outlive their run on purpose.
import { StorageError, tx, type WorkbenchDatabase } from './db';
import { addChunk, cutChunks, deleteChunks, readChunks, splitCurves, withValidation, mergeCurves } from './curves';
import type { CurvePoint, RunPatch, RunRecord, RunSummary } from './schema';

/** The summary half of a full record: its per-epoch series become `validation`. */
function summaryOf(run: RunRecord): { summary: RunSummary; step: Record<string, CurvePoint[]> } {
  const { curves, ...rest } = run;
  const { epoch, step } = splitCurves(curves);
  return { summary: { ...rest, validation: epoch }, step };
}

/** A full record: summary + the per-step curves, per-epoch series first as before. */
function assemble(summary: RunSummary, step: Record<string, CurvePoint[]>): RunRecord {
  const { validation, ...rest } = summary;
  return { ...rest, curves: mergeCurves(mergeCurves({}, step), validation ?? {}) };
}

/** Writes a run record whole (its curves replace any stored ones). */
export async function putRun(db: WorkbenchDatabase, run: RunRecord): Promise<void> {
  const { summary, step } = summaryOf(run);
  await tx(db, ['runs', 'curveChunks'], 'readwrite', `saving run "${run.name}"`, async (t) => {
    const chunks = t.objectStore('curveChunks');
    await deleteChunks(chunks, run.id);
    await addChunk(chunks, run.id, step);
    await t.objectStore('runs').put(summary);
  });
}

/** A run with all its curves (reads every chunk: for one run's plots, CSV or tests, not for lists). */
export function getRun(db: WorkbenchDatabase, id: string): Promise<RunRecord | undefined> {
  return tx(db, ['runs', 'curveChunks'], 'readonly', 'reading a run', async (t) => {
    const summary = await t.objectStore('runs').get(id);
    return summary ? assemble(summary, await readChunks(t.objectStore('curveChunks'), id)) : undefined;
  });
}

/** A run's summary, without its per-step curves. */
export function getRunSummary(db: WorkbenchDatabase, id: string): Promise<RunSummary | undefined> {
  return tx(db, ['runs'], 'readonly', 'reading a run', (t) => t.objectStore('runs').get(id));
}

/** All of a run's curves (per-step and per-epoch), by name. */
export async function getRunCurves(db: WorkbenchDatabase, id: string): Promise<Record<string, CurvePoint[]>> {
  return (await getRun(db, id))?.curves ?? {};
}

/** Run summaries, newest first (no per-step curve is read). */
export async function listRuns(db: WorkbenchDatabase): Promise<RunSummary[]> {
  const runs = await tx(db, ['runs'], 'readonly', 'listing runs', (t) => t.objectStore('runs').index('by-created').getAll());
  return runs.reverse();
}

/**
 * Appends points to named curves and updates the run in the same transaction; resolves with the whole record
 * read back (the training path uses saveCheckpointWithCurves, which reads nothing back).
 */
export async function appendCurvePoints(
  db: WorkbenchDatabase,
  runId: string,
  points: Record<string, CurvePoint[]>,
  patch: RunPatch = {},
): Promise<RunRecord> {
  return tx(db, ['runs', 'curveChunks'], 'readwrite', 'saving training curves', async (t) => {
    const next = await appendToRun(t.objectStore('runs'), t.objectStore('curveChunks'), runId, points, patch, `Run ${runId} no longer exists.`);
    return assemble(next, await readChunks(t.objectStore('curveChunks'), runId));
  });
}

/**
 * The one write path of curves: the batch's per-step points become the run's next chunk, its per-epoch points
 * extend the summary, and `patch` is applied, all in the caller's transaction.
 */
export async function appendToRun(
  runs: { get(id: string): Promise<RunSummary | undefined>; put(run: RunSummary): Promise<unknown> },
  chunks: Parameters<typeof addChunk>[0],
  runId: string,
  points: Readonly<Record<string, readonly CurvePoint[]>>,
  patch: RunPatch,
  missing: string,
): Promise<RunSummary> {
  const run = await runs.get(runId);
  if (!run) throw new StorageError('not-found', missing);
  const { epoch, step } = splitCurves(points);
  await addChunk(chunks, runId, step);
  const next: RunSummary = { ...withValidation(run, epoch), ...patch, updated: Date.now() };
  await runs.put(next);
  return next;
}

/**
 * Drops every per-step point at or after `step` (a resume retrains them; per-epoch points stay) and applies
 * `patch`, in one transaction.
 */
export async function cutRunCurves(db: WorkbenchDatabase, runId: string, step: number, patch: RunPatch = {}): Promise<RunSummary> {
  return tx(db, ['runs', 'curveChunks'], 'readwrite', 'reopening a run', async (t) => {
    const store = t.objectStore('runs');
    const run = await store.get(runId);
    if (!run) throw new StorageError('not-found', `Run ${runId} no longer exists.`);
    await cutChunks(t.objectStore('curveChunks'), runId, step);
    const next: RunSummary = { ...run, ...patch, updated: Date.now() };
    await store.put(next);
    return next;
  });
}

export async function deleteRun(db: WorkbenchDatabase, id: string): Promise<void> {
  await tx(db, ['runs', 'curveChunks', 'checkpoints'], 'readwrite', 'deleting a run', async (t) => {
    const checkpoints = t.objectStore('checkpoints');
    const keys = await checkpoints.index('by-run').getAllKeys(id);
    await Promise.all([...keys.map((k) => checkpoints.delete(k)), deleteChunks(t.objectStore('curveChunks'), id), t.objectStore('runs').delete(id)]);
  });
}

/** Changes a run's bookkeeping fields (status, step, best score, ...) without touching its curves. */
export async function updateRun(db: WorkbenchDatabase, runId: string, patch: RunPatch): Promise<RunSummary> {
  return tx(db, ['runs'], 'readwrite', 'updating a run', async (t) => {
    const store = t.objectStore('runs');
    const run = await store.get(runId);
    if (!run) throw new StorageError('not-found', `Run ${runId} no longer exists.`);
    const next: RunSummary = { ...run, ...patch, updated: Date.now() };
    await store.put(next);
    return next;
  });
}
