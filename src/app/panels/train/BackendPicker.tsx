// The active tfjs backend, a selector to override the automatic choice, and why backends were skipped.
import { BACKENDS, type BackendName } from '../../../core/config';
import { useStore } from '../../store';

export function BackendPicker() {
  const backend = useStore((s) => s.backend);
  const setPreference = useStore((s) => s.setBackendPreference);
  const skipped = backend.attempts.filter((a) => !a.ok);
  return (
    <div className="train-backend">
      <label>
        Backend{' '}
        <select
          data-testid="backend-select"
          value={backend.preference}
          disabled={backend.switching}
          onChange={(e) => void setPreference(e.target.value as BackendName | 'auto')}
        >
          <option value="auto">automatic (WebGPU → WebGL → WASM → CPU)</option>
          {BACKENDS.map((b) => (
            <option key={b} value={b} disabled={backend.available.length > 0 && !backend.available.includes(b)}>
              {b}
              {backend.available.length > 0 && !backend.available.includes(b) ? ' (unavailable)' : ''}
            </option>
          ))}
        </select>
      </label>{' '}
      <span data-testid="backend-active" data-backend={backend.active ?? ''}>
        {backend.switching ? 'starting…' : backend.active ? <>active: <strong>{backend.active}</strong></> : 'not started'}
      </span>
      {backend.softwareGpu && backend.active === 'webgpu' && (
        <span className="muted small" data-testid="software-gpu-hint">
          {' '}
          — a software GPU (SwiftShader): CPU speed, so the defaults are small; WASM trains faster here (measured ~4 s vs
          ~0.1 s per default step)
        </span>
      )}
      {skipped.length > 0 && (
        <ul className="train-skipped small muted">
          {skipped.map((a) => (
            <li key={a.backend}>
              {a.backend} skipped: {a.error}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
