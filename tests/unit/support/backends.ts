// Shared helpers for unit tests that must hold on every Node backend (cpu and wasm).
import * as tf from '@tensorflow/tfjs';
import { useNodeBackend, type NodeBackendName } from '../../../src/cli/node-backend';

export const NODE_BACKENDS: readonly NodeBackendName[] = ['cpu', 'wasm'];

/**
 * Runs `fn` on `name` and switches back to the backend that was active before, even if `fn` throws.
 * Tensors created inside belong to that backend: read them out (`arraySync`, `dataSync`) before returning.
 */
export async function onBackend<T>(name: NodeBackendName, fn: () => T | Promise<T>): Promise<T> {
  const previous = tf.getBackend() as NodeBackendName | undefined;
  await useNodeBackend(name);
  try {
    return await fn();
  } finally {
    if (previous && previous !== name && (previous === 'cpu' || previous === 'wasm')) await useNodeBackend(previous);
  }
}

/** Runs `fn` once per Node backend and returns the results keyed by backend name. */
export async function onEachBackend<T>(fn: (backend: NodeBackendName) => T | Promise<T>): Promise<Record<NodeBackendName, T>> {
  const out: Partial<Record<NodeBackendName, T>> = {};
  for (const name of NODE_BACKENDS) out[name] = await onBackend(name, () => fn(name));
  return out as Record<NodeBackendName, T>;
}

/** Relative error of whole vectors: ||a-b|| / ||b||. Robust to a few tiny entries, unlike the elementwise max. */
export function relativeL2Error(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`relativeL2Error: lengths differ (${a.length} vs ${b.length})`);
  let num = 0;
  let den = 0;
  for (let i = 0; i < a.length; i++) {
    const d = (a[i] as number) - (b[i] as number);
    num += d * d;
    den += (b[i] as number) ** 2;
  }
  return den === 0 ? Math.sqrt(num) : Math.sqrt(num / den);
}
