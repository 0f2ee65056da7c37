import { describe, expect, it } from 'vitest';
import { LiveCurves } from '../../../src/app/panels/curves/live-curves';
import type { StepPoint } from '../../../src/platform/workers/train.protocol';
import type { EpochEvent } from '../../../src/app/store/training-slice';

const point = (step: number, total: number): StepPoint => ({
  step, epoch: Math.floor(step / 2), lr: 1e-3, terms: { total, cls: total / 2 }, msPerStep: 100, imagesPerSecond: 50, wallTime: 1000 + step,
});
const epoch = (e: number, step: number, auc: number): EpochEvent => ({
  type: 'epoch', runId: 'r', epoch: e, step, validation: { cls: { auc, acc: Number.NaN } }, score: auc, isBest: true, bestScore: auc,
});

describe('LiveCurves', () => {
  it('converts only the new step points and epochs into run-record curves', () => {
    const live = new LiveCurves('r');
    const points = [point(0, 2), point(1, 1.5)];
    const epochs: EpochEvent[] = [];
    expect(live.update(points, epochs)).toBe(true);
    expect(live.curves['loss/total']).toEqual([{ step: 0, epoch: 0, value: 2 }, { step: 1, epoch: 0, value: 1.5 }]);
    expect(live.update(points, epochs)).toBe(false);
    points.push(point(2, 1));
    epochs.push(epoch(0, 2, 0.75));
    const before = live.curves;
    live.update(points, epochs);
    expect(live.curves).toBe(before); // same object: the plot extends instead of redrawing
    expect(live.curves['loss/cls']?.map((p) => p.value)).toEqual([1, 0.75, 0.5]);
    expect(live.curves['val/cls/auc']).toEqual([{ step: 2, epoch: 0, value: 0.75 }]);
    expect(live.curves['val/cls/acc']).toBeUndefined(); // NaN metrics are left out
  });

  it('continues a resumed run from its stored curves, dropping what is trained again', () => {
    const stored = {
      'loss/total': [0, 1, 2, 3].map((step) => ({ step, epoch: Math.floor(step / 2), value: 10 - step })),
      'val/cls/auc': [{ step: 2, epoch: 0, value: 0.6 }],
    };
    const live = new LiveCurves('r', stored);
    expect(stored['loss/total']).toHaveLength(4); // the stored record is not touched
    live.update([point(2, 5)], []); // resumed from the checkpoint at step 2
    expect(live.curves['loss/total']?.map((p) => [p.step, p.value])).toEqual([[0, 10], [1, 9], [2, 5]]);
    expect(live.curves['val/cls/auc']).toEqual([{ step: 2, epoch: 0, value: 0.6 }]); // epoch 0 ended at step 2: kept
  });
});
