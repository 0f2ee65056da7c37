// Averaging that tolerates undefined per-image values (NaN Hausdorff for an empty mask, etc.).

export interface FiniteMean {
  /** Mean of the finite values; NaN when there is none. */
  mean: number;
  /** How many values were averaged. */
  count: number;
  /** How many were skipped because they were NaN or ±Infinity. */
  skipped: number;
}

export function finiteMean(values: ArrayLike<number>): FiniteMean {
  let sum = 0;
  let count = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (Number.isFinite(v)) {
      sum += v;
      count++;
    }
  }
  return { mean: count === 0 ? NaN : sum / count, count, skipped: values.length - count };
}
