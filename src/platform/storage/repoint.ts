// Re-pointing a run to other datasets after its own were deleted (issue 12): the run keeps its record, curves and
// checkpoint, and its dataset roles name the replacements, so it can be resumed (on different data: the losses
// after the resume are no longer those the original data would have given).
import { StorageError, tx, type WorkbenchDatabase } from './db';

/**
 * Replaces dataset ids in a run's dataset roles and `datasetIds`: `mapping[oldId] = newId`. Throws `not-found`
 * when the run or a replacement dataset is gone.
 */
export async function repointRunDatasets(db: WorkbenchDatabase, runId: string, mapping: Readonly<Record<string, string>>): Promise<void> {
  await tx(db, ['runs', 'datasets'], 'readwrite', 're-pointing a run to other datasets', async (t) => {
    const run = await t.objectStore('runs').get(runId);
    if (!run) throw new StorageError('not-found', `Run ${runId} no longer exists.`);
    for (const id of Object.values(mapping)) {
      const d = await t.objectStore('datasets').get(id);
      if (!d || d.status !== 'ready') throw new StorageError('not-found', `Dataset ${id} no longer exists.`);
    }
    const swap = (id: string) => mapping[id] ?? id;
    const workbench = run.workbench ? { ...run.workbench, datasets: run.workbench.datasets.map((u) => ({ ...u, datasetId: swap(u.datasetId) })) } : undefined;
    await t.objectStore('runs').put({
      ...run,
      datasetIds: run.datasetIds.map(swap),
      ...(workbench ? { workbench } : {}),
      updated: Date.now(),
    });
  });
}
