// Constant tensors made once per backend and kept, instead of on every training step (issue 8, "remove avoidable
// uploads"). `tf.mul(x, 0.25)` turns 0.25 into a new scalar tensor each call — an upload to the device (a GPU
// buffer write on webgpu/webgl, a heap copy on wasm) plus a dispose; a MultiMix step made ~200 of them in its
// layers (instance-norm epsilon, dropout scale, upsampling weights, the wasm conv's tap-reversal matrix).
//
// The cache belongs to the active backend *instance*: when tfjs switches backend (or a backend is removed and
// registered again), the old constants are disposed and the next call makes them anew on the new backend. So
// `tf.memory().numTensors` counts each kept constant once — it grows by the constants a code path uses the
// first time it runs on a backend, never across steps.
//
// The tensors are shared and immutable: callers use them as operands and must never dispose them (a disposed
// entry is detected and made again, so a stray dispose costs an upload, not a crash).
import * as tf from '@tensorflow/tfjs';

interface ConstantCache {
  backend: tf.KernelBackend;
  tensors: Map<string, tf.Tensor>;
}

let cache: ConstantCache | undefined;

function currentCache(): ConstantCache {
  const backend = tf.backend();
  if (cache?.backend !== backend) {
    disposeCachedConstants();
    cache = { backend, tensors: new Map() };
  }
  return cache;
}

/**
 * The constant tensor `make()` returns, made on the first call for `key` on the active backend and kept
 * (outside every tidy scope) until the backend changes. `make` must be deterministic for its key. The result
 * is shared: never dispose it.
 */
export function cachedConstant<T extends tf.Tensor>(key: string, make: () => T): T {
  const c = currentCache();
  const hit = c.tensors.get(key);
  if (hit && !hit.isDisposed) return hit as T;
  const t = tf.keep(tf.tidy(make));
  c.tensors.set(key, t);
  return t;
}

/**
 * A float32 scalar holding `value` rounded to float32 — exactly what tfjs makes from a JS number operand
 * (`tf.mul(x, value)`), so replacing the number by this scalar changes no result bit. Shared: never dispose.
 */
export function cachedScalar(value: number): tf.Scalar {
  // Object.is keeps −0 and 0 apart (they differ under division); String() of any other number is exact.
  const key = `scalar/${Object.is(value, -0) ? '-0' : String(value)}`;
  return cachedConstant(key, () => tf.scalar(value, 'float32'));
}

/** Number of constants the cache holds on the active backend (tests: they are counted once in numTensors). */
export function cachedConstantCount(): number {
  return cache?.backend === tf.backend() ? cache.tensors.size : 0;
}

/**
 * Disposes every cached constant (the next call makes them again). Called on a backend switch; tests call it to
 * start from an empty cache.
 */
export function disposeCachedConstants(): void {
  if (!cache) return;
  for (const t of cache.tensors.values()) {
    // A backend that was removed has already freed its data; disposing its tensors may then throw.
    try {
      t.dispose();
    } catch {
      /* already gone with its backend */
    }
  }
  cache = undefined;
}
