// The training worker: chooses the tfjs backend (WebGPU first, by really initialising it), times the backends,
// trains one run at a time (see ../training/run-session.ts), and falls back to the next backend when the GPU
// device is lost and resumes from the last checkpoint. The viewer's, evaluation's and model files' requests
// go to the inference worker (./inference.worker.ts), so they never wait for a training step (issue 9).
// Messages: ./train.protocol.ts.
/// <reference lib="webworker" />
import * as tf from '@tensorflow/tfjs';
import type { BackendName } from '../../core/config';
import { installWasmKernelPatches } from '../../core/model';
import { BACKEND_LADDER, availableBackends, selectBackend, tryBackend, type BackendAttempt } from '../backend';
import { getDatabase, type WorkbenchDatabase } from '../storage/db';
import { updateRun } from '../storage/runs';
import { runTrainingBenchmark } from '../../core/train/benchmark';
// The step timed per backend (issue 9): small enough that every backend answers within seconds.
import { MEASURE_STEP } from '../../core/train/step-flops';
import { DeviceLostDuringRun, RunSession, type SessionHost } from '../training/run-session';
import type { BackendTiming, ModelSource, TrainEvent, TrainRequest } from './train.protocol';
import type { WorkbenchRunConfig } from '../../core/workbench-config';

declare const self: DedicatedWorkerGlobalScope;

function post(event: TrainEvent, transfer: Transferable[] = []): void {
  self.postMessage(event, transfer);
}

let dbPromise: Promise<WorkbenchDatabase> | null = null;
const db = () => (dbPromise ??= getDatabase());

let active: BackendName | null = null;
let available: BackendName[] | null = null;
let lostDevice: string | null = null;
let session: RunSession | null = null;
/** A backend switch asked for while a run trains: applied when the session has checkpointed and stopped. */
let pendingSwitch: BackendName | 'auto' | null = null;

interface GpuAdapterLike {
  info?: { vendor?: string; architecture?: string; description?: string; isFallbackAdapter?: boolean };
  isFallbackAdapter?: boolean;
}

/** WebGPU on SwiftShader (or another fallback adapter) is a CPU in disguise: defaults must be CPU-sized. */
async function webgpuIsSoftware(): Promise<boolean> {
  const gpu = (navigator as unknown as { gpu?: { requestAdapter(): Promise<GpuAdapterLike | null> } }).gpu;
  const adapter = await gpu?.requestAdapter().catch(() => null);
  if (!adapter) return false;
  const info = adapter.info ?? {};
  const text = `${info.vendor ?? ''} ${info.architecture ?? ''} ${info.description ?? ''}`;
  return Boolean(info.isFallbackAdapter ?? adapter.isFallbackAdapter) || /swiftshader|llvmpipe|software/i.test(text);
}

/** Notices a lost WebGPU device even when no kernel has failed yet. */
let deviceLostSignal: Promise<string> | null = null;

function watchDevice(backend: BackendName): void {
  lostDevice = null;
  deviceLostSignal = null;
  if (backend !== 'webgpu') return;
  const device = (tf.backend() as unknown as { device?: { lost?: Promise<{ message?: string; reason?: string }> } }).device;
  if (!device?.lost) return;
  deviceLostSignal = device.lost.then((info) => `WebGPU device lost (${info.reason ?? 'unknown'}): ${info.message || 'no message'}`);
  void deviceLostSignal.then((text) => {
    if (active !== 'webgpu') return;
    lostDevice = text;
    session?.stop();
  });
}

/** The lost-device text if the device is (or within a moment turns out to be) lost; null otherwise. */
function confirmDeviceLost(): Promise<string | null> {
  if (lostDevice !== null) return Promise.resolve(lostDevice);
  if (!deviceLostSignal) return Promise.resolve(null);
  return Promise.race([deviceLostSignal, new Promise<null>((r) => setTimeout(() => r(null), 500))]);
}

/** What a driver reset does to the active GPU backend; a no-op on wasm/cpu (they have no device to lose). */
function loseDevice(): void {
  const b = tf.backend() as unknown as {
    device?: { destroy(): void };
    gpgpu?: { gl?: WebGL2RenderingContext };
  };
  if (active === 'webgpu') b.device?.destroy();
  else if (active === 'webgl') {
    b.gpgpu?.gl?.getExtension('WEBGL_lose_context')?.loseContext();
    lostDevice = 'WebGL context lost';
    session?.stop();
  } else {
    post({ type: 'error', code: 'device-lost', message: `The ${active} backend has no GPU device to lose.` });
  }
}

