// Wilson score interval for a proportion (Wilson, JASA 1927; recommended over the Wald interval by Brown, Cai &
// DasGupta, Statistical Science 2001): accuracy's CI in the results table (issue 10).
import type { ConfidenceInterval } from './bootstrap';
import { normalQuantile } from './normal';

/**
 * (p̂ + z²/2n ± z·√(p̂(1−p̂)/n + z²/4n²)) / (1 + z²/n), with p̂ = successes / n and z = Φ⁻¹((1+level)/2).
 * `successes` may be fractional (a mean accuracy × n). n = 0 gives NaN bounds. Throws for successes
 * outside [0, n].
 */
export function wilsonInterval(successes: number, n: number, level = 0.95): ConfidenceInterval {
  if (!(n >= 0) || !(successes >= 0 && successes <= n)) {
    throw new Error(`wilsonInterval: need 0 <= successes <= n, got ${successes} of ${n}`);
  }
  if (n === 0) return { estimate: NaN, lo: NaN, hi: NaN, level, method: 'wilson' };
  const z = normalQuantile((1 + level) / 2);
  const p = successes / n;
  const z2n = (z * z) / n;
  const centre = (p + z2n / 2) / (1 + z2n);
  const half = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / (1 + z2n);
  return { estimate: p, lo: Math.max(0, centre - half), hi: Math.min(1, centre + half), level, method: 'wilson' };
}
