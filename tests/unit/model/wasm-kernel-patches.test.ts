import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { wasmKernelPatchesInstalled } from '../../../src/core/model/wasm-kernel-patches';
import { onBackend } from '../support/backends';

describe('zero-copy Identity on wasm (installed by useNodeBackend)', () => {
  it('clones without new memory, and a clone outlives its source with the right values', async () => {
    await onBackend('wasm', () => {
      expect(wasmKernelPatchesInstalled()).toBe(true);
      const a = tf.tensor1d([1, 2, 3, 4]);
      const buffers = tf.memory().numDataBuffers;
      const b = a.clone();
      expect(tf.memory().numDataBuffers).toBe(buffers); // one shared, reference-counted buffer
      a.dispose();
      expect(Array.from(b.dataSync())).toEqual([1, 2, 3, 4]);
      const c = tf.add(b, 1);
      expect(Array.from(c.dataSync())).toEqual([2, 3, 4, 5]);
      expect(Array.from(b.dataSync())).toEqual([1, 2, 3, 4]); // kernels never write into their inputs
      tf.dispose([b, c]);
    });
  });

  it('keeps tensors a gradient saved intact (tape clones use Identity)', async () => {
    const g = await onBackend('wasm', () =>
      tf.tidy(() => Array.from(tf.grad((x: tf.Tensor) => tf.sum(tf.mul(x, x)))(tf.tensor1d([1, -2, 3])).dataSync())),
    );
    expect(g).toEqual([2, -4, 6]);
  });
});
