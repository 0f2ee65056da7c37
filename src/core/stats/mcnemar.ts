// McNemar's test for paired accuracy (McNemar, Psychometrika 1947): two classifiers on the SAME images; only
// the discordant images count (b: A right and B wrong, c: A wrong and B right). Issue 10: "MultiMix beats UMTL"
// as a statement with a number.
import { chiSquare1Survival } from './normal';

export interface McNemarResult {
  /** Images the first model got right and the second wrong. */
  b: number;
  /** Images the first model got wrong and the second right. */
  c: number;
  /** Two-sided p-value. */
  p: number;
  /**
   * `exact`: two-sided binomial test of b against Binomial(b + c, ½), used when b + c < 25;
   * `chi-square-cc`: χ² = (|b − c| − 1)² / (b + c) with Edwards' continuity correction, 1 df, otherwise.
   */
  method: 'exact' | 'chi-square-cc';
  statistic?: number;
}

/** Below this many discordant pairs the exact binomial test is used (the usual rule of thumb). */
export const MCNEMAR_EXACT_BELOW = 25;

/** Two-sided exact binomial p-value: min(1, 2·P(X ≤ min(b, c))), X ~ Binomial(b + c, ½). */
function exactP(b: number, c: number): number {
  const n = b + c;
  const k = Math.min(b, c);
  let term = Math.pow(0.5, n); // C(n, 0)·½ⁿ
  let tail = term;
  for (let i = 1; i <= k; i++) {
    term = (term * (n - i + 1)) / i;
    tail += term;
  }
  return Math.min(1, 2 * tail);
}

/** From the discordant counts. b = c = 0 (no disagreement) gives p = 1. */
export function mcnemarFromCounts(b: number, c: number): McNemarResult {
  if (!Number.isInteger(b) || !Number.isInteger(c) || b < 0 || c < 0) {
    throw new Error(`mcnemarFromCounts: b and c must be counts >= 0, got ${b}, ${c}`);
  }
  if (b + c < MCNEMAR_EXACT_BELOW) return { b, c, p: b + c === 0 ? 1 : exactP(b, c), method: 'exact' };
  const statistic = (Math.abs(b - c) - 1) ** 2 / (b + c);
  return { b, c, p: chiSquare1Survival(statistic), method: 'chi-square-cc', statistic };
}

/** aCorrect[i], bCorrect[i]: whether each model classified image i correctly (same images, same order). */
export function mcnemarTest(aCorrect: readonly boolean[], bCorrect: readonly boolean[]): McNemarResult {
  if (aCorrect.length !== bCorrect.length) {
    throw new Error(`mcnemarTest: the two models were scored on ${aCorrect.length} and ${bCorrect.length} images; pair them first`);
  }
  let b = 0;
  let c = 0;
  aCorrect.forEach((a, i) => {
    if (a && !bCorrect[i]) b++;
    else if (!a && bCorrect[i]) c++;
  });
  return mcnemarFromCounts(b, c);
}
