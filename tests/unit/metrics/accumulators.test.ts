import { describe, expect, it } from 'vitest';
import { ClassificationAccumulator, SegmentationAccumulator, finiteMean, ssim } from '../../../src/core/metrics';

function rect(w: number, h: number, y0: number, y1: number, x0: number, x1: number): Uint8Array {
  const m = new Uint8Array(w * h);
  for (let y = y0; y <= y1; y++) for (let x = x0; x <= x1; x++) m[y * w + x] = 1;
  return m;
}

describe('ClassificationAccumulator', () => {
  it('pools batches and computes every metric over the whole set', () => {
    const acc = new ClassificationAccumulator();
    acc.add([1, 1, 0], [0.9, 0.4, 0.3]);
    acc.add(Uint8Array.of(0, 1, 0), Float32Array.of(0.6, 0.5, 0.1));
    // labels [1,1,0,0,1,0], probs [.9,.4,.3,.6,.5,.1]; pred = p > .5 → [1,0,0,1,0,0] (.5 → normal)
    // tp 1 (i0), fn 2 (i1, i4), fp 1 (i3), tn 2 (i2, i5)
    // acc 3/6; F1 abnormal 2·1/(2+3) = .4; F1 normal 2·2/(4+3) = 4/7
    // AUC: positives {.9,.4,.5} vs negatives {.3,.6,.1}: .9 beats 3, .4 beats 2, .5 beats 2 → 7/9
    const r = acc.compute();
    expect(r.n).toBe(6);
    expect(r.confusion).toEqual({ tp: 1, fn: 2, fp: 1, tn: 2 });
    expect(r.acc).toBeCloseTo(0.5, 12);
    expect(r.f1Abnormal).toBeCloseTo(0.4, 12);
    expect(r.f1Normal).toBeCloseTo(4 / 7, 12);
    expect(r.auc).toBeCloseTo(7 / 9, 12);
    expect(r.roc.fpr[0]).toBe(0);
    expect(r.roc.tpr[r.roc.tpr.length - 1]).toBe(1);
  });

  it('honours a custom threshold, resets, and reports NaN for no data', () => {
    const acc = new ClassificationAccumulator({ threshold: 0.35 });
    acc.add([1, 0], [0.4, 0.3]);
    expect(acc.compute().acc).toBe(1);
    acc.reset();
    const r = acc.compute();
    expect(r.n).toBe(0);
    expect(r.acc).toBeNaN();
    expect(r.auc).toBeNaN();
  });

  it('rejects probabilities outside [0, 1] and length mismatches', () => {
    const acc = new ClassificationAccumulator();
    expect(() => acc.add([1, 0], [1.2, 0.1])).toThrow('ClassificationAccumulator.add: probPneumonia[0] = 1.2; expected a probability in [0, 1]');
    expect(() => acc.add([1, 0, 1], [0.2, 0.1])).toThrow('yTrue has length 3 but probPneumonia has length 2');
    expect(acc.n).toBe(0); // a rejected batch adds nothing
  });
});

describe('SegmentationAccumulator', () => {
  const W = 12;
  const H = 12;
  const a = rect(W, H, 2, 5, 2, 5); // 4×4 square
  const b = rect(W, H, 2, 5, 5, 8); // same, shifted 3 px right: overlap is one 4-px column

  it('averages per-image scores, skipping and counting undefined ones', () => {
    const acc = new SegmentationAccumulator();
    const first = acc.add(a, a, W, H); // perfect
    const second = acc.add(b, a, W, H); // shifted
    acc.add(new Uint8Array(W * H), a, W, H); // empty prediction: dice 0, HD undefined
    expect(first).toMatchObject({ dice: 1, jaccard: 1, ssim: expect.closeTo(1, 12), hd: 0, hdMax: 0, precision: 1, recall: 1 });
    // shifted: tp 4, fp 12, fn 12 → dice 8/32 = .25, jaccard 4/28 = 1/7, precision = recall = 4/16; HD = HD95 = 3
    expect(second).toMatchObject({ dice: 0.25, jaccard: expect.closeTo(1 / 7, 12), precision: 0.25, recall: 0.25, hd: 3, hdMax: 3 });
    expect(second.assd).toBeCloseTo(1.5, 12);
    expect(second.ssim).toBeCloseTo(ssim(Float32Array.from(b), Float32Array.from(a), W, H), 12);

    const r = acc.compute();
    expect(r.n).toBe(3);
    expect(r.dice).toBeCloseTo((1 + 0.25 + 0) / 3, 12);
    expect(r.jaccard).toBeCloseTo((1 + 1 / 7 + 0) / 3, 12);
    expect(r.precision).toBeCloseTo((1 + 0.25 + 0) / 3, 12);
    expect(r.hd).toBeCloseTo((0 + 3) / 2, 12); // third image skipped
    expect(r.hdMax).toBeCloseTo(1.5, 12);
    expect(r.skipped.hd).toBe(1);
    expect(r.skipped.dice).toBe(0);
    expect(r.perImage.dice).toEqual([1, 0.25, 0]);
    expect(r.perImage.hd[2]).toBeNaN();
    // no image had a spacing → mm means undefined, all three counted as skipped
    expect(r.hdMm).toBeNaN();
    expect(r.skipped.hdMm).toBe(3);
  });

  it('averages mm distances over images added with a spacing', () => {
    const acc = new SegmentationAccumulator();
    acc.add(b, a, W, H, [1, 0.5]); // 3 px along x · .5 mm = 1.5 mm
    acc.add(b, a, W, H, [1, 2]); // 3 px · 2 mm = 6 mm
    const r = acc.compute();
    expect(r.hd).toBeCloseTo(3, 12);
    expect(r.hdMm).toBeCloseTo((1.5 + 6) / 2, 12);
    expect(r.hdMaxMm).toBeCloseTo(3.75, 12);
  });

  it('accepts scores computed elsewhere and resets', () => {
    const acc = new SegmentationAccumulator();
    const s = acc.add(b, a, W, H);
    acc.addScores({ ...s, dice: 0.75 });
    expect(acc.compute().dice).toBeCloseTo(0.5, 12);
    expect(() => acc.addScores({ dice: 1 } as never)).toThrow('SegmentationAccumulator.addScores: missing metric "jaccard"');
    acc.reset();
    expect(acc.compute().n).toBe(0);
    expect(acc.compute().dice).toBeNaN();
  });
});

describe('finiteMean', () => {
  it('skips NaN and ±Infinity and counts them', () => {
    expect(finiteMean([1, NaN, 3, Infinity, -Infinity])).toEqual({ mean: 2, count: 2, skipped: 3 });
    expect(finiteMean([])).toEqual({ mean: NaN, count: 0, skipped: 0 });
  });
});
