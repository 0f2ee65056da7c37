// The core's Checkpoint (config + trainer state + weights + Adam state + best weights) as an IndexedDB record
// and back. One record per run: each save replaces the previous one.
import { CHECKPOINT_FORMAT, type Checkpoint, type EncodedTensors } from '../../core/train/checkpoint';
import type { RunConfig } from '../../core/config';
import type { CheckpointRecord } from '../storage/schema';
import type { WeightSpec } from '../../core/model/weights-io';
import type { TrainingProvenance } from '../../core/provenance';

function specs(enc: EncodedTensors): WeightSpec[] {
  return enc.specs.map((s) => ({ name: s.name, shape: [...s.shape], dtype: s.dtype as WeightSpec['dtype'] }));
}

export function checkpointToRecord(runId: string, ck: Checkpoint, provenance?: TrainingProvenance): CheckpointRecord {
  const rec: CheckpointRecord = {
    id: `${runId}@${ck.state.step}`,
    runId,
    step: ck.state.step,
    epoch: ck.state.epoch,
    created: Date.now(),
    weightSpecs: specs(ck.weights),
    weights: ck.weights.data,
    optimizerSpecs: specs(ck.optimizer),
    optimizerState: ck.optimizer.data,
    trainerState: { ...ck.state },
    config: ck.config,
  };
  if (provenance) rec.provenance = provenance;
  if (ck.best) {
    rec.bestSpecs = specs(ck.best);
    rec.bestWeights = ck.best.data;
  }
  return rec;
}

/** `fallbackConfig` for records written before checkpoints carried their config. */
export function recordToCheckpoint(rec: CheckpointRecord, fallbackConfig: RunConfig): Checkpoint {
  const ck: Checkpoint = {
    format: CHECKPOINT_FORMAT,
    config: rec.config ?? fallbackConfig,
    state: rec.trainerState ?? { step: rec.step, epoch: rec.epoch, bestScore: -Infinity, bestStep: -1 },
    weights: { specs: rec.weightSpecs, data: rec.weights },
    optimizer: { specs: rec.optimizerSpecs, data: rec.optimizerState },
    createdAt: new Date(rec.created).toISOString(),
  };
  if (rec.bestSpecs && rec.bestWeights) ck.best = { specs: rec.bestSpecs, data: rec.bestWeights };
  return ck;
}
