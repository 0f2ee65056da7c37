// Progress of the live run: status, step of total, a progress bar, ETA at the recent step rate, throughput.
import { useStore } from '../../store';

function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '—';
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${s % 60} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}

export function RunProgress() {
  const live = useStore((s) => s.live);
  const backend = useStore((s) => s.backend.active);
  if (!live) return <p className="muted small">No run yet: configure one and press Start in the Training panel; its curves appear here.</p>;
  const fraction = live.totalSteps > 0 ? live.step / live.totalSteps : 0;
  return (
    <div className="run-progress" data-testid="run-progress" data-status={live.status}>
      <strong>{live.name || live.runId}</strong>
      <span>{live.status}</span>
      <progress max={1} value={fraction} aria-label="Training progress" />
      <span>
        step {live.step} / {live.totalSteps || '?'} ({Math.round(fraction * 100)} %)
      </span>
      <span>ETA {live.etaSeconds === null ? '—' : formatDuration(live.etaSeconds)}</span>
      {live.imagesPerSecond > 0 && (
        <span>
          {live.imagesPerSecond.toFixed(1)} images/s · {Math.round(live.msPerStep)} ms/step{backend ? ` on ${backend}` : ''}
        </span>
      )}
      {live.error && <span className="field-error">{live.error}</span>}
    </div>
  );
}
