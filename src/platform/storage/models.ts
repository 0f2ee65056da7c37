// Saved models: trained weights with the model config needed to rebuild them.
import { tx, type WorkbenchDatabase } from './db';
import type { ModelRecord } from './schema';

export async function putModel(db: WorkbenchDatabase, model: ModelRecord): Promise<void> {
  await tx(db, ['models'], 'readwrite', `saving model "${model.name}"`, (t) => t.objectStore('models').put(model));
}

export function getModel(db: WorkbenchDatabase, id: string): Promise<ModelRecord | undefined> {
  return tx(db, ['models'], 'readonly', 'reading a model', (t) => t.objectStore('models').get(id));
}

/** Newest first. */
export async function listModels(db: WorkbenchDatabase): Promise<ModelRecord[]> {
  const all = await tx(db, ['models'], 'readonly', 'listing models', (t) => t.objectStore('models').getAll());
  return all.sort((a, b) => b.created - a.created);
}

export async function deleteModel(db: WorkbenchDatabase, id: string): Promise<void> {
  await tx(db, ['models'], 'readwrite', 'deleting a model', (t) => t.objectStore('models').delete(id));
}