async function activate(preference: BackendName | 'auto'): Promise<void> {
  const { active: chosen, attempts } = await selectBackend(preference === 'auto' ? undefined : preference);
  await announce(chosen, attempts);
}

async function announce(chosen: BackendName, attempts: BackendAttempt[]): Promise<void> {
  if (chosen === 'wasm') installWasmKernelPatches();
  available ??= await availableBackends(); // tries each once, then restores the chosen one
  active = chosen;
  watchDevice(chosen);
  const softwareGpu = chosen === 'webgpu' ? await webgpuIsSoftware() : false;
  post({ type: 'ready', backends: available, active: chosen, attempts, softwareGpu });
}

/** The next backend down the ladder that starts, after `from` failed. */
async function fallBack(from: BackendName, reason: string, runId: string): Promise<BackendName | null> {
  const attempts: BackendAttempt[] = [{ backend: from, ok: false, error: reason }];
  for (const next of BACKEND_LADDER.slice(BACKEND_LADDER.indexOf(from) + 1)) {
    const attempt = await tryBackend(next);
    attempts.push(attempt);
    if (attempt.ok) {
      post({ type: 'backend-fallback', runId, from, to: next, reason });
      await announce(next, attempts);
      return next;
    }
  }
  return null;
}

/**
 * Messages arrive while earlier ones are still awaiting (IndexedDB, backend start-up), so anything that changes
 * the backend runs in this one exclusive lane: a switch never lands in the middle of a measurement or another
 * switch. The training loop itself runs outside the lane (it yields between steps).
 */
let lane: Promise<unknown> = Promise.resolve();
function exclusive<T>(fn: () => Promise<T>): Promise<T> {
  const run = lane.then(fn, fn);
  lane = run.catch(() => undefined);
  return run;
}

const host: SessionHost = {
  db: undefined as unknown as WorkbenchDatabase,
  post: (e) => post(e),
  activeBackend: () => active ?? 'cpu',
  deviceLost: () => lostDevice,
  confirmDeviceLost,
  // A Start or Resume sent while the backend is still starting (a tab just opened) waits for it.
  backendReady: () => exclusive(async () => undefined),
};

async function train(runId: string, first: { start: { name: string; config: WorkbenchRunConfig; initFrom?: ModelSource } } | { resume: true }): Promise<void> {
  host.db = await db();
  let kind = first;
  let keepPaused = false;
  for (let fallbacks = 0; ; ) {
    const s = new RunSession(runId, host);
    session = s;
    // A run paused before a backend switch comes back paused (it used to resume running: issue 9).
    if (keepPaused) s.pause();
    try {
      await s.execute(kind);
      if (pendingSwitch === null) return;
      // A backend switch was asked for: the run stopped at a checkpoint; continue it on the new backend.
      const to = pendingSwitch;
      pendingSwitch = null;
      await exclusive(() => activate(to));
    } catch (err) {
      if (!(err instanceof DeviceLostDuringRun) || fallbacks++ >= BACKEND_LADDER.length) throw err;
      const from = active ?? 'webgpu';
      const to = await exclusive(() => fallBack(from, err.message, runId));
      if (!to) {
        const message = `The ${from} device was lost and no other backend could start: ${err.message}`;
        await updateRun(host.db, runId, { status: 'failed', error: message }).catch(() => undefined);
        post({ type: 'error', runId, code: 'device-lost', message });
        post({ type: 'status', runId, status: 'failed', message });
        return;
      }
    } finally {
      keepPaused = s.paused;
      if (session === s) session = null;
    }
    kind = { resume: true };
  }
}


/** WebGL on SwiftShader (or another software rasteriser): CPU speed, like a software WebGPU adapter. */
function webglIsSoftware(): boolean {
  try {
    const gl = new OffscreenCanvas(1, 1).getContext('webgl2');
    const info = gl?.getExtension('WEBGL_debug_renderer_info');
    const renderer = gl && info ? String(gl.getParameter(info.UNMASKED_RENDERER_WEBGL)) : '';
    return /swiftshader|llvmpipe|software/i.test(renderer);
  } catch {
    return false;
  }
}

