// The active tfjs backend, a selector to override the automatic choice (the fastest measured), the measured
// ms per step of every backend with a button to measure again, and why backends were skipped.
import { BACKENDS, type BackendName } from '../../../core/config';
import { useStore } from '../../store';
import { fastestBackend } from '../../store/backend-choice';
import { liveRunOpen } from '../../store/run-status';

export function BackendPicker() {
  const backend = useStore((s) => s.backend);
  const setPreference = useStore((s) => s.setBackendPreference);
  const measurement = useStore((s) => s.backendMeasurement);
  const measure = useStore((s) => s.measureBackends);
  const live = useStore((s) => s.live);
  const runOpen = liveRunOpen(live);
  const fastest = fastestBackend(measurement);
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
          <option value="auto">{fastest ? `automatic (fastest measured: ${fastest})` : 'automatic (fastest, once measured)'}</option>
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
      {' '}
      <button type="button" data-testid="measure-backends" disabled={backend.switching || runOpen} onClick={() => void measure()}
        title={runOpen ? 'Stop the run first: measuring uses every backend in turn' : 'Time one small training step on every backend'}>
        Measure backends
      </button>
      {backend.measuring && (
        <span className="small muted" data-testid="backend-measuring">
          {' '}
          timing {backend.measuring.backend} ({backend.measuring.index + 1} of {backend.measuring.total})…
        </span>
      )}
      {measurement && (
        <table className="small train-timings" data-testid="backend-timings">
          <caption className="muted">
            One training step (32 px, width ×0.25, M = 1, after a warm-up), measured {new Date(measurement.measuredAt).toLocaleString()}
            {measurement.tookMs !== undefined && <span data-testid="measure-took" data-ms={Math.round(measurement.tookMs)}> in {(measurement.tookMs / 1000).toFixed(1)} s</span>}
          </caption>
          <tbody>
            {measurement.timings.map((t) => (
              <tr key={t.backend} data-backend={t.backend} className={t.backend === fastest ? 'fastest' : undefined}>
                <th scope="row">{t.backend}</th>
                <td data-ms={t.msPerStep ?? ''}>
                  {t.msPerStep !== undefined ? `${t.msPerStep.toFixed(t.msPerStep < 100 ? 1 : 0)} ms/step` : t.error}
                  {t.backend === fastest ? ' — fastest' : ''}
                  {t.warmupMs !== undefined && (
                    <span className="muted" data-warmup-ms={Math.round(t.warmupMs)} data-start-ms={Math.round(t.startMs ?? 0)}>
                      {' '}(start-up {Math.round(t.startMs ?? 0)} ms, first step {Math.round(t.warmupMs)} ms)
                    </span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
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
