// Building a MultiMix model from what the viewer names: a run's best/latest checkpoint weights or a saved model.
// The last model is cached (keyed by where its weights came from), so flipping through images does not rebuild
// it. While a run trains, the training worker replaces its checkpoint record: each request first reads only the
// newest checkpoint's key (its step, no weights), and the weights are read again only when it changed.
import type { RunConfig } from '../../core/config';
import { MultiMixModel } from '../../core/model';
import type { WorkbenchDatabase } from '../storage/db';
import { getRunSummary } from '../storage/runs';
import { latestCheckpoint, latestCheckpointId } from '../storage/checkpoints';
import { getModel } from '../storage/models';
import type { WeightSpec } from '../../core/model/weights-io';
import type { ModelSource } from '../workers/train.protocol';
import type { DatasetUse } from '../../core/workbench-config';
import type { TrainingProvenance } from '../../core/provenance';
import { readArtifactsConfig } from '../../core/model/weights-io';
import { EXAMPLE_MODEL_ID, EXAMPLE_MODEL_NAME, exampleModelFiles } from '../example/example-assets';

export class ModelSourceError extends Error {
  readonly code = 'not-found';
}

export interface ResolvedWeights {
  /** Identifies these exact weights (cache key). */
  id: string;
  name: string;
  config: RunConfig['model'];
  /** The run config that produced them, when known. */
  runConfig?: RunConfig;
  /** The dataset roles of the run, when known (default for evaluation). */
  datasets?: DatasetUse[];
  runId?: string;
  specs: WeightSpec[];
  data: ArrayBuffer;
  metrics: Record<string, number>;
  /** What the weights were trained on; absent when unknown (records from before issue 9, foreign files). */
  provenance?: TrainingProvenance;
}

/** The example model's weights, read from the app's own files (public/example/) once per worker; never stored. */
let example: Promise<ResolvedWeights> | null = null;
function exampleWeights(): Promise<ResolvedWeights> {
  example ??= exampleModelFiles().then((f) => {
    const config = readArtifactsConfig({ modelTopology: f.modelTopology as never, weightSpecs: f.weightSpecs, weightData: f.weightData });
    const out: ResolvedWeights = { id: `model:${EXAMPLE_MODEL_ID}`, name: EXAMPLE_MODEL_NAME, config, specs: f.weightSpecs, data: f.weightData, metrics: {} };
    if (f.metadata.runConfig) out.runConfig = f.metadata.runConfig;
    return out;
  });
  example.catch(() => (example = null));
  return example;
}

export async function resolveWeights(db: WorkbenchDatabase, source: ModelSource): Promise<ResolvedWeights> {
  if ('modelId' in source && source.modelId === EXAMPLE_MODEL_ID) return exampleWeights();
  if ('modelId' in source) {
    const m = await getModel(db, source.modelId);
    if (!m) throw new ModelSourceError(`Saved model ${source.modelId} no longer exists.`);
    const run = m.runId ? await getRunSummary(db, m.runId) : undefined;
    const out: ResolvedWeights = { id: `model:${m.id}`, name: m.name, config: m.model, specs: m.weightSpecs, data: m.weights, metrics: m.metrics };
    if (m.runId) out.runId = m.runId;
    if (run) out.runConfig = run.config;
    if (run?.workbench) out.datasets = run.workbench.datasets;
    if (m.provenance) out.provenance = m.provenance;
    return out;
  }
  const run = await getRunSummary(db, source.runId);
  if (!run) throw new ModelSourceError(`Run ${source.runId} no longer exists.`);
  const ck = await latestCheckpoint(db, source.runId);
  if (!ck) throw new ModelSourceError(`Run "${run.name}" has no checkpoint yet: train at least until the first one is saved.`);
  const best = (source.which ?? 'best') === 'best' && ck.bestSpecs && ck.bestWeights;
  const config = ck.config ?? run.config;
  const out: ResolvedWeights = {
    id: `run:${run.id}@${ck.id}:${best ? 'best' : 'latest'}`,
    name: `${run.name} (${best ? `best, step ${ck.trainerState?.bestStep ?? '?'}` : `step ${ck.step}`})`,
    config: config.model,
    runConfig: config,
    runId: run.id,
    specs: best ? ck.bestSpecs! : ck.weightSpecs,
    data: best ? ck.bestWeights! : ck.weights,
    metrics: run.bestScore !== undefined ? { selectionScore: run.bestScore } : {},
  };
  if (run.workbench) out.datasets = run.workbench.datasets;
  const provenance = ck.provenance ?? run.provenance;
  if (provenance) out.provenance = provenance;
  return out;
}

export function buildModel(w: ResolvedWeights): MultiMixModel {
  return MultiMixModel.fromWeights(w.config, { data: w.data, specs: w.specs }, `the weights of ${w.name}`);
}

/**
 * Names the weights `source` resolves to right now without reading them: a saved model's id, or a run's newest
 * checkpoint key (`runId@step`) and which weights of it. Null when the run has no checkpoint yet.
 */
async function weightsRevision(db: WorkbenchDatabase, source: ModelSource): Promise<string | null> {
  if ('modelId' in source) return `model:${source.modelId}`;
  const ck = await latestCheckpointId(db, source.runId);
  return ck === undefined ? null : `run:${ck}:${source.which ?? 'best'}`;
}

let cached: { revision: string; model: MultiMixModel; weights: ResolvedWeights } | null = null;

/**
 * The model for `source`, reusing the cached one while its weights did not change (a run's newest checkpoint
 * is still the one it was built from). Do not dispose it.
 */
export async function modelFor(db: WorkbenchDatabase, source: ModelSource): Promise<{ model: MultiMixModel; weights: ResolvedWeights }> {
  const revision = await weightsRevision(db, source);
  if (revision !== null && cached?.revision === revision) return { model: cached.model, weights: cached.weights };
  const weights = await resolveWeights(db, source);
  dropCachedModel();
  const model = buildModel(weights);
  // A checkpoint written between the two reads leaves the older revision here: the next request reloads.
  cached = { revision: revision ?? weights.id, model, weights };
  return { model, weights };
}

/** Frees the cached model (e.g. before switching backends: its tensors live on the old one). */
export function dropCachedModel(): void {
  try {
    cached?.model.dispose();
  } catch {
    // Its backend may already be gone.
  }
  cached = null;
}
