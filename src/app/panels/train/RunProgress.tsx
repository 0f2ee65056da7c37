// The live run: status, progress bar with step / total, ETA and throughput, what the data streams hold.
import { useStore } from '../../store';
import { formatDuration, formatScore } from './format';

export function RunProgress() {
  const live = useStore((s) => s.live);
  if (!live) return <p className="muted">No run in this tab yet.</p>;
  const s = live.summary;
  return (
    <div className="train-live" data-testid="train-live" data-status={live.status} data-step={live.step} data-run-id={live.runId}>
      <p className="train-status">
        <strong data-testid="train-status">{live.status}</strong> — {live.message}
        {live.name && <span className="muted"> · {live.name}</span>}
      </p>
      {live.error && (
        <p className="train-error" role="alert" data-testid="train-error">
          {live.error}
        </p>
      )}
      <progress max={Math.max(live.totalSteps, 1)} value={live.step} aria-label="training progress" />
      <p className="small" data-testid="train-progress-text">
        step {live.step} / {live.totalSteps || '?'} · ETA {formatDuration(live.etaSeconds)} ·{' '}
        {live.imagesPerSecond > 0 ? `${live.imagesPerSecond.toFixed(1)} images/s` : '– images/s'} ·{' '}
        {live.msPerStep > 0 ? `${(live.msPerStep / 1000).toFixed(2)} s/step` : '– s/step'} · best score {formatScore(live.bestScore)}
        {live.lastCheckpointStep !== null && <> · checkpoint at step {live.lastCheckpointStep}</>}
      </p>
      {s && (
        <p className="small muted" data-testid="train-data-summary">
          {s.synthetic && <strong>Synthetic phantom data — not real X-rays. </strong>}
          {s.inputSize} px · seg {s.labeledSeg} labeled / {s.unlabeledSeg} unlabeled / {s.valSeg} val · cls {s.labeledCls} labeled /{' '}
          {s.unlabeledCls} unlabeled / {s.valCls} val · test {s.testSeg + s.testCls} · cross-domain {s.crossDomainSeg + s.crossDomainCls} ·{' '}
          {s.stepsPerEpoch} steps per epoch
        </p>
      )}
    </div>
  );
}
