// The platform services the store talks to, created on first use: the shared IndexedDB connection and the
// two worker clients. Only store slices use them: panels call store actions, never a worker client.
import { getDatabase, type WorkbenchDatabase } from '../../platform/storage';
import { ImportClient } from '../../platform/workers/import.client';
import { TrainClient } from '../../platform/workers/train.client';

let importClient: ImportClient | null = null;
let trainClient: TrainClient | null = null;

/** The one training worker client of the page (training, and the viewer's and models' requests). */
export function trainWorker(): TrainClient {
  trainClient ??= new TrainClient();
  return trainClient;
}

export function importWorker(): ImportClient {
  importClient ??= new ImportClient();
  return importClient;
}

export function database(): Promise<WorkbenchDatabase> {
  return getDatabase();
}

/** Error text for the user: our errors carry complete sentences already. */
export function messageOf(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}
