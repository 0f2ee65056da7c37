import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { seededDropout, seededDropoutReference } from '../../../src/core/model/layers';
import { NODE_BACKENDS, onBackend, onEachBackend } from '../support/backends';
import { values } from '../support/tensors';

describe('seededDropout', () => {
  it('gives the same mask for the same seed on cpu and wasm, another for another seed', async () => {
    const r = await onEachBackend(() =>
      tf.tidy(() => {
        const x = tf.ones([4, 8, 8, 2]);
        return { a: values(seededDropout(x, 0.25, 123)), b: values(seededDropout(x, 0.25, 124)) };
      }),
    );
    expect(r.wasm.a).toEqual(r.cpu.a);
    expect(r.cpu.a).not.toEqual(r.cpu.b);
    // Kept entries are scaled by 1/(1−0.25); about a quarter of 512 are dropped.
    expect(new Set(r.cpu.a)).toEqual(new Set([0, Math.fround(4 / 3)]));
    const dropped = r.cpu.a.filter((v) => v === 0).length;
    expect(dropped).toBeGreaterThan(512 * 0.25 - 40);
    expect(dropped).toBeLessThan(512 * 0.25 + 40);
  });

  it.each(NODE_BACKENDS)('on %s: gradient is the same mask times 1/(1−rate), like the autodiff reference', async (backend) => {
    const r = await onBackend(backend, () =>
      tf.tidy(() => {
        const x = tf.range(1, 65).reshape([1, 8, 8, 1]);
        const dy = tf.range(0, 64).reshape([1, 8, 8, 1]).mul(0.5);
        const grad = (f: typeof seededDropout) => values(tf.grad((t: tf.Tensor) => tf.sum(tf.mul(f(t, 0.4, 7), dy)))(x));
        return { y: values(seededDropout(x, 0.4, 7)), yRef: values(seededDropoutReference(x, 0.4, 7)), g: grad(seededDropout), gRef: grad(seededDropoutReference) };
      }),
    );
    expect(r.y).toEqual(r.yRef);
    expect(r.g).toEqual(r.gRef);
    r.y.forEach((v, i) => expect(r.g[i]).toBeCloseTo(v === 0 ? 0 : (i * 0.5) / 0.6, 5));
  });

  it('rate 0 is the identity; bad arguments are named', () => {
    const x = tf.tensor1d([1, 2, 3]);
    expect(values(seededDropout(x, 0, 1))).toEqual([1, 2, 3]);
    expect(() => seededDropout(x, 1, 1)).toThrow(/rate must be in \[0, 1\), got 1/);
    expect(() => seededDropout(x, 0.5, 1.5)).toThrow(/seed must be an integer, got 1.5/);
    x.dispose();
  });
});
