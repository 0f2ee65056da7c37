// The cached-constant helper (src/core/cached-constants.ts, issue 8): a constant is made once per backend and
// kept, counted once in tf.memory(), disposed when the backend changes, and bit-equal to the scalar tfjs makes
// from a JS number.
import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { useNodeBackend } from '../../../src/cli/node-backend';
import { cachedConstant, cachedConstantCount, cachedScalar, disposeCachedConstants } from '../../../src/core/cached-constants';

describe('cached constants', () => {
  it('makes a constant once per backend, outside tidy scopes, and counts it once', async () => {
    await useNodeBackend('wasm');
    disposeCachedConstants();
    const before = tf.memory().numTensors;
    const a = tf.tidy(() => cachedScalar(0.25));
    const b = tf.tidy(() => cachedScalar(0.25));
    expect(a).toBe(b);
    expect(a.isDisposed).toBe(false);
    expect(cachedConstantCount()).toBe(1);
    const m = cachedConstant('test/matrix', () => tf.tidy(() => tf.eye(3)));
    expect(cachedConstant('test/matrix', () => tf.zeros([3, 3]))).toBe(m);
    expect(tf.memory().numTensors).toBe(before + 2);
    // 0 and −0 are different constants (they differ under division).
    expect(cachedScalar(-0)).not.toBe(cachedScalar(0));
    expect(1 / cachedScalar(-0).dataSync()[0]!).toBe(-Infinity);
  });

  it('holds exactly the float32 value tfjs makes from the same JS number', async () => {
    await useNodeBackend('cpu');
    for (const v of [0.1, 1 - 0.9, 1 - 0.999, 1e-7, 1e-5, 1 / 0.9, 0.75]) {
      const theirs = tf.scalar(v);
      expect(cachedScalar(v).dataSync()[0]).toBe(theirs.dataSync()[0]);
      expect(cachedScalar(v).dataSync()[0]).toBe(Math.fround(v));
      theirs.dispose();
    }
  });

  it('disposes the old backend\'s constants on a backend switch and remakes a disposed one', async () => {
    await useNodeBackend('cpu');
    const onCpu = cachedScalar(3);
    await useNodeBackend('wasm');
    const onWasm = cachedScalar(3);
    expect(onCpu.isDisposed).toBe(true);
    expect(onWasm).not.toBe(onCpu);
    expect(cachedConstantCount()).toBe(1);
    onWasm.dispose(); // a stray dispose: the next call makes it again instead of failing
    const again = cachedScalar(3);
    expect(again.isDisposed).toBe(false);
    expect(again.dataSync()[0]).toBe(3);
  });
});
