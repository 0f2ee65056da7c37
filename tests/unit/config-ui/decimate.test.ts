// Min/max decimation keeps plots of long runs bounded without hiding spikes, and the live curves of a long
// run stay within twice the plot budget per series.
import { describe, expect, it } from 'vitest';
import { decimateMinMax } from '../../../src/app/components/plot/decimate';
import { LiveCurves } from '../../../src/app/panels/curves/live-curves';
import type { StepPoint } from '../../../src/platform/workers/train.protocol';

const pts = (values: number[]) => values.map((value, step) => ({ step, epoch: 0, value }));

describe('decimateMinMax', () => {
  it('returns short series unchanged (a copy)', () => {
    const s = pts([3, 1, 2]);
    const d = decimateMinMax(s, 10);
    expect(d).toEqual(s);
    expect(d).not.toBe(s);
  });

  it('keeps each bucket’s min and max in step order, and the last point', () => {
    // 12 points, max 7 → 3 buckets of 4: [5,9,1,4] [2,2,8,3] [7,0,6,6]
    const s = pts([5, 9, 1, 4, 2, 2, 8, 3, 7, 0, 6, 6]);
    const d = decimateMinMax(s, 7);
    expect(d.map((p) => [p.step, p.value])).toEqual([[1, 9], [2, 1], [4, 2], [6, 8], [8, 7], [9, 0], [11, 6]]);
  });

  it('bounds any length and keeps the global extremes; NaN is never an extreme', () => {
    const values = Array.from({ length: 100_000 }, (_, i) => Math.sin(i / 50));
    values[77_777] = 40;
    values[12_345] = -40;
    values[500] = Number.NaN;
    const d = decimateMinMax(pts(values), 1000);
    expect(d.length).toBeLessThanOrEqual(1000);
    expect(Math.max(...d.map((p) => p.value))).toBe(40);
    expect(Math.min(...d.map((p) => p.value))).toBe(-40);
    expect(d.some((p) => Number.isNaN(p.value))).toBe(false);
    expect(d.at(-1)?.step).toBe(99_999);
    expect(d.every((p, i) => i === 0 || p.step > d[i - 1]!.step)).toBe(true);
  });
});

describe('LiveCurves over a long run', () => {
  it('holds at most 2 × the plot budget per series however many steps arrive, and takes only steps past the last', () => {
    const live = new LiveCurves('r', {}, 100);
    let points: StepPoint[] = [];
    for (let step = 0; step < 5000; step++) {
      points.push({ step, epoch: 0, lr: 1e-3, terms: { total: step === 4321 ? 99 : 1 }, msPerStep: 1, imagesPerSecond: 1, wallTime: step });
      if (points.length > 50) points = points.slice(-20); // the slice drops old points
      if (step % 7 === 0) live.update(points, []);
    }
    live.update(points, []);
    const total = live.curves['loss/total']!;
    expect(total.length).toBeLessThan(200);
    expect(total.at(-1)?.step).toBe(4999);
    expect(Math.max(...total.map((p) => p.value))).toBe(99);
    expect(total.every((p, i) => i === 0 || p.step > total[i - 1]!.step)).toBe(true);
  });
});
