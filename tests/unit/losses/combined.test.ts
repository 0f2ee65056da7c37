import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { useNodeBackend } from '../../../src/cli/node-backend';
import type { LossWeights } from '../../../src/core/config';
import { combineLosses } from '../../../src/core/losses';
import { NODE_BACKENDS } from '../support/backends';
import { expectValues, takeScalar } from './loss-test-helpers';

const PAPER: LossWeights = { alpha: 5, beta: 0.01, lambda: 0.25, threshold: 0.7 };

describe.each(NODE_BACKENDS)('combineLosses on %s', (backend) => {
  beforeAll(() => useNodeBackend(backend));

  it('computes cls + α·dice + λ·fixmatch + β·kl', () => {
    tf.tidy(() => {
      // .5 + 5·.2 + .25·.4 + .01·2 = .5 + 1 + .1 + .02 = 1.62
      const terms = { cls: tf.scalar(0.5), dice: tf.scalar(0.2), fixmatch: tf.scalar(0.4), kl: tf.scalar(2) };
      expectValues(combineLosses(terms, PAPER), 1.62);
    });
  });

  it('skips omitted terms', () => {
    tf.tidy(() => {
      // .5 + 5·.2 = 1.5
      expectValues(combineLosses({ cls: tf.scalar(0.5), dice: tf.scalar(0.2) }, PAPER), 1.5);
      // .25·.4 = .1
      expectValues(combineLosses({ fixmatch: tf.scalar(0.4) }, PAPER), 0.1);
    });
  });

  it('passes gradients scaled by each weight', () => {
    tf.tidy(() => {
      const f = (a: tf.Tensor, b: tf.Tensor, c: tf.Tensor, d: tf.Tensor) =>
        combineLosses({ cls: a as tf.Scalar, dice: b as tf.Scalar, fixmatch: c as tf.Scalar, kl: d as tf.Scalar }, PAPER);
      const grads = tf.grads(f)([tf.scalar(1), tf.scalar(1), tf.scalar(1), tf.scalar(1)]);
      expect(grads.map((g) => g.dataSync()[0])).toEqual([1, 5, 0.25, expect.closeTo(0.01, 7)]);
    });
  });

  it('rejects an empty term set and non-scalar terms', () => {
    tf.tidy(() => {
      expect(() => combineLosses({}, PAPER)).toThrow(/no loss terms given/);
      expect(() => combineLosses({ dice: tf.zeros([2]) as unknown as tf.Scalar }, PAPER)).toThrow(/dice must be a scalar, got shape \[2\]/);
    });
  });

  it('returns a new tensor even for a single unit-weight term (safe to dispose both)', () => {
    const cls = tf.scalar(0.7);
    const before = tf.memory().numTensors;
    const total = combineLosses({ cls }, PAPER);
    expect(total).not.toBe(cls);
    expect(tf.memory().numTensors).toBe(before + 1);
    expect(takeScalar(total)).toBeCloseTo(0.7, 6);
    cls.dispose();
  });
});
