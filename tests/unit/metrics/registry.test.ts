// The metric registry is the one table every view reads (issue 11): these checks pin what the views and
// metrics.json showed before it existed, and the rules an added metric must follow.
import { describe, expect, it } from 'vitest';
import {
  ClassificationAccumulator, formatMetric, METRICS, metricSpec, metricsIn, scoreSegmentation, SEGMENTATION_METRICS,
  SegmentationAccumulator, type MetricSpec, type MetricView,
} from '../../../src/core/metrics';
import { summarizeEvaluation } from '../../../src/core/train/evaluate';

const ids = (view: MetricView, task?: 'cls' | 'seg') => metricsIn(view, task).map((m) => m.id);

describe('metric registry', () => {
  it('has unique ids, and every metric a view shows from stored curves is in the summary', () => {
    expect(new Set(METRICS.map((m) => m.id)).size).toBe(METRICS.length);
    const summary = new Set(ids('summary'));
    for (const view of ['runs', 'test', 'curve'] as const) {
      for (const id of ids(view)) expect(summary.has(id), `${id} is shown in ${view} but never stored`).toBe(true);
    }
    for (const m of METRICS as readonly MetricSpec[]) {
      expect(m.digits, m.id).toBeGreaterThanOrEqual(0);
      expect(m.unit === undefined || m.better === 'lower', `${m.id}: only distances have units`).toBe(true);
    }
  });

  it('lists the metrics each view showed before the registry', () => {
    expect(ids('summary', 'cls')).toEqual(['acc', 'f1Normal', 'f1Abnormal', 'auc']);
    expect(ids('summary', 'seg')).toEqual(['dice', 'jaccard', 'ssim', 'hd', 'hdMax', 'assd', 'precision', 'recall']);
    expect(ids('evaluation')).toEqual(['acc', 'f1Normal', 'f1Abnormal', 'auc', 'dice', 'jaccard', 'ssim', 'hd', 'hdMax', 'precision', 'recall']);
    expect(ids('runs')).toEqual(['acc', 'f1Normal', 'f1Abnormal', 'auc', 'dice', 'jaccard', 'hd']);
    expect(ids('test')).toEqual(['acc', 'auc', 'dice']);
    expect(ids('curve')).toEqual(['acc', 'f1Normal', 'f1Abnormal', 'auc', 'dice', 'jaccard']);
    expect(metricSpec('hd')).toMatchObject({ label: 'HD95', unit: 'px', better: 'lower' });
    expect(metricSpec('n')).toBeUndefined();
  });

  it('the accumulators compute exactly the registered metrics', () => {
    const mask = Uint8Array.from({ length: 144 }, (_, i) => (i % 12 > 2 && i > 36 ? 1 : 0));
    expect(Object.keys(scoreSegmentation(mask, mask, 12, 12)).sort()).toEqual([...SEGMENTATION_METRICS].sort());
    const cls = new ClassificationAccumulator();
    cls.add([0, 1], [0.2, 0.8]);
    const clsIds = METRICS.filter((m) => m.task === 'cls').map((m) => m.id);
    for (const id of clsIds) expect(typeof cls.compute()[id], id).toBe('number');
  });

  it('summarizes an evaluation into the same metrics.json blocks as before', () => {
    const cls = new ClassificationAccumulator();
    cls.add([0, 1, 1], [0.2, 0.8, 0.4]);
    const seg = new SegmentationAccumulator();
    const a = Uint8Array.from({ length: 144 }, (_, i) => (i % 12 > 2 && i % 12 < 9 && i > 36 && i < 100 ? 1 : 0));
    seg.add(a, a, 12, 12);
    const s = summarizeEvaluation({ cls: { ...cls.compute(), ids: [], labels: [], probs: [], threshold: 0.5 }, seg: { ...seg.compute(), ids: [], areaPred: [], areaTrue: [] }, ms: 0 });
    expect(Object.keys(s.cls ?? {})).toEqual(['acc', 'f1Normal', 'f1Abnormal', 'auc', 'n']);
    expect(Object.keys(s.seg ?? {})).toEqual(['dice', 'jaccard', 'ssim', 'hd', 'hdMax', 'assd', 'precision', 'recall', 'n', 'hdSkipped']);
    expect(s.cls?.acc).toBeCloseTo(2 / 3, 12);
    expect(s.seg).toMatchObject({ dice: 1, hd: 0, n: 1, hdSkipped: 0 });
  });

  it('formats values the same in every table', () => {
    expect([formatMetric(0.91234, 'dice'), formatMetric(11.634, 'hd'), formatMetric(3, 'n'), formatMetric(2, 'hdSkipped')]).toEqual([
      '0.912', '11.63', '3', '2',
    ]);
    expect([formatMetric(null, 'auc'), formatMetric(undefined), formatMetric(Number.NaN, 'auc'), formatMetric(Infinity, 'hd')]).toEqual([
      '—', '—', 'n/a', 'Infinity',
    ]);
    // Values that are not registered metrics (the selection score, other curves): precision by magnitude.
    expect([formatMetric(0.8), formatMetric(42.42), formatMetric(1234.5)]).toEqual(['0.800', '42.4', '1235']);
  });
});
