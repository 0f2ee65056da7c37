import { describe, expect, it } from 'vitest';
import { rocAuc, rocCurve } from '../../../src/core/metrics';
import { createRng } from '../../../src/core/rng';

/** Mann–Whitney: fraction of (positive, negative) pairs ranked correctly, ties ½. O(n²), for checking. */
function mannWhitneyAuc(yTrue: number[], scores: number[]): number {
  let wins = 0;
  let pairs = 0;
  yTrue.forEach((yi, i) => {
    if (yi !== 1) return;
    yTrue.forEach((yj, j) => {
      if (yj !== 0) return;
      pairs++;
      const si = scores[i] as number;
      const sj = scores[j] as number;
      wins += si > sj ? 1 : si === sj ? 0.5 : 0;
    });
  });
  return wins / pairs;
}

describe('rocCurve / rocAuc', () => {
  it('matches the hand-drawn curve without ties', () => {
    // scores desc: .8 (pos), .4 (neg), .35 (pos), .1 (neg); P = N = 2
    // thr .8: tp 1 fp 0 → (0, .5); .4: (.5, .5); .35: (.5, 1); .1: (1, 1)
    const curve = rocCurve([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]);
    expect(curve).toEqual({
      fpr: [0, 0, 0.5, 0.5, 1],
      tpr: [0, 0.5, 0.5, 1, 1],
      thresholds: [Infinity, 0.8, 0.4, 0.35, 0.1],
    });
    // trapezoids: 0 + .5·.5 + 0 + .5·1 = .75
    expect(rocAuc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])).toBeCloseTo(0.75, 12);
  });

  it('moves tied scores together (diagonal step) so the tie counts ½', () => {
    // yTrue [0,1,0,1], scores [.2,.5,.5,.9]: thr .9 → (0, .5); thr .5 takes one pos + one neg → (.5, 1); .2 → (1, 1)
    const y = [0, 1, 0, 1];
    const s = [0.2, 0.5, 0.5, 0.9];
    expect(rocCurve(y, s)).toEqual({ fpr: [0, 0, 0.5, 1], tpr: [0, 0.5, 1, 1], thresholds: [Infinity, 0.9, 0.5, 0.2] });
    // trapezoid: 0·… + .5·(.5 + 1)/2 + .5·1 = .375 + .5 = .875
    // Mann–Whitney: pairs (pos .5 vs neg .2) 1, (.5 vs .5) ½, (.9 vs .2) 1, (.9 vs .5) 1 → 3.5 / 4 = .875
    expect(rocAuc(y, s)).toBeCloseTo(0.875, 12);
    expect(mannWhitneyAuc(y, s)).toBeCloseTo(0.875, 12);
  });

  it('gives .5 when every score is tied, 1 when perfect, 0 when inverted', () => {
    expect(rocAuc([0, 1, 0, 1], [0.3, 0.3, 0.3, 0.3])).toBeCloseTo(0.5, 12);
    expect(rocAuc([0, 1, 0, 1], [0.1, 0.9, 0.2, 0.8])).toBe(1);
    expect(rocAuc([0, 1, 0, 1], [0.9, 0.1, 0.8, 0.2])).toBe(0);
  });

  it('equals the Mann–Whitney probability on random data with many ties', () => {
    const rng = createRng('roc-mwu');
    const y = Array.from({ length: 200 }, () => (rng.next() < 0.4 ? 1 : 0));
    // one decimal → only 11 distinct scores, lots of mixed ties; positives score a bit higher
    const s = y.map((yi) => Math.round(Math.min(1, rng.next() * 0.8 + yi * 0.2) * 10) / 10);
    expect(rocAuc(y, s)).toBeCloseTo(mannWhitneyAuc(y, s), 12);
  });

  it('is NaN when a class is absent, and handles infinite scores', () => {
    expect(rocAuc([1, 1, 1], [0.2, 0.5, 0.9])).toBeNaN();
    expect(rocAuc([0, 0], [0.2, 0.5])).toBeNaN();
    expect(rocCurve([0, 0], [0.2, 0.5]).tpr.every(Number.isNaN)).toBe(true);
    expect(rocAuc([], [])).toBeNaN();
    expect(rocAuc([0, 1, 1], [-Infinity, Infinity, Infinity])).toBe(1);
  });

  it('rejects NaN scores and mismatched lengths', () => {
    expect(() => rocCurve([0, 1], [0.5, NaN])).toThrow('rocCurve: scores[1] is NaN');
    expect(() => rocAuc([0, 1, 1], [0.5, 0.2])).toThrow('rocCurve: yTrue has length 3 but scores has length 2');
  });
});
