// Selects a TensorFlow.js backend for Node (headless runner, benchmarks, unit tests).
// `cpu` and `wasm` always work; tfjs-node cannot be installed (its install downloads libtensorflow).
// `webgpu` runs tfjs-backend-webgpu on Dawn's Node bindings (the optional `webgpu` npm package, which ships
// dawn.node for linux/mac/windows in its tarball; it needs libvulkan1 and a Vulkan driver on Linux). Where no
// adapter is found (this GPU-less machine), useNodeBackend('webgpu') throws WebGpuUnavailableError saying why.
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { createRequire } from 'node:module';
import path from 'node:path';
import { installWasmKernelPatches } from '../core/model/wasm-kernel-patches';

export type NodeBackendName = 'cpu' | 'wasm' | 'webgpu';
export const NODE_BACKEND_NAMES: readonly NodeBackendName[] = ['cpu', 'wasm', 'webgpu'];

export class WebGpuUnavailableError extends Error {
  readonly code = 'webgpu-unavailable';
}

let webgpuSetup: Promise<string> | undefined;

/**
 * Puts Dawn's `navigator.gpu` into this Node process and registers tfjs' webgpu backend on it. Resolves with a
 * description of the adapter; rejects with WebGpuUnavailableError when the package or an adapter is missing.
 */
export function setUpNodeWebGpu(): Promise<string> {
  webgpuSetup ??= (async () => {
    let dawn: { create(flags: string[]): GPU; globals: object };
    try {
      dawn = (await import('webgpu')) as unknown as typeof dawn;
    } catch (e) {
      throw new WebGpuUnavailableError(`the optional "webgpu" npm package (Dawn for Node) could not be loaded: ${e instanceof Error ? e.message : String(e)}`);
    }
    const gpu = dawn.create([]);
    const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
    if (!adapter) {
      throw new WebGpuUnavailableError(
        'no WebGPU adapter found: Dawn saw no Vulkan GPU (this needs a GPU, its Vulkan driver and libvulkan1; a GPU-less machine has none)',
      );
    }
    Object.assign(globalThis, dawn.globals);
    const g = globalThis as unknown as { navigator?: { gpu?: GPU } };
    if (g.navigator) Object.defineProperty(g.navigator, 'gpu', { value: gpu, configurable: true });
    else Object.defineProperty(globalThis, 'navigator', { value: { gpu }, configurable: true });
    // tfjs-backend-webgpu registers its backend at import time only if navigator.gpu exists, hence this order.
    await import('@tensorflow/tfjs-backend-webgpu');
    const info = adapter.info;
    return `${info.vendor || 'unknown vendor'} ${info.architecture || ''} ${info.description || info.device || ''}`.replace(/\s+/g, ' ').trim() +
      ((adapter as unknown as { isFallbackAdapter?: boolean }).isFallbackAdapter ? ' (fallback adapter: runs on the CPU)' : '');
  })();
  return webgpuSetup;
}

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
  if (!NODE_BACKEND_NAMES.includes(name)) {
    throw new Error(`useNodeBackend: backend "${String(name)}" is not available in Node; use ${NODE_BACKEND_NAMES.join(', ')}`);
  }
  if (name === 'webgpu') await setUpNodeWebGpu();
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
