// Run curves from step points and epoch reports, checkpoint records round trip, lost-device recognition.
import { describe, expect, it } from 'vitest';
import { DEFAULT_RUN_CONFIG } from '../../../src/core/config';
import { CHECKPOINT_FORMAT, type Checkpoint } from '../../../src/core/train/checkpoint';
import { checkpointToRecord, recordToCheckpoint } from '../../../src/platform/training/checkpoint-records';
import { epochCurvePoints, stepCurvePoints } from '../../../src/platform/training/curves';
import { isDeviceLostError } from '../../../src/platform/training/device-lost';

describe('curves', () => {
  it('turns step points into named series, only for the terms a variant has', () => {
    const c = stepCurvePoints([
      { step: 0, epoch: 0, lr: 1e-3, terms: { total: 2, dice: 0.5, maskRate: 0.25 }, msPerStep: 100, imagesPerSecond: 50, wallTime: 1000 },
      { step: 1, epoch: 0, lr: 1e-3, terms: { total: 1.5, dice: 0.4, maskRate: 0.5 }, msPerStep: 90, imagesPerSecond: 55, wallTime: 1090 },
    ]);
    expect(Object.keys(c).sort()).toEqual(
      ['loss/dice', 'loss/total', 'train/imagesPerSecond', 'train/lr', 'train/maskRate', 'train/msPerStep', 'train/wallTime'].sort(),
    );
    expect(c['loss/total']).toEqual([{ step: 0, epoch: 0, value: 2 }, { step: 1, epoch: 0, value: 1.5 }]);
    expect(c['train/maskRate']?.map((p) => p.value)).toEqual([0.25, 0.5]);
  });

  it('keeps finite validation metrics of an epoch', () => {
    const c = epochCurvePoints(0, 10, { cls: { auc: NaN, acc: 0.75 }, seg: { dice: 0.6 } }, 0.675);
    expect(c).toEqual({
      'val/score': [{ step: 10, epoch: 0, value: 0.675 }],
      'val/cls/acc': [{ step: 10, epoch: 0, value: 0.75 }],
      'val/seg/dice': [{ step: 10, epoch: 0, value: 0.6 }],
    });
  });
});

describe('checkpoint records', () => {
  it('round-trip a core checkpoint with trainer state and best weights', () => {
    const buf = (n: number) => new Float32Array([n, n + 1]).buffer;
    const spec = [{ name: 'w', shape: [2], dtype: 'float32' as const }];
    const ck: Checkpoint = {
      format: CHECKPOINT_FORMAT,
      config: DEFAULT_RUN_CONFIG,
      state: { step: 12, epoch: 1, bestScore: 0.8, bestStep: 10 },
      weights: { specs: spec, data: buf(1) },
      optimizer: { specs: spec, data: buf(3) },
      best: { specs: spec, data: buf(5) },
      createdAt: '2026-01-01T00:00:00.000Z',
    };
    const rec = checkpointToRecord('run-1', ck);
    expect(rec).toMatchObject({ id: 'run-1@12', runId: 'run-1', step: 12, epoch: 1, trainerState: ck.state });
    const back = recordToCheckpoint(rec, DEFAULT_RUN_CONFIG);
    expect(back.state).toEqual(ck.state);
    expect(new Float32Array(back.best!.data)).toEqual(new Float32Array([5, 6]));
    expect(new Float32Array(back.optimizer.data)).toEqual(new Float32Array([3, 4]));
  });

  it('reads records saved without trainer state as "no best yet"', () => {
    const rec = checkpointToRecord('r', {
      format: CHECKPOINT_FORMAT, config: DEFAULT_RUN_CONFIG, state: { step: 4, epoch: 0, bestScore: -Infinity, bestStep: -1 },
      weights: { specs: [], data: new ArrayBuffer(0) }, optimizer: { specs: [], data: new ArrayBuffer(0) }, createdAt: '',
    });
    delete rec.trainerState;
    expect(recordToCheckpoint(rec, DEFAULT_RUN_CONFIG).state).toEqual({ step: 4, epoch: 0, bestScore: -Infinity, bestStep: -1 });
  });
});

describe('isDeviceLostError', () => {
  it('recognises lost WebGPU devices and WebGL contexts, and nothing else', () => {
    expect(isDeviceLostError(new Error('GPUDevice was lost: Device was destroyed.'))).toBe(true);
    expect(isDeviceLostError(new Error('WebGL context lost'))).toBe(true);
    expect(isDeviceLostError(new Error('Failed to execute: the device is lost'))).toBe(true);
    expect(isDeviceLostError(new Error('loss became NaN at step 3'))).toBe(false);
    expect(isDeviceLostError(new Error('out of memory'))).toBe(false);
  });
});
