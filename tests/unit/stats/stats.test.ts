// Hand-checked cases for the research statistics (issue 10): bootstrap CI, Wilson, McNemar, Bland–Altman,
// Youden threshold and the seed aggregation of the results table.
import { describe, expect, it } from 'vitest';
import { createRng } from '../../../src/core/rng';
import {
  aucAt, blandAltman, bestRows, bootstrapCI, chiSquare1Survival, formatMeanStd, maskAreaPercent, mcnemarFromCounts,
  mcnemarTest, meanAt, meanOverGroupsCI, normalCdf, normalQuantile, summarizeSeeds, wilsonInterval, youdenThreshold,
  chooseThreshold,
} from '../../../src/core/stats';

describe('normal and chi-square helpers', () => {
  it('match tabulated values', () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959964, 5);
    expect(normalQuantile(0.5)).toBeCloseTo(0, 9);
    expect(normalQuantile(0.01)).toBeCloseTo(-2.326348, 5);
    expect(normalCdf(1.959964)).toBeCloseTo(0.975, 6);
    expect(chiSquare1Survival(3.841459)).toBeCloseTo(0.05, 6);
    expect(() => normalQuantile(1)).toThrow(/\(0, 1\)/);
  });
});

describe('percentile bootstrap', () => {
  const mean = (v: number[]) => (idx: readonly Int32Array[]) => meanAt(v, idx[0]!);

  it('hand-checked two-point case: the resampled mean of [0, 1] is 0, ½, 1 with probability ¼, ½, ¼', () => {
    const opts = { rng: createRng('bs'), resamples: 4000 };
    // 95%: the 2.5th percentile falls in the 0 mass (25%) and the 97.5th in the 1 mass.
    const ci = bootstrapCI([2], mean([0, 1]), opts);
    expect([ci.estimate, ci.lo, ci.hi]).toEqual([0.5, 0, 1]);
    // 40% (30th–70th percentiles): both inside the ½ mass, which covers 25%–75%.
    const narrow = bootstrapCI([2], mean([0, 1]), { rng: createRng('bs'), resamples: 4000, level: 0.4 });
    expect([narrow.lo, narrow.hi]).toEqual([0.5, 0.5]);
  });

  it('is reproducible from its seed and differs across seeds', () => {
    const v = Array.from({ length: 50 }, (_, i) => Math.sin(i) + i / 50);
    const a = bootstrapCI([50], mean(v), { rng: createRng(7), resamples: 500 });
    const b = bootstrapCI([50], mean(v), { rng: createRng(7), resamples: 500 });
    const c = bootstrapCI([50], mean(v), { rng: createRng(8), resamples: 500 });
    expect(b).toEqual(a);
    expect(c.lo).not.toBe(a.lo);
  });

  it('agrees with the normal approximation mean ± 1.96·sd/√n on 200 values', () => {
    const rng = createRng('data');
    const v = Array.from({ length: 200 }, () => rng.next());
    const m = v.reduce((s, x) => s + x, 0) / v.length;
    const sd = Math.sqrt(v.reduce((s, x) => s + (x - m) ** 2, 0) / (v.length - 1));
    const half = (1.96 * sd) / Math.sqrt(v.length);
    const ci = bootstrapCI([200], mean(v), { rng: createRng(1), resamples: 3000 });
    expect(ci.lo).toBeCloseTo(m - half, 2);
    expect(ci.hi).toBeCloseTo(m + half, 2);
  });

  it('constant data gives a zero-width interval; an empty group throws', () => {
    const ci = bootstrapCI([5], mean([0.8, 0.8, 0.8, 0.8, 0.8]), { rng: createRng(1), resamples: 100 });
    expect([ci.lo, ci.hi]).toEqual([0.8, 0.8]);
    expect(() => bootstrapCI([0], mean([]), { rng: createRng(1) })).toThrow(/at least one image/);
  });

  it('skips and counts resamples where the AUC is undefined (one class drawn)', () => {
    const labels = [0, 1];
    const scores = [0.2, 0.9];
    const ci = bootstrapCI([2], (idx) => aucAt(labels, scores, idx[0]!), { rng: createRng(3), resamples: 400 });
    expect(ci.estimate).toBe(1);
    // Half of the resamples of two images hold one class only.
    expect(ci.skipped! / 400).toBeGreaterThan(0.4);
    expect(ci.skipped! / 400).toBeLessThan(0.6);
    expect([ci.lo, ci.hi]).toEqual([1, 1]);
  });

  it('paired: the same indices for both models keep a constant difference exact', () => {
    const a = [0.9, 0.5, 0.7, 0.2, 0.6];
    const b = a.map((x) => x - 0.1);
    const ci = bootstrapCI([5], (idx) => meanAt(a, idx[0]!) - meanAt(b, idx[0]!), { rng: createRng(2), resamples: 300 });
    expect(ci.estimate).toBeCloseTo(0.1, 12);
    expect(ci.lo).toBeCloseTo(0.1, 12);
    expect(ci.hi).toBeCloseTo(0.1, 12);
  });

  it('over seeds: resamples each seed within its own test set and averages', () => {
    const seeds = [[1, 1, 1], [0, 0, 0, 0]];
    const ci = meanOverGroupsCI([3, 4], (g, ix) => meanAt(seeds[g]!, ix), { rng: createRng(4), resamples: 50 });
    expect([ci.estimate, ci.lo, ci.hi]).toEqual([0.5, 0.5, 0.5]);
  });
});

