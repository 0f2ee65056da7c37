import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { useNodeBackend } from '../../../src/cli/node-backend';
import { onBackend, onEachBackend } from './backends';

describe('useNodeBackend', () => {
  it('switches between cpu and wasm and computes on each', async () => {
    const sums = await onEachBackend((name) => {
      expect(tf.getBackend()).toBe(name);
      return tf.tidy(() => tf.sum(tf.tensor1d([1, 2, 3.5])).dataSync()[0]);
    });
    expect(sums).toEqual({ cpu: 6.5, wasm: 6.5 });
  });

  it('restores the previous backend after onBackend', async () => {
    await useNodeBackend('cpu');
    await onBackend('wasm', () => expect(tf.getBackend()).toBe('wasm'));
    expect(tf.getBackend()).toBe('cpu');
  });

  it('rejects backends that do not exist in Node with a clear message', async () => {
    await expect(useNodeBackend('webgl' as 'cpu')).rejects.toThrow(/not available in Node/);
  });
});
