// Statistics for research comparisons (issue 10): pure functions on plain arrays, seeded where random.
export * from './normal';
export * from './bootstrap';
export * from './wilson';
export * from './mcnemar';
export * from './bland-altman';
export * from './threshold';
export * from './directions';
export * from './aggregate';
