// Runs the core training engine in a real browser on each tfjs backend, for the cross-backend gradient test
// and the browser benchmark. Exposes `window.mmwEngine`; results are plain JSON for playwright.
import * as tf from '@tensorflow/tfjs';
import { availableBackends, tryBackend } from '../../../src/platform/backend';
import type { BackendName } from '../../../src/core/config';
import { compareStepGradients, type GradientCheckOptions } from '../../../src/core/train/gradient-check';
import { runTrainingBenchmark, type BenchmarkOptions } from '../../../src/core/train/benchmark';

async function use(backend: BackendName): Promise<void> {
  const attempt = await tryBackend(backend);
  if (!attempt.ok) throw new Error(`backend ${backend} unavailable: ${attempt.error}`);
}

const engine = {
  availableBackends,
  async gradientCheck(backends: BackendName[], opts: GradientCheckOptions) {
    return compareStepGradients(backends, use, opts);
  },
  async bench(backend: BackendName, opts: Omit<BenchmarkOptions, 'onStep'>) {
    await use(backend);
    const log: string[] = [];
    const result = await runTrainingBenchmark({ ...opts, onStep: (i, ms, warm) => log.push(`${warm ? 'warm-up' : 'step'} ${i + 1}: ${(ms / 1000).toFixed(2)} s`) });
    return { result, log, backend: tf.getBackend() };
  },
};

declare global {
  interface Window {
    mmwEngine: typeof engine;
  }
}
window.mmwEngine = engine;
document.body.dataset.ready = 'true';
