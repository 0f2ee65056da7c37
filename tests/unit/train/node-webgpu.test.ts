// Issue 8: WebGPU in Node through Dawn (the optional `webgpu` package). On a machine with a GPU, one full
// MultiMix step on webgpu must match cpu; on a GPU-less machine the test is skipped with Dawn's reason.
import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { setUpNodeWebGpu, useNodeBackend, WebGpuUnavailableError } from '../../../src/cli/node-backend';
import { compareStepGradients } from '../../../src/core/train/gradient-check';

describe('webgpu backend in Node (Dawn)', () => {
  it('matches cpu on one MultiMix step, or is skipped with the reason no adapter was found', async (ctx) => {
    try {
      await setUpNodeWebGpu();
    } catch (e) {
      if (!(e instanceof WebGpuUnavailableError)) throw e;
      expect(e.message).toMatch(/no WebGPU adapter found|could not be loaded/);
      ctx.skip(`webgpu: ${e.message}`);
      return;
    }
    const { results } = await compareStepGradients(['cpu', 'webgpu'], (b) => useNodeBackend(b as 'cpu' | 'webgpu'), { size: 32, m: 2, widthMultiplier: 0.25, leakSteps: 2 });
    const webgpu = results.find((r) => r.backend === 'webgpu');
    expect(webgpu?.error).toBeUndefined();
    expect(webgpu?.maxRelativeError).toBeLessThanOrEqual(1e-4);
    expect(webgpu?.maxTermDifference).toBeLessThanOrEqual(1e-5);
    expect(webgpu?.tensorsAfterLastStep).toBe(webgpu?.tensorsAfterFirstStep);
  });

  it('useNodeBackend("webgpu") activates webgpu, or fails with a specific reason instead of staying on another backend', async () => {
    const ok = await setUpNodeWebGpu().then(() => true, () => false);
    if (!ok) {
      await expect(useNodeBackend('webgpu')).rejects.toThrow(WebGpuUnavailableError);
      return;
    }
    await useNodeBackend('webgpu');
    expect(tf.getBackend()).toBe('webgpu');
    await useNodeBackend('wasm');
  });
});
