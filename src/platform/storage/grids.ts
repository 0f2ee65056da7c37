// The Research panel's experiment grids (issue 10): one record per grid, holding its spec and its queue of
// cells with their states and results. A cell changes by read-modify-write inside one transaction, so two
// writers (the page driving the queue, a results answer) never lose each other's change.
import { StorageError, tx, type WorkbenchDatabase } from './db';
import type { GridRecord } from './schema';

export async function putGrid(db: WorkbenchDatabase, grid: GridRecord): Promise<void> {
  await tx(db, ['grids'], 'readwrite', `saving grid "${grid.name}"`, (t) => t.objectStore('grids').put(grid));
}

/** Newest first. */
export async function listGrids(db: WorkbenchDatabase): Promise<GridRecord[]> {
  const all = await tx(db, ['grids'], 'readonly', 'listing grids', (t) => t.objectStore('grids').getAll());
  return all.sort((a, b) => b.created - a.created);
}

/**
 * Applies `change` to the stored grid and writes it back in one transaction; returns the new record.
 * Throws StorageError('not-found') when the grid was deleted meanwhile.
 */
export async function updateGrid(db: WorkbenchDatabase, id: string, change: (g: GridRecord) => GridRecord): Promise<GridRecord> {
  return tx(db, ['grids'], 'readwrite', 'updating a grid', async (t) => {
    const store = t.objectStore('grids');
    const old = await store.get(id);
    if (!old) throw new StorageError('not-found', `Grid ${id} no longer exists.`);
    const next = { ...change(old), id, updated: Date.now() };
    await store.put(next);
    return next;
  });
}

/** Deletes the grid record only: its cells' runs stay under Runs. */
export async function deleteGrid(db: WorkbenchDatabase, id: string): Promise<void> {
  await tx(db, ['grids'], 'readwrite', 'deleting a grid', (t) => t.objectStore('grids').delete(id));
}
