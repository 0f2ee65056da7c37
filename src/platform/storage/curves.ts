// How a run's curves are stored: the per-epoch `val/…` series inside the run summary (a point per epoch,
// read by the runs table), the per-step series in append-only chunks (one per checkpoint, see
// CurveChunkRecord), so a checkpoint writes only its new points and listing runs reads no curve at all.
// The one place curve batches are merged.
import type { IDBPObjectStore, StoreNames } from 'idb';
import { runChunkRange, type CurveChunkRecord, type CurvePoint, type RunSummary, type WorkbenchDB } from './schema';

type Curves = Record<string, CurvePoint[]>;

/** Appends every series of `more` to `into` (in place) and returns `into`. */
export function mergeCurves(into: Curves, more: Readonly<Record<string, readonly CurvePoint[]>>): Curves {
  for (const [name, pts] of Object.entries(more)) (into[name] ??= []).push(...pts);
  return into;
}

/** Per-epoch series (validation) are kept with the run summary; all others are per step. */
function isEpochSeries(name: string): boolean {
  return name.startsWith('val/');
}

/** Splits a batch into its per-epoch (summary) and per-step (chunk) series; empty series are dropped. */
export function splitCurves(curves: Readonly<Record<string, readonly CurvePoint[]>>): { epoch: Curves; step: Curves } {
  const epoch: Curves = {};
  const step: Curves = {};
  for (const [name, pts] of Object.entries(curves)) if (pts.length > 0) (isEpochSeries(name) ? epoch : step)[name] = [...pts];
  return { epoch, step };
}

/** The run's summary with `validation` extended by the batch's per-epoch points (a new object). */
export function withValidation(run: RunSummary, epoch: Readonly<Record<string, readonly CurvePoint[]>>): RunSummary {
  const validation = Object.fromEntries(Object.entries(run.validation ?? {}).map(([k, v]) => [k, [...v]]));
  return { ...run, validation: mergeCurves(validation, epoch) };
}

/** Smallest and largest step over all series; null when there is no point. */
export function stepRange(curves: Readonly<Record<string, readonly CurvePoint[]>>): { firstStep: number; lastStep: number } | null {
  let firstStep = Infinity;
  let lastStep = -Infinity;
  for (const pts of Object.values(curves)) {
    for (const p of pts) {
      if (p.step < firstStep) firstStep = p.step;
      if (p.step > lastStep) lastStep = p.step;
    }
  }
  return Number.isFinite(firstStep) ? { firstStep, lastStep } : null;
}

type TxStores = ArrayLike<StoreNames<WorkbenchDB>>;
type ChunkStore<S extends TxStores, M extends IDBTransactionMode> = IDBPObjectStore<WorkbenchDB, S, 'curveChunks', M>;

/** Writes the per-step points of a batch as the run's next chunk (nothing when there are none). */
export async function addChunk<S extends TxStores>(store: ChunkStore<S, 'readwrite'>, runId: string, step: Curves): Promise<void> {
  const range = stepRange(step);
  if (!range) return;
  const last = await store.openKeyCursor(runChunkRange(runId), 'prev');
  const seq = last ? (last.key as [string, number])[1] + 1 : 0;
  const chunk: CurveChunkRecord = { runId, seq, ...range, curves: step };
  await store.put(chunk);
}

/** Every per-step point of a run, in the order written. */
export async function readChunks<S extends TxStores, M extends IDBTransactionMode>(store: ChunkStore<S, M>, runId: string): Promise<Curves> {
  const chunks = await store.getAll(runChunkRange(runId));
  const out: Curves = {};
  for (const c of chunks) mergeCurves(out, c.curves);
  return out;
}

/** Removes every per-step point at or after `step` (chunks wholly past it go; a straddling one is cut). */
export async function cutChunks<S extends TxStores>(store: ChunkStore<S, 'readwrite'>, runId: string, step: number): Promise<void> {
  const chunks = await store.getAll(runChunkRange(runId));
  for (const c of chunks) {
    if (c.lastStep < step) continue;
    if (c.firstStep >= step) {
      await store.delete([c.runId, c.seq]);
      continue;
    }
    const curves = Object.fromEntries(Object.entries(c.curves).map(([k, pts]) => [k, pts.filter((p) => p.step < step)]));
    await store.put({ ...c, curves, lastStep: step - 1 });
  }
}

/** Deletes every chunk of a run. */
export async function deleteChunks<S extends TxStores>(store: ChunkStore<S, 'readwrite'>, runId: string): Promise<void> {
  await store.delete(runChunkRange(runId));
}
