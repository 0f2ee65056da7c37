// Bland–Altman agreement (Bland & Altman, Lancet 1986) between predicted and true lung area, in % of the image
// (issue 10, item 8): mean difference (bias) and 95% limits of agreement, bias ± 1.96·SD of the differences.

export interface BlandAltman {
  /** Per pair: (predicted + true) / 2 and predicted − true, finite pairs only, in input order. */
  means: number[];
  diffs: number[];
  /** Mean of predicted − true. */
  meanDiff: number;
  /** Sample standard deviation (n − 1) of the differences; NaN for one pair. */
  sdDiff: number;
  /** meanDiff ∓ 1.96·sdDiff. */
  lower: number;
  upper: number;
  n: number;
  /** Pairs with a non-finite value, left out. */
  skipped: number;
}

export function blandAltman(predicted: ArrayLike<number>, truth: ArrayLike<number>): BlandAltman {
  if (predicted.length !== truth.length) {
    throw new Error(`blandAltman: ${predicted.length} predicted but ${truth.length} true values; they must be paired`);
  }
  const means: number[] = [];
  const diffs: number[] = [];
  for (let i = 0; i < predicted.length; i++) {
    const p = predicted[i] as number;
    const t = truth[i] as number;
    if (!Number.isFinite(p) || !Number.isFinite(t)) continue;
    means.push((p + t) / 2);
    diffs.push(p - t);
  }
  const n = diffs.length;
  const meanDiff = n === 0 ? NaN : diffs.reduce((s, d) => s + d, 0) / n;
  const sdDiff = n < 2 ? NaN : Math.sqrt(diffs.reduce((s, d) => s + (d - meanDiff) ** 2, 0) / (n - 1));
  return { means, diffs, meanDiff, sdDiff, lower: meanDiff - 1.96 * sdDiff, upper: meanDiff + 1.96 * sdDiff, n, skipped: predicted.length - n };
}

/** Foreground share of a binary (0 / non-zero) mask in % of its pixels. */
export function maskAreaPercent(mask: ArrayLike<number>): number {
  if (mask.length === 0) return NaN;
  let on = 0;
  for (let i = 0; i < mask.length; i++) if (mask[i]) on++;
  return (100 * on) / mask.length;
}
