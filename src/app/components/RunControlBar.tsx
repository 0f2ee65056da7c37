// The run-control bar (issue 9, item 5): this tab's run — its state, step / total, ETA, Pause/Continue, Stop,
// and Resume when it can continue from its checkpoint (also a run whose tab was closed) — on one line, shown
// while a run is open or resumable (at the top of the panels; meant for the workbench header). Everything comes from run-status.ts, the same derivation as the runs table
// and the Train panel, so the three never disagree. Buttons call the store's actions only.
import { useStore } from '../store';
import { interruptedRun, liveRunView, type RunView } from '../store/run-status';
import { formatDuration } from './format';
import './run-control-bar.css';

/** Whether the bar has something to say: a run open here, or one that Resume would continue. */
function shown(v: RunView | null): v is RunView {
  return v !== null && (v.state === 'loading' || v.state === 'running' || v.state === 'paused' || v.canResume);
}

export function RunControlBar() {
  const live = useStore((s) => s.live);
  const runs = useStore((s) => s.runs);
  const resumableRunIds = useStore((s) => s.resumableRunIds);
  const elsewhereRunIds = useStore((s) => s.elsewhereRunIds);
  const { pauseRun, continueRun, stopRun, resumeRun } = useStore.getState();
  const sources = { live, runs, resumableRunIds, elsewhereRunIds };
  const liveView = liveRunView(sources);
  const v = shown(liveView) ? liveView : interruptedRun(sources);
  if (!shown(v)) return null;
  const total = v.totalSteps ?? 0;
  return (
    <div className="run-control-bar" role="region" aria-label="Run control" data-testid="run-control-bar" data-state={v.state} data-run-id={v.runId}>
      <strong className="rcb-name" title={v.name}>{v.name}</strong>
      <span className={`rcb-state rcb-${v.state}`} data-testid="rcb-state">{v.label}</span>
      <progress max={Math.max(total, 1)} value={v.step} aria-label="run progress" />
      <span data-testid="rcb-step">
        step {v.step} / {total || '?'}
      </span>
      {v.etaSeconds !== null && <span data-testid="rcb-eta">ETA {formatDuration(v.etaSeconds)}</span>}
      <span className="rcb-buttons">
        {v.canPause && (
          <button type="button" data-testid="rcb-pause" onClick={pauseRun}>
            Pause
          </button>
        )}
        {v.canContinue && (
          <button type="button" data-testid="rcb-continue" onClick={continueRun}>
            Continue
          </button>
        )}
        {v.canStop && (
          <button type="button" className="danger" data-testid="rcb-stop" onClick={stopRun}>
            Stop
          </button>
        )}
        {v.canResume && (
          <button type="button" className="primary" data-testid="rcb-resume" onClick={() => resumeRun(v.runId)}>
            Resume from step {v.step}
          </button>
        )}
      </span>
    </div>
  );
}
