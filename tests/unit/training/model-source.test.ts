// The inference worker's model cache (issue 9: "on the latest checkpoint"): a run's weights are built once and
// reused while its newest checkpoint is the same; when the training side writes a newer checkpoint, the next
// request reloads them (lazily: only the checkpoint's key is read per request).
import 'fake-indexeddb/auto';
import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { deleteDatabase, latestCheckpointId, openDatabase, putCheckpoint, putRun, saveCheckpointWithCurves, type CheckpointRecord, type WorkbenchDatabase } from '../../../src/platform/storage';
import { dropCachedModel, modelFor } from '../../../src/platform/training/model-source';
import { MultiMixModel } from '../../../src/core/model';
import { withDefaults, type RunConfig } from '../../../src/core/config';
import type { WeightSpec } from '../../../src/core/model/weights-io';
import { useNodeBackend } from '../../../src/cli/node-backend';

const config: RunConfig = withDefaults({ model: { variant: 'multimix', inputSize: 32, widthMultiplier: 0.25 } } as Partial<RunConfig>);

async function checkpointAt(step: number, seed: number): Promise<CheckpointRecord> {
  const model = MultiMixModel.create(config.model, seed);
  const a = await model.toArtifacts();
  model.dispose();
  return {
    id: `r1@${step}`, runId: 'r1', step, epoch: 0, created: step, weightSpecs: a.weightSpecs as WeightSpec[], weights: a.weightData as ArrayBuffer,
    optimizerSpecs: [], optimizerState: new ArrayBuffer(0), config,
  };
}

const firstWeight = (m: MultiMixModel) => {
  const w = m.getWeights();
  const values = Array.from(Object.values(w)[0]!.dataSync().slice(0, 8));
  tf.dispose(Object.values(w));
  return values;
};

let db: WorkbenchDatabase;
let dbName = '';
beforeAll(async () => {
  await useNodeBackend('cpu');
});
beforeEach(async () => {
  dbName = `model-source-${Math.random()}`;
  db = await openDatabase(dbName);
  await putRun(db, { id: 'r1', name: 'run one', created: 0, updated: 0, status: 'running', config, datasetIds: [], curves: {} });
});
afterEach(async () => {
  dropCachedModel();
  db.close();
  await deleteDatabase(dbName);
});

describe('modelFor (inference worker cache)', () => {
  it('reuses the model while the checkpoint is the same and reloads it after a newer one', async () => {
    await putCheckpoint(db, await checkpointAt(2, 1));
    const first = await modelFor(db, { runId: 'r1', which: 'latest' });
    expect(first.weights.name).toBe('run one (step 2)');
    const again = await modelFor(db, { runId: 'r1', which: 'latest' });
    expect(again.model).toBe(first.model);
    const before = firstWeight(first.model);

    const newer = await checkpointAt(4, 2);
    await saveCheckpointWithCurves(db, newer);
    expect(await latestCheckpointId(db, 'r1')).toBe('r1@4');
    const reloaded = await modelFor(db, { runId: 'r1', which: 'latest' });
    expect(reloaded.model).not.toBe(first.model);
    expect(reloaded.weights.name).toBe('run one (step 4)');
    const expected = MultiMixModel.fromWeights(config.model, { data: newer.weights, specs: newer.weightSpecs }, 'step 4');
    expect(firstWeight(reloaded.model)).toEqual(firstWeight(expected));
    expect(firstWeight(reloaded.model)).not.toEqual(before);
    expected.dispose();
  });

  it('a run without a checkpoint says so', async () => {
    await expect(modelFor(db, { runId: 'r1' })).rejects.toThrow(/has no checkpoint yet/);
  });
});
