// The platform services the store talks to, created on first use: the shared IndexedDB connection and
// the import worker. Kept here so slices stay small and the worker starts only when needed.
import { getDatabase, type WorkbenchDatabase } from '../../platform/storage';
import { ImportClient } from '../../platform/workers/import.client';

let importClient: ImportClient | null = null;

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