/**
 * Times one small training step on each backend that initialises, then restores the active one. The pure-JS
 * cpu backend is only timed when wasm cannot start (it is the same arithmetic, always slower than wasm). GPU
 * backends on a software adapter are only timed when `software` is set (the Measure button): their first step
 * compiles every shader at CPU speed (measured here: WebGPU 15 s, WebGL 32 s) and they train slower than wasm.
 */
async function measureBackends(software: boolean): Promise<BackendTiming[]> {
  const list = (available ??= await availableBackends());
  const timings: BackendTiming[] = [];
  const softwareAdapter: Partial<Record<BackendName, boolean>> = software
    ? {}
    : { webgpu: list.includes('webgpu') && (await webgpuIsSoftware()), webgl: list.includes('webgl') && webglIsSoftware() };
  for (const [index, backend] of list.entries()) {
    if (backend === 'cpu' && timings.some((t) => t.backend === 'wasm' && t.msPerStep !== undefined)) {
      timings.push({ backend, error: 'not timed: wasm runs the same kernels faster' });
      continue;
    }
    if (softwareAdapter[backend]) {
      timings.push({ backend, error: 'not timed: a software adapter (SwiftShader) runs at CPU speed — “Measure backends” times it anyway' });
      continue;
    }
    post({ type: 'measure-progress', backend, index, total: list.length });
    const t0 = performance.now();
    const attempt = await tryBackend(backend);
    if (!attempt.ok) {
      timings.push({ backend, error: attempt.error ?? 'did not start' });
      continue;
    }
    const startMs = performance.now() - t0;
    try {
      const r = await runTrainingBenchmark(MEASURE_STEP);
      timings.push({ backend, msPerStep: r.medianMs, warmupMs: r.warmupMs[0] ?? 0, startMs });
    } catch (err) {
      timings.push({ backend, error: err instanceof Error ? err.message : String(err) });
    }
  }
  if (active) await tryBackend(active);
  return timings;
}

function failRequest(requestId: number, err: unknown): void {
  post({ type: 'error', requestId, code: 'internal', message: err instanceof Error ? err.message : String(err) });
}

function busy(runId: string): boolean {
  if (!session) return false;
  post({ type: 'error', runId, code: 'config', message: 'Another run is training in this tab; pause or stop it first.' });
  return true;
}

async function handle(msg: TrainRequest): Promise<void> {
  switch (msg.type) {
    case 'init':
      return exclusive(async () => {
        if (active === null || (msg.backend !== 'auto' && msg.backend !== active)) await activate(msg.backend);
        else await announce(active, [{ backend: active, ok: true }]);
      });
    case 'setBackend':
      if (session) {
        pendingSwitch = msg.backend;
        session.handOver();
        return;
      }
      return exclusive(() => activate(msg.backend));
    case 'measureBackends':
      if (session) throw new Error('A run is open in this tab: measure the backends after it has stopped or finished.');
      return exclusive(async () => post({ type: 'backends-measured', requestId: msg.requestId, timings: await measureBackends(msg.software) }));
    case 'simulateDeviceLoss':
      loseDevice();
      return;
    case 'start':
      if (busy(msg.runId)) return;
      if (msg.config.backend !== 'auto' && msg.config.backend !== active) {
        const backend = msg.config.backend;
        await exclusive(() => activate(backend));
      }
      return train(msg.runId, { start: { name: msg.name, config: msg.config, ...(msg.initFrom ? { initFrom: msg.initFrom } : {}) } });
    case 'resume':
      if (busy(msg.runId)) return;
      return train(msg.runId, { resume: true });
    case 'pause':
      if (session?.runId === msg.runId) session.pause();
      return;
    case 'continue':
      if (session?.runId === msg.runId) session.continue();
      return;
    case 'stop':
      if (session?.runId === msg.runId) session.stop();
      return;
  }
}

self.onmessage = (e: MessageEvent<TrainRequest>) => {
  const msg = e.data;
  handle(msg).catch((err: unknown) => {
    if ('requestId' in msg) return failRequest(msg.requestId, err);
    const message = err instanceof Error ? err.message : String(err);
    const runId = 'runId' in msg ? msg.runId : undefined;
    post({ type: 'error', ...(runId ? { runId } : {}), code: 'internal', message });
  });
};