describe('Wilson interval', () => {
  it('matches hand-computed values', () => {
    // 5/10: centre ½, half-width z·√(0.025 + z²/400)/(1 + z²/10) = 0.26340
    const w = wilsonInterval(5, 10);
    expect(w.lo).toBeCloseTo(0.2366, 4);
    expect(w.hi).toBeCloseTo(0.7634, 4);
    // 0/10: [0, z²/n / (1 + z²/n)] = [0, 0.2775]
    const z = wilsonInterval(0, 10);
    expect(z.lo).toBe(0);
    expect(z.hi).toBeCloseTo(0.2775, 4);
    expect(wilsonInterval(0, 0).lo).toBeNaN();
    expect(() => wilsonInterval(11, 10)).toThrow(/successes <= n/);
  });
});

describe("McNemar's test", () => {
  it('exact binomial for few discordant pairs', () => {
    // b = 0, c = 5: p = 2·(½)⁵ = 0.0625
    const r = mcnemarFromCounts(0, 5);
    expect(r.method).toBe('exact');
    expect(r.p).toBeCloseTo(0.0625, 12);
    // b = 3, c = 3: 2·P(X ≤ 3 | n = 6) = 2·42/64 > 1 → 1
    expect(mcnemarFromCounts(3, 3).p).toBe(1);
    expect(mcnemarFromCounts(0, 0).p).toBe(1);
  });

  it('chi-square with continuity correction from 25 discordant pairs', () => {
    // (|10 − 30| − 1)² / 40 = 9.025 → p = 0.002663
    const r = mcnemarFromCounts(10, 30);
    expect(r.method).toBe('chi-square-cc');
    expect(r.statistic).toBeCloseTo(9.025, 12);
    expect(r.p).toBeCloseTo(0.002663, 5);
  });

  it('counts discordant pairs from per-image correctness', () => {
    const r = mcnemarTest([true, true, false, false, true], [false, true, true, true, true]);
    expect([r.b, r.c]).toEqual([1, 2]);
    expect(() => mcnemarTest([true], [true, false])).toThrow(/pair them/);
  });
});

describe('Bland–Altman', () => {
  it('bias and limits of agreement by hand', () => {
    // diffs −1, 1, 3: mean 1, sample SD √((4 + 0 + 4)/2) = 2, limits 1 ∓ 3.92
    const ba = blandAltman([10, 12, 14, NaN], [11, 11, 11, 11]);
    expect(ba.diffs).toEqual([-1, 1, 3]);
    expect(ba.means).toEqual([10.5, 11.5, 12.5]);
    expect(ba.meanDiff).toBe(1);
    expect(ba.sdDiff).toBeCloseTo(2, 12);
    expect(ba.lower).toBeCloseTo(-2.92, 12);
    expect(ba.upper).toBeCloseTo(4.92, 12);
    expect(ba.skipped).toBe(1);
    expect(maskAreaPercent(Uint8Array.from([1, 0, 0, 1]))).toBe(50);
    expect(() => blandAltman([1], [])).toThrow(/paired/);
  });
});

describe('Youden threshold', () => {
  it('picks the cut that maximises TPR − FPR and reproduces its calls with p > threshold', () => {
    const labels = [0, 0, 0, 1, 1, 1];
    const probs = [0.1, 0.2, 0.7, 0.6, 0.8, 0.9];
    // cuts: 0.9 → J = 1/3, 0.8 → 2/3, 0.7 → 2/3 − 1/3, 0.6 → 1 − 1/3 = 2/3; the highest cut with J = 2/3 is 0.8,
    // so the threshold is the midpoint of 0.8 and 0.7.
    const t = youdenThreshold(labels, probs);
    expect(t.source).toBe('youden');
    expect(t.j).toBeCloseTo(2 / 3, 12);
    expect(t.threshold).toBeCloseTo(0.75, 12);
    // Perfectly separable at 0.3 / 0.6: J = 1 at cut 0.6, next lower 0.3 → 0.45.
    expect(youdenThreshold([0, 0, 1, 1], [0.2, 0.3, 0.6, 0.95]).threshold).toBeCloseTo(0.45, 12);
    expect(youdenThreshold([1, 1], [0.2, 0.3])).toEqual({ threshold: 0.5, source: 'default', n: 2 });
    expect(chooseThreshold(0.3, [], [])).toEqual({ threshold: 0.3, source: 'fixed' });
    expect(() => chooseThreshold(2, [], [])).toThrow(/youden/);
  });
});

describe('seed aggregation', () => {
  it('mean ± sample std; one seed has no std; NaN runs are skipped and counted', () => {
    const s = summarizeSeeds([0.8, 0.9, NaN, 1.0]);
    expect(s.mean).toBeCloseTo(0.9, 12);
    expect(s.std).toBeCloseTo(0.1, 12); // √((0.01 + 0 + 0.01) / 2)
    expect([s.n, s.skipped]).toEqual([3, 1]);
    const one = summarizeSeeds([0.7]);
    expect(one.std).toBeNaN();
    expect(formatMeanStd(one)).toBe('0.700 ± —');
    expect(formatMeanStd(summarizeSeeds([NaN]))).toBe('—');
  });

  it('marks the best row by direction, ties included, NaN never best', () => {
    expect(bestRows('dice', [0.8, NaN, 0.9, 0.9])).toEqual([2, 3]);
    expect(bestRows('hd', [12, 9, NaN])).toEqual([1]);
    expect(bestRows('n', [1, 2])).toEqual([]);
    expect(bestRows('auc', [NaN, NaN])).toEqual([]);
  });
});
