// The live run's progress, in two sizes: the Train panel's full line (status and message, progress bar with
// step / total, ETA at the recent step rate, throughput, best score, last checkpoint, what the data streams
// hold) and the Live curves panel's compact one (name, status, percentage, ETA, throughput and backend).
// Status, step and ETA come from run-status.ts, as in the runs table and the run-control bar.
import { useStore } from '../store';
import { liveRunView } from '../store/run-status';
import { formatDuration, formatScore } from './format';

export function RunProgress({ compact = false }: { compact?: boolean }) {
  const live = useStore((s) => s.live);
  const runs = useStore((s) => s.runs);
  const resumableRunIds = useStore((s) => s.resumableRunIds);
  const elsewhereRunIds = useStore((s) => s.elsewhereRunIds);
  const backend = useStore((s) => s.backend.active);
  const v = liveRunView({ live, runs, resumableRunIds, elsewhereRunIds });
  if (compact) {
    if (!live || !v) return <p className="muted small">No run yet: configure one and press Start in the Training panel; its curves appear here.</p>;
    const fraction = live.totalSteps > 0 ? live.step / live.totalSteps : 0;
    return (
      <div className="run-progress" data-testid="run-progress" data-status={live.status}>
        <strong>{live.name || live.runId}</strong>
        <span>{v.label}</span>
        <progress max={1} value={fraction} aria-label="Training progress" />
        <span>
          step {live.step} / {live.totalSteps || '?'} ({Math.round(fraction * 100)} %)
        </span>
        {v.etaSeconds !== null && <span>ETA {formatDuration(v.etaSeconds)}</span>}
        {live.imagesPerSecond > 0 && (
          <span>
            {live.imagesPerSecond.toFixed(1)} images/s · {Math.round(live.msPerStep)} ms/step{backend ? ` on ${backend}` : ''}
          </span>
        )}
        {live.error && <span className="field-error">{live.error}</span>}
      </div>
    );
  }
  if (!live || !v) return <p className="muted">No run in this tab yet.</p>;
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
        step {live.step} / {v.totalSteps ?? '?'}
        <span data-testid="train-eta">{v.etaSeconds !== null ? ` · ETA ${formatDuration(v.etaSeconds)}` : ''}</span>
        {live.status === 'running' && (
          <>
            {' · '}
            {live.imagesPerSecond > 0 ? `${live.imagesPerSecond.toFixed(1)} images/s` : '– images/s'} ·{' '}
            {live.msPerStep > 0 ? `${(live.msPerStep / 1000).toFixed(2)} s/step` : '– s/step'}
          </>
        )}
        {' · '}
        <span data-testid="train-best-score">best score {formatScore(live.bestScore)}</span>
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
