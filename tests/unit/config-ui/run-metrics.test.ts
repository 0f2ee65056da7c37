import { describe, expect, it } from 'vitest';
import type { RunRecord } from '../../../src/platform/storage';
import { withDefaults } from '../../../src/core/config';
import { formatMetric } from '../../../src/core/metrics';
import { bestValidation, curveNames } from '../../../src/app/panels/runs/run-metrics';

describe('run metrics', () => {
  const curves = {
    'loss/total': [{ step: 0, epoch: 0, value: 1 }],
    'val/score': [
      { step: 10, epoch: 0, value: 0.6 },
      { step: 20, epoch: 1, value: 0.8 },
      { step: 30, epoch: 2, value: 0.8 },
    ],
    'val/cls/auc': [
      { step: 10, epoch: 0, value: 0.7 },
      { step: 20, epoch: 1, value: 0.9 },
      { step: 30, epoch: 2, value: 0.85 },
    ],
    'val/seg/dice': [{ step: 20, epoch: 1, value: 0.7 }],
  };

  it('takes every validation metric at the first epoch with the best score', () => {
    expect(bestValidation(curves)).toEqual({ step: 20, epoch: 1, score: 0.8, metrics: { 'val/cls/auc': 0.9, 'val/seg/dice': 0.7 } });
  });

  it('has no best epoch before the first validation', () => {
    expect(bestValidation({ 'loss/total': curves['loss/total'] })).toBeNull();
    expect(bestValidation({ 'val/score': [{ step: 1, epoch: 0, value: Number.NaN }] })).toBeNull();
  });

  it('lists the curve names of several runs, losses first', () => {
    const run = (c: RunRecord['curves']): RunRecord => ({
      id: 'r', name: 'r', created: 0, updated: 0, status: 'finished', config: withDefaults(), datasetIds: [], curves: c,
    });
    expect(curveNames([run(curves), run({ 'train/imagesPerSecond': [{ step: 0, epoch: 0, value: 3 }], 'loss/kl': [] })])).toEqual([
      'loss/total', 'train/imagesPerSecond', 'val/cls/auc', 'val/score', 'val/seg/dice',
    ]);
  });

  it('formats metrics with sensible precision', () => {
    // One formatter for every table (core/metrics/registry.ts): an undefined value (NaN, e.g. the test AUC of a
    // one-class set) reads `n/a` here as in the evaluation view; a missing one `—`.
    expect([formatMetric(0.91234), formatMetric(12.345), formatMetric(123.4), formatMetric(Number.NaN), formatMetric(undefined)]).toEqual([
      '0.912', '12.3', '123', 'n/a', '—',
    ]);
  });
});
