// Seeded random streams. There is no global random state anywhere in the core: every function that
// needs randomness takes an Rng, and every run derives all its streams from the run's seed.
// Built on `seedrandom` (the PRNG library tfjs itself uses) with the `alea` generator.
import seedrandom from 'seedrandom';

export interface Rng {
  /** Uniform float in [0, 1). */
  next(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  /** Uniform float in [lo, hi). */
  uniform(lo: number, hi: number): number;
  /** A fresh 31-bit integer, e.g. for tfjs ops that take a `seed` argument. */
  seed(): number;
  /** An independent stream derived from this one and a label (same label, same stream). */
  fork(label: string): Rng;
  /** Fisher–Yates shuffle of a copy. */
  shuffle<T>(items: readonly T[]): T[];
}

export function createRng(seed: number | string): Rng {
  const base = String(seed);
  const prng = seedrandom.alea(base);
  const rng: Rng = {
    next: () => prng(),
    int: (n) => Math.floor(prng() * n),
    uniform: (lo, hi) => lo + (hi - lo) * prng(),
    seed: () => Math.floor(prng() * 0x7fffffff),
    fork: (label) => createRng(`${base}/${label}`),
    shuffle: <T>(items: readonly T[]): T[] => {
      const out = items.slice();
      for (let i = out.length - 1; i > 0; i--) {
        const j = Math.floor(prng() * (i + 1));
        [out[i], out[j]] = [out[j] as T, out[i] as T];
      }
      return out;
    },
  };
  return rng;
}
