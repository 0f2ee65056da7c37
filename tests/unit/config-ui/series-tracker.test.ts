import { describe, expect, it } from 'vitest';
import type { CurvePoint } from '../../../src/platform/storage';
import { SeriesTracker } from '../../../src/app/panels/curves/series-tracker';

const pts = (values: number[], from = 0): CurvePoint[] => values.map((value, i) => ({ step: from + i, epoch: 0, value }));
const specs = [
  { name: 'loss/total', label: 'total', color: '#000' },
  { name: 'loss/kl', label: 'KL', color: '#f00' },
];

describe('SeriesTracker', () => {
  it('draws raw + smoothed traces and then extends only with the new points', () => {
    const t = new SeriesTracker(specs, 0.5);
    const traces = t.traces({ 'loss/total': pts([2, 4]) });
    expect(traces.map((d) => [d.name, d.raw, d.y.length])).toEqual([
      ['total', true, 2],
      ['total', false, 2],
      ['KL', true, 0],
      ['KL', false, 0],
    ]);
    expect(traces[1]!.y[1]).toBeCloseTo(10 / 3, 12); // debiased EMA, see ema.test.ts
    expect(t.extend({ 'loss/total': pts([2, 4]) })).toBeNull();

    const ext = t.extend({ 'loss/total': pts([2, 4, 0]), 'loss/kl': pts([1]) });
    expect(ext).not.toBe('reset');
    if (ext === null || ext === 'reset') return;
    expect(ext.indices).toEqual([0, 1, 2, 3]);
    expect(ext.x).toEqual([[2], [2], [0], [0]]);
    expect(ext.y[0]).toEqual([0]);
    expect(ext.y[1]![0]).toBeCloseTo(10 / 7, 12); // the EMA carried on from the first two points
    expect(ext.y[3]).toEqual([1]);
  });

  it('asks for a redraw when the live points were replaced by a shorter run', () => {
    const t = new SeriesTracker(specs, 0.5);
    t.traces({ 'loss/total': pts([1, 2, 3]) });
    expect(t.extend({ 'loss/total': pts([1]) })).toBe('reset');
  });

  it('draws only raw traces without smoothing and can use the epoch as x', () => {
    const t = new SeriesTracker([{ name: 'val/dice', label: 'Dice', color: '#0a0' }], 0, 'epoch');
    const traces = t.traces({ 'val/dice': [{ step: 10, epoch: 0, value: 0.5 }, { step: 20, epoch: 1, value: Number.NaN }] });
    expect(traces).toHaveLength(1);
    expect(traces[0]!.x).toEqual([1, 2]); // completed epochs, counted from 1
    expect(traces[0]!.y[1]).toBeNaN();
    expect(traces[0]!.raw).toBe(false);
  });
});

describe('SeriesTracker per-series smoothing', () => {
  it('never smooths a series marked smooth: false (a step schedule)', () => {
    const t = new SeriesTracker([{ name: 'train/lr', label: 'lr', color: '#777', smooth: false }], 0.9);
    const traces = t.traces({ 'train/lr': pts([1e-3, 1e-3, 1e-4]) });
    expect(traces[1]!.y).toEqual([1e-3, 1e-3, 1e-4]);
  });
});
