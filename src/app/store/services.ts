// The platform services the store talks to, created on first use: the shared IndexedDB connection and the
// three worker clients. Only store slices use them: panels call store actions, never a worker client.
import { getDatabase, type WorkbenchDatabase } from '../../platform/storage';
import { ImportClient } from '../../platform/workers/import.client';
import { InferenceClient } from '../../platform/workers/inference.client';
import { TrainClient } from '../../platform/workers/train.client';
import { backendForInference } from './backend-choice';
import type { Full } from './types';

let importClient: ImportClient | null = null;
let trainClient: TrainClient | null = null;
let inferenceClient: InferenceClient | null = null;

/** The one training worker client of the page (training, backends). */
export function trainWorker(): TrainClient {
  trainClient ??= new TrainClient();
  return trainClient;
}

/**
 * The one inference worker client of the page (viewer, evaluation, model files: issue 9), on the backend the
 * remembered choice in `s` gives inference (backend-choice.ts → backendForInference).
 */
export function inferenceWorker(s: Pick<Full, 'backend' | 'backendMeasurement'>): InferenceClient {
  inferenceClient ??= new InferenceClient();
  inferenceClient.useBackend(backendForInference(s.backend.preference, s.backendMeasurement));
  return inferenceClient;
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
