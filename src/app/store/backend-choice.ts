// Which backend the workbench trains on (issue 9): measured, not guessed. A first start times one small
// training step on every backend that initialises; the fastest wins unless the user picked one (an override
// that sticks). The figures and the choice are remembered with the other settings (persisted-settings.ts).
import type { BackendName } from '../../core/config';
import type { BackendTiming } from '../../platform/workers/train.protocol';

export interface BackendMeasurement {
  /** Date.now() of the measurement. */
  measuredAt: number;
  /** How long the whole measurement took (ms), every backend's start-up and warm-up included. */
  tookMs?: number;
  /** One entry per backend tried, ladder order: ms per step, or why it could not be timed. */
  timings: BackendTiming[];
}

/** The backend with the lowest measured ms/step; null when none could be timed. */
export function fastestBackend(m: BackendMeasurement | null): BackendName | null {
  let best: BackendTiming | null = null;
  for (const t of m?.timings ?? []) {
    if (t.msPerStep === undefined || !Number.isFinite(t.msPerStep)) continue;
    if (!best || t.msPerStep < best.msPerStep!) best = t;
  }
  return best?.backend ?? null;
}

/**
 * The backend to ask the worker for: the user's pick when there is one, else the measured fastest, else
 * 'auto' (the ladder) until a measurement exists.
 */
export function backendToUse(preference: BackendName | 'auto', m: BackendMeasurement | null): BackendName | 'auto' {
  if (preference !== 'auto') return preference;
  return fastestBackend(m) ?? 'auto';
}

/**
 * The backend of the inference worker (viewer, evaluation, model files; issue 9), from the same remembered
 * choice: a CPU backend the user or the measurement chose (wasm, cpu) is used as is; a GPU choice (webgpu,
 * webgl) gives wasm instead. Inference then never opens a second GPU device or WebGL context beside the
 * training worker's — two devices share the GPU's memory and queue, and a browser drops WebGL contexts under
 * pressure — and a one-image prediction on wasm takes a fraction of a second at 128 px. Until measured: wasm.
 */
export function backendForInference(preference: BackendName | 'auto', m: BackendMeasurement | null): BackendName {
  const chosen = backendToUse(preference, m);
  return chosen === 'cpu' ? 'cpu' : 'wasm';
}
