// Runs the core training engine in a real browser on each tfjs backend, for the cross-backend gradient test
// and the browser benchmark. Exposes `window.mmwEngine`; results are plain JSON for playwright.
import * as tf from '@tensorflow/tfjs';
import { availableBackends, setWasmThreads, tryBackend, wasmThreading } from '../../../src/platform/backend';
import type { BackendName } from '../../../src/core/config';
import { compareStepGradients, type GradientCheckOptions } from '../../../src/core/train/gradient-check';
import { runTrainingBenchmark, type BenchmarkOptions } from '../../../src/core/train/benchmark';

async function use(backend: BackendName): Promise<void> {
  const attempt = await tryBackend(backend);
  if (!attempt.ok) throw new Error(`backend ${backend} unavailable: ${attempt.error}`);
}

// ?threads=N pins the wasm thread pool (it can only be set before wasm first starts in this page).
const threadsParam = new URLSearchParams(location.search).get('threads');
if (threadsParam) setWasmThreads(Number(threadsParam));

const engine = {
  availableBackends,
  /** Cross-origin isolation and the wasm thread count (initialises wasm if it was not yet). */
  async wasmThreading() {
    await use('wasm');
    return wasmThreading();
  },
  /** A 256×256 matMul on (threaded) wasm against the same product on cpu: the pool computes correctly. */
  async wasmMatMulCheck() {
    const a = Array.from({ length: 256 * 256 }, (_, i) => ((i * 7919) % 257) / 257 - 0.5);
    const product = async (b: BackendName) => {
      await use(b);
      const x = tf.tensor2d(a, [256, 256]);
      const y = tf.matMul(x, x);
      const v = await y.data();
      tf.dispose([x, y]);
      return v;
    };
    const w = await product('wasm');
    const c = await product('cpu');
    await use('wasm');
    return w.every((v, i) => Math.abs(v - (c[i] as number)) <= 1e-4 * (1 + Math.abs(c[i] as number)));
  },
  async gradientCheck(backends: BackendName[], opts: GradientCheckOptions) {
    return compareStepGradients(backends, use, opts);
  },
  async bench(backend: BackendName, opts: Omit<BenchmarkOptions, 'onStep'>) {
    await use(backend);
    const log: string[] = [];
    const result = await runTrainingBenchmark({ ...opts, onStep: (i, ms, warm) => log.push(`${warm ? 'warm-up' : 'step'} ${i + 1}: ${(ms / 1000).toFixed(2)} s`) });
    return { result, log, backend: tf.getBackend(), threading: backend === 'wasm' ? wasmThreading() : undefined };
  },
};

declare global {
  interface Window {
    mmwEngine: typeof engine;
  }
}
window.mmwEngine = engine;
(window as unknown as { tf: typeof tf }).tf = tf;
document.body.dataset.ready = 'true';
