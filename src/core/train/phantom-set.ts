// A small training set of synthetic chest phantoms (never real data) for benchmarks and engine checks, where
// the cost and the numerics of a step matter but the content of the images does not.
import type { Rng } from '../rng';
import { generatePhantoms } from '../data';
import type { TrainingSet } from './data';

/** `count` phantoms: the first half labeled (mask + class), the second half as unlabeled images. */
export function phantomTrainingSet(size: number, count: number, rng: Rng): TrainingSet {
  const imgs = generatePhantoms({ count, size }, rng).map((p) => ({ pixels: p.pixels, mask: p.mask, label: p.label, id: p.key }));
  const half = Math.floor(count / 2);
  const unlabeled = imgs.slice(half).map((s) => ({ pixels: s.pixels, id: s.id }));
  return {
    size,
    labeledSeg: imgs.slice(0, half),
    unlabeledSeg: unlabeled,
    labeledCls: imgs.slice(0, half),
    unlabeledCls: unlabeled,
    valSeg: [],
    valCls: [],
  };
}
