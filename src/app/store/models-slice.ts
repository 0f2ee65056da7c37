// Requests to the inference worker (issue 9: beside training, never behind its steps) that panels make on a model: evaluate it on the held-out sets, keep a run's
// weights as a saved model, export a model's files, import model files. Panels call these actions, never the
// worker client; failures reject (a WorkerRpcError or the worker's own message) for the panel to show.
import type { StateCreator } from 'zustand';
import type { EvaluationRole, ModelArtifactsMessage, ModelSource, ModelSummary } from '../../platform/workers/train.protocol';
import type { DatasetUse } from '../../core/workbench-config';
import type { EvaluationEvent, ModelExportedEvent } from '../../platform/workers/inference.client';
import { inferenceWorker } from './services';
import type { Full } from './types';

export interface ModelsSlice {
  /** Test metrics of `source` on `roles` (datasets: the run's own roles unless given). */
  evaluateModel(source: ModelSource, roles: EvaluationRole[], datasets?: DatasetUse[]): Promise<EvaluationEvent>;
  /** Stores a run's best or latest weights as a named model and refreshes the list. */
  saveRunModel(runId: string, name: string, which: 'best' | 'latest'): Promise<ModelSummary>;
  /** The TF.js artifacts of a model, for the page to download. */
  exportModel(source: ModelSource): Promise<ModelExportedEvent>;
  /** Checks and stores model files, refreshes the list. */
  importModel(name: string, artifacts: ModelArtifactsMessage): Promise<ModelSummary>;
}

export const createModelsSlice: StateCreator<Full, [], [], ModelsSlice> = (_set, get) => ({
  evaluateModel(source, roles, datasets) {
    return inferenceWorker(get()).evaluate(source, roles, datasets);
  },
  async saveRunModel(runId, name, which) {
    const saved = await inferenceWorker(get()).saveModel(runId, name, which);
    await get().refreshModels();
    return saved.model;
  },
  exportModel(source) {
    return inferenceWorker(get()).exportModel(source);
  },
  async importModel(name, artifacts) {
    const saved = await inferenceWorker(get()).importModel(name, artifacts);
    await get().refreshModels();
    return saved.model;
  },
});
