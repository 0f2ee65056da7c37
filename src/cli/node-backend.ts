// Selects a TensorFlow.js backend for Node (headless runner, benchmarks, unit tests).
// Only `cpu` and `wasm` exist in Node here: tfjs-node cannot be installed (its install downloads libtensorflow),
// and webgl/webgpu need a browser.
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { createRequire } from 'node:module';
import path from 'node:path';
import { installWasmKernelPatches } from '../core/model/wasm-kernel-patches';

export type NodeBackendName = 'cpu' | 'wasm';

let wasmPathsSet = false;

/** Directory holding tfjs-backend-wasm's `.wasm` binaries, with a trailing slash (setWasmPaths wants a prefix). */
export function wasmBinaryDirectory(): string {
  const require = createRequire(import.meta.url);
  const pkg = require.resolve('@tensorflow/tfjs-backend-wasm/package.json');
  return path.join(path.dirname(pkg), 'dist') + path.sep;
}

/**
 * Switches tfjs to `name` and waits until it is ready. Idempotent; switching back and forth is allowed
 * (each backend keeps its own tensors, so dispose or move tensors before switching).
 * Throws if the backend could not be initialised — tfjs would otherwise silently stay on the previous one.
 */
export async function useNodeBackend(name: NodeBackendName): Promise<void> {
  if (name !== 'cpu' && name !== 'wasm') {
    throw new Error(`useNodeBackend: backend "${String(name)}" is not available in Node; use "cpu" or "wasm"`);
  }
  if (name === 'wasm' && !wasmPathsSet) {
    // Must happen before the wasm backend is first initialised; a second call after that would throw.
    setWasmPaths(wasmBinaryDirectory());
    wasmPathsSet = true;
  }
  // Zero-copy Identity for wasm: halves the heap of a training pass (see wasm-kernel-patches.ts).
  installWasmKernelPatches();
  if (tf.getBackend() !== name) {
    const ok = await tf.setBackend(name);
    if (!ok) throw new Error(`useNodeBackend: tf.setBackend("${name}") failed to initialise the backend`);
  }
  await tf.ready();
  const active = tf.getBackend();
  if (active !== name) {
    throw new Error(`useNodeBackend: asked for the "${name}" backend but tfjs is running on "${active}"`);
  }
}
