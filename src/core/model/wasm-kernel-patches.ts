// Replaces tfjs-backend-wasm 4.22's Identity kernel with a zero-copy one.
//
// tfjs clones every tensor a kernel saves for its gradient (engine.saveTensorsForBackwardMode → Identity).
// The cpu backend's Identity shares the buffer and bumps a reference count; the wasm one copies it. For a
// MultiMix training pass that means every saved activation exists twice in the wasm heap: 128 px, batch 10
// grew the heap to 2.9 GB (the wasm32 limit is 4 GB) and 256 px, batch 10 ran out of memory. tfjs tensors
// are immutable (no kernel writes into an input), so sharing is invisible to callers; the wasm backend
// already does exactly this for Reshape.
//
// Lives in core (not in the Node/browser backend setup) because it only touches the kernel registry, which
// is global per tfjs instance; call it once after the wasm backend is registered, before training.
import * as tf from '@tensorflow/tfjs';

let patched = false;

/** Idempotent. Safe to call when the wasm backend is not registered (then it does nothing). */
export function installWasmKernelPatches(): void {
  if (patched) return;
  if (!tf.findBackendFactory('wasm')) return;
  if (tf.getKernel('Identity', 'wasm')) tf.unregisterKernel('Identity', 'wasm');
  tf.registerKernel({
    kernelName: 'Identity',
    backendName: 'wasm',
    kernelFunc: ({ inputs, backend }) => {
      const x = (inputs as { x: tf.TensorInfo }).x;
      if (x.dtype === 'string') throw new Error('wasm Identity patch: string tensors are not supported');
      (backend as tf.KernelBackend).incRef(x.dataId);
      return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
    },
  });
  patched = true;
}

/** Whether installWasmKernelPatches() has replaced the kernel in this tfjs instance. */
export function wasmKernelPatchesInstalled(): boolean {
  return patched;
}
