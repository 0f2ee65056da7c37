// Debiased exponential moving average, as TensorBoard's smoothing slider:
//   m_t = β·m_{t-1} + (1−β)·x_t,  m_0 = 0,  ema_t = m_t / (1 − β^t)   (t counts finite points from 1)
// Without the division the curve would start near 0 and crawl up; the debiasing makes ema_1 = x_1.
// Non-finite values (a NaN loss, a FixMatch term that is undefined) are passed through as NaN and do not
// disturb the average, so one bad point does not poison the rest of the curve.

/** Running state, so live curves can be extended one point at a time without recomputing the past. */
export class DebiasedEma {
  private m = 0;
  private t = 0;

  constructor(readonly beta: number) {
    if (!(beta >= 0 && beta < 1)) throw new RangeError(`EMA smoothing must be in [0, 1) (got ${beta})`);
  }

  /** Feeds one value and returns the smoothed value at this point. */
  push(x: number): number {
    if (!Number.isFinite(x)) return Number.NaN;
    this.t += 1;
    this.m = this.beta * this.m + (1 - this.beta) * x;
    // β = 0 means no smoothing; 1 − 0^t is 1 for every t ≥ 1.
    return this.m / (1 - Math.pow(this.beta, this.t));
  }
}

/** The smoothed series of `values` (same length). */
export function debiasedEma(values: readonly number[], beta: number): number[] {
  const ema = new DebiasedEma(beta);
  return values.map((v) => ema.push(v));
}
