// The MultiMix objective: L = L_cls + α·L_dice + λ·L_fixmatch + β·L_kl (paper: α 5, λ 0.25, β 0.01).
import * as tf from '@tensorflow/tfjs';
import { cachedScalar } from '../cached-constants';
import type { LossWeights } from '../config';

export interface LossTerms {
  cls?: tf.Scalar;
  dice?: tf.Scalar;
  fixmatch?: tf.Scalar;
  kl?: tf.Scalar;
}

/**
 * Weighted sum of the terms that are present; an omitted term is skipped (so a variant without, say, the
 * segmentation decoder simply leaves `dice` out). Throws when no term is given, since a zero loss with
 * no gradient path would silently train nothing.
 */
export function combineLosses(terms: LossTerms, weights: LossWeights): tf.Scalar {
  const weighted: Array<[tf.Scalar | undefined, number, string]> = [
    [terms.cls, 1, 'cls'],
    [terms.dice, weights.alpha, 'dice'],
    [terms.fixmatch, weights.lambda, 'fixmatch'],
    [terms.kl, weights.beta, 'kl'],
  ];
  const present = weighted.filter((w): w is [tf.Scalar, number, string] => w[0] !== undefined);
  if (present.length === 0) throw new Error('combineLosses: no loss terms given (expected any of cls, dice, fixmatch, kl)');
  for (const [t, w, name] of present) {
    if (t.rank !== 0) throw new Error(`combineLosses: term ${name} must be a scalar, got shape [${t.shape.join(', ')}]`);
    if (!Number.isFinite(w)) throw new Error(`combineLosses: weight for ${name} must be finite, got ${w}`);
  }
  return tf.tidy(() => tf.addN(present.map(([t, w]) => (w === 1 ? t : tf.mul(t, cachedScalar(w))))) as tf.Scalar);
}
