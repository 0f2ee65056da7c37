// Schema migrations, one function per version step. `upgrade()` runs every step between the stored
// version and the current one in order, inside IndexedDB's single versionchange transaction, so a
// failed step rolls the whole upgrade back and the old data stays as it was.
//
// To change the schema: append a step (never edit a shipped one), bump nothing else — SCHEMA_VERSION
// is the number of steps — and extend tests/unit/storage/migrations.test.ts with data of the old shape.
import type { IDBPDatabase, IDBPTransaction, StoreNames } from 'idb';
import { splitCurves, stepRange } from './curves';
import type { CurvePoint, RunSummary, WorkbenchDB } from './schema';

type UpgradeDb = IDBPDatabase<WorkbenchDB>;
type UpgradeTx = IDBPTransaction<WorkbenchDB, StoreNames<WorkbenchDB>[], 'versionchange'>;
/** Synchronous on purpose: awaiting anything but an IDB request inside an upgrade commits it early. */
export type MigrationStep = (db: UpgradeDb, tx: UpgradeTx) => void;

/** Step to version 1: datasets, image metadata and pixels (the import half of the app). */
function v1DatasetStores(db: UpgradeDb): void {
  const datasets = db.createObjectStore('datasets', { keyPath: 'id' });
  datasets.createIndex('by-status', 'status');
  const images = db.createObjectStore('images', { keyPath: ['datasetId', 'key'] });
  images.createIndex('by-dataset', 'datasetId');
  db.createObjectStore('pixels', { keyPath: ['datasetId', 'key'] });
}

/** Step to version 2: what training keeps — runs with their curves, checkpoints, saved models. */
function v2TrainingStores(db: UpgradeDb): void {
  const runs = db.createObjectStore('runs', { keyPath: 'id' });
  runs.createIndex('by-created', 'created');
  const checkpoints = db.createObjectStore('checkpoints', { keyPath: 'id' });
  checkpoints.createIndex('by-run', 'runId');
  const models = db.createObjectStore('models', { keyPath: 'id' });
  models.createIndex('by-run', 'runId');
}

/** The version-2 shape of a run: every curve inside the run record, rewritten whole at each checkpoint. */
interface V2Run extends Omit<RunSummary, 'validation'> {
  curves?: Record<string, CurvePoint[]>;
}

/**
 * Step to version 3: per-step curves move out of the run records into append-only `curveChunks` (one chunk
 * per run holds what was stored); the per-epoch `val/…` series stay with the run as `validation`.
 */
function v3CurveChunks(db: UpgradeDb, tx: UpgradeTx): void {
  db.createObjectStore('curveChunks', { keyPath: ['runId', 'seq'] });
  const runs = tx.objectStore('runs');
  const chunks = tx.objectStore('curveChunks');
  // Requests only (no other await), so the versionchange transaction stays open until they are done.
  void runs.getAll().then((all) => {
    for (const old of all as unknown as V2Run[]) {
      const { curves = {}, ...rest } = old;
      const { epoch, step } = splitCurves(curves);
      const range = stepRange(step);
      if (range) void chunks.put({ runId: old.id, seq: 0, ...range, curves: step });
      void runs.put({ ...rest, validation: epoch });
    }
  });
}

/** Step to version 4: the Research panel's experiment grids (issue 10), one record per grid with its cell queue. */
function v4Grids(db: UpgradeDb): void {
  const grids = db.createObjectStore('grids', { keyPath: 'id' });
  grids.createIndex('by-created', 'created');
}

/** MIGRATIONS[i] upgrades version i to version i+1. */
export const MIGRATIONS: readonly MigrationStep[] = [v1DatasetStores, v2TrainingStores, v3CurveChunks, v4Grids];

export const SCHEMA_VERSION = MIGRATIONS.length;

/**
 * Runs the steps from `oldVersion` up to `newVersion`. IndexedDB only allows schema changes inside
 * the upgrade callback and commits the versionchange transaction when no request is pending, so
 * data-moving steps must issue their requests without awaiting anything else.
 */
export function runMigrations(db: UpgradeDb, tx: UpgradeTx, oldVersion: number, newVersion: number): void {
  if (newVersion > MIGRATIONS.length) {
    throw new Error(`No migration to schema version ${newVersion} (this build knows ${MIGRATIONS.length})`);
  }
  for (let v = oldVersion; v < newVersion; v++) {
    const step = MIGRATIONS[v];
    if (!step) throw new Error(`Missing migration step ${v} → ${v + 1}`);
    step(db, tx);
  }
}
