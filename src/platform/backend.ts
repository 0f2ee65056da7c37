// Browser backend ladder: WebGPU → WebGL → WASM → CPU, chosen by actually initialising each one.
// `tf.setBackend` resolves false (or throws) when a backend cannot start — e.g. WebGPU without an adapter — and
// tfjs would then silently stay on whatever it had, so the active backend is always read back and checked.
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgpu';
import { getThreadsCount, setThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
// Vite serves these binaries as hashed static assets of the app itself (no CDN: nothing leaves the machine).
import wasmPlainUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreadedUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { BACKENDS, type BackendName } from '../core/config';
import { installWasmKernelPatches } from '../core/model/wasm-kernel-patches';

export const BACKEND_LADDER: readonly BackendName[] = BACKENDS;

let wasmConfigured = false;
let wasmThreadsWanted: number | undefined;

/**
 * Threads for the wasm backend (XNNPACK's pool); default one per logical core. Only takes effect before the
 * wasm backend is first initialised in this page or worker (tfjs cannot resize the pool afterwards).
 */
export function setWasmThreads(n: number): void {
  if (!(Number.isInteger(n) && n >= 1)) throw new Error(`setWasmThreads: thread count must be an integer >= 1, got ${n}`);
  wasmThreadsWanted = n;
}

function configureWasm(): void {
  if (wasmConfigured) return;
  setWasmPaths({
    'tfjs-backend-wasm.wasm': wasmPlainUrl,
    'tfjs-backend-wasm-simd.wasm': wasmSimdUrl,
    'tfjs-backend-wasm-threaded-simd.wasm': wasmThreadedUrl,
  });
  // The threaded SIMD binary needs SharedArrayBuffer, i.e. a cross-origin-isolated page (COOP/COEP headers
  // from vite.config.ts, or public/coi-serviceworker.js on static hosts); elsewhere tfjs uses one thread.
  const cores = typeof navigator !== 'undefined' ? navigator.hardwareConcurrency || 1 : 1;
  setThreadsCount(wasmThreadsWanted ?? cores);
  // One thread needs no pthread pool: the single-threaded SIMD binary (same kernels) starts without spawning a
  // worker and compiling the threaded module. The inference worker runs one thread (issue 9); this is most of
  // its start on a first visit, which has to show the example prediction within 5 s.
  if (wasmThreadsWanted === 1) tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  wasmConfigured = true;
}

/**
 * tfjs-backend-wasm 4.22 caps its XNNPACK pool at navigator.hardwareConcurrency / 2 (backend.cc assumes two
 * hyperthreads per core), so on a 2-core machine it runs ONE thread whatever setThreadsCount says, and on an
 * 8-thread laptop four. The cap is read once, while the wasm module instantiates; reporting twice the logical
 * cores during that moment makes the cap the real logical-core count. Restored right after. Returns the undo.
 */
function liftWasmThreadCap(): () => void {
  if (typeof navigator === 'undefined' || typeof crossOriginIsolated === 'undefined' || !crossOriginIsolated) return () => {};
  const cores = navigator.hardwareConcurrency || 1;
  try {
    Object.defineProperty(navigator, 'hardwareConcurrency', { value: 2 * cores, configurable: true });
  } catch {
    return () => {};
  }
  return () => {
    delete (navigator as unknown as { hardwareConcurrency?: number }).hardwareConcurrency;
  };
}

export interface WasmThreading {
  /** Whether this page/worker is cross-origin isolated (SharedArrayBuffer available). */
  crossOriginIsolated: boolean;
  /** XNNPACK threads the wasm backend runs with (1 without isolation). */
  threads: number;
  /** Logical cores the browser reports. */
  cores: number;
}

/** How the initialised wasm backend is threaded; undefined before wasm was initialised. */
export function wasmThreading(): WasmThreading | undefined {
  let threads: number;
  try {
    threads = getThreadsCount();
  } catch {
    return undefined;
  }
  return {
    crossOriginIsolated: typeof crossOriginIsolated !== 'undefined' && crossOriginIsolated,
    threads,
    cores: typeof navigator !== 'undefined' ? navigator.hardwareConcurrency || 1 : 1,
  };
}

export interface BackendAttempt {
  backend: BackendName;
  ok: boolean;
  error?: string;
}

/** Tries to make `name` the active backend; never throws. */
export async function tryBackend(name: BackendName): Promise<BackendAttempt> {
  try {
    if (name === 'wasm') configureWasm();
    const restoreCores = name === 'wasm' ? liftWasmThreadCap() : () => {};
    let ok: boolean;
    try {
      ok = await tf.setBackend(name);
      await tf.ready();
    } finally {
      restoreCores();
    }
    // Stock wasm copies every tensor saved for the backward pass; the patch shares them (~13% less memory,
    // and what lets 256 px batches fit under wasm's 4 GB). Idempotent; a no-op off wasm.
    if (name === 'wasm') installWasmKernelPatches();
    if (!ok || tf.getBackend() !== name) {
      return { backend: name, ok: false, error: `tf.setBackend("${name}") did not activate it (active: ${tf.getBackend()})` };
    }
    return { backend: name, ok: true };
  } catch (e) {
    return { backend: name, ok: false, error: e instanceof Error ? e.message : String(e) };
  }
}

/**
 * Activates the first backend that works, starting at `preferred` (a user override) and then following the
 * ladder. Returns every attempt so the UI can say why, e.g., WebGPU was skipped.
 */
export async function selectBackend(preferred?: BackendName): Promise<{ active: BackendName; attempts: BackendAttempt[] }> {
  const order = preferred ? [preferred, ...BACKEND_LADDER.filter((b) => b !== preferred)] : [...BACKEND_LADDER];
  const attempts: BackendAttempt[] = [];
  for (const name of order) {
    const attempt = await tryBackend(name);
    attempts.push(attempt);
    if (attempt.ok) return { active: name, attempts };
  }
  throw new Error(`no TensorFlow.js backend could start: ${attempts.map((a) => `${a.backend}: ${a.error}`).join('; ')}`);
}

/** Backends that can start in this browser, in ladder order (restores the previously active one after). */
export async function availableBackends(): Promise<BackendName[]> {
  const before = tf.getBackend() as BackendName | undefined;
  const out: BackendName[] = [];
  for (const name of BACKEND_LADDER) if ((await tryBackend(name)).ok) out.push(name);
  if (before) await tryBackend(before);
  return out;
}
