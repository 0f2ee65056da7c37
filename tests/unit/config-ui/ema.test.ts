import { describe, expect, it } from 'vitest';
import { DebiasedEma, debiasedEma } from '../../../src/app/panels/curves/ema';

describe('debiased EMA (TensorBoard smoothing)', () => {
  it('matches hand-computed values for β = 0.5', () => {
    // m1 = 0.5·0 + 0.5·2 = 1      → 1 / (1 − 0.5)   = 2
    // m2 = 0.5·1 + 0.5·4 = 2.5    → 2.5 / (1 − 0.25) = 3.3333…
    // m3 = 0.5·2.5 + 0.5·0 = 1.25 → 1.25 / (1 − 0.125) = 1.428571…
    const out = debiasedEma([2, 4, 0], 0.5);
    expect(out[0]).toBeCloseTo(2, 12);
    expect(out[1]).toBeCloseTo(10 / 3, 12);
    expect(out[2]).toBeCloseTo(10 / 7, 12);
  });

  it('matches hand-computed values for β = 0.9', () => {
    // m1 = 0.1·10 = 1 → 1/0.1 = 10;  m2 = 0.9 + 0.1·20 = 2.9 → 2.9/0.19 = 15.263157…
    const out = debiasedEma([10, 20], 0.9);
    expect(out[0]).toBeCloseTo(10, 12);
    expect(out[1]).toBeCloseTo(2.9 / 0.19, 12);
  });

  it('is the identity for β = 0 and constant on a constant series', () => {
    expect(debiasedEma([3, -1, 7], 0)).toEqual([3, -1, 7]);
    for (const v of debiasedEma([5, 5, 5, 5], 0.99)) expect(v).toBeCloseTo(5, 10);
  });

  it('passes NaN through without disturbing the following points', () => {
    const out = debiasedEma([2, Number.NaN, 4, Number.POSITIVE_INFINITY], 0.5);
    expect(out[0]).toBeCloseTo(2, 12);
    expect(out[1]).toBeNaN();
    expect(out[2]).toBeCloseTo(10 / 3, 12); // as if the NaN were not there
    expect(out[3]).toBeNaN();
  });

  it('gives the same values incrementally as over the whole series', () => {
    const xs = [1, 0.5, 0.8, 0.3, 0.2, 0.25];
    const inc = new DebiasedEma(0.6);
    expect(xs.map((x) => inc.push(x))).toEqual(debiasedEma(xs, 0.6));
  });

  it('rejects smoothing outside [0, 1)', () => {
    expect(() => new DebiasedEma(1)).toThrow(/\[0, 1\)/);
    expect(() => new DebiasedEma(-0.1)).toThrow(/got -0.1/);
  });
});
