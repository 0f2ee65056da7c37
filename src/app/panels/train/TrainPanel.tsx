// The Train panel: backend, start / pause / continue / stop, live progress and "resume last run" after a reload.
// The config editor, the curves and the stored runs (resume, delete) are separate panels reading the same store.
import { useEffect } from 'react';
import { useStore } from '../../store';
import { BackendPicker } from './BackendPicker';
import { RunProgress } from '../../components/RunProgress';
import { startBlocker } from '../../store/dataset-roles';
import { interruptedRun, liveRunOpen, liveRunView } from '../../store/run-status';
import './train.css';

export function TrainPanel() {
  const initTraining = useStore((s) => s.initTraining);
  const live = useStore((s) => s.live);
  const config = useStore((s) => s.config);
  const datasets = useStore((s) => s.datasets);
  const runs = useStore((s) => s.runs);
  const resumableRunIds = useStore((s) => s.resumableRunIds);
  const elsewhereRunIds = useStore((s) => s.elsewhereRunIds);
  const { startRun, pauseRun, continueRun, stopRun, resumeRun } = useStore.getState();
  useEffect(() => {
    void initTraining();
  }, [initTraining]);

  // One derivation for every view of the run's state (run-status.ts): buttons, banner, table and bar agree.
  const sources = { live, runs, resumableRunIds, elsewhereRunIds };
  const view = liveRunView(sources);
  const active = liveRunOpen(live);
  const interrupted = interruptedRun(sources);
  const m = config.run.model;
  const noData = datasets.filter((d) => d.status === 'ready').length === 0;
  const blocked = noData ? null : startBlocker(config.datasets);
  const training = config.datasets.filter((u) => u.role === 'train').length;

  return (
    <section className="panel train-panel" aria-labelledby="train-panel-title">
      <div className="panel-head">
        <h2 id="train-panel-title">Train</h2>
        <BackendPicker />
      </div>
      {interrupted && (
        <p className="train-resume-banner" data-testid="resume-banner">
          Run “{interrupted.name}” stopped with its tab at step {interrupted.step}.{' '}
          <button type="button" className="primary" data-testid="resume-last" onClick={() => resumeRun(interrupted.runId)}>
            Resume last run
          </button>
        </p>
      )}
      <p className="small muted" data-testid="train-config-line">
        {m.variant}, {m.inputSize} px, width ×{m.widthMultiplier}, M = {config.run.batchSize}, {config.run.epochs} epochs
        {config.run.stepsPerEpoch > 0 ? ` × ${config.run.stepsPerEpoch} steps` : ''}, seed {config.run.seed}
        {` · ${config.datasets.length} dataset${config.datasets.length === 1 ? '' : 's'} in use, ${training} training`}
      </p>
      <div className="train-controls">
        <button type="button" className="primary" data-testid="train-start" disabled={active || noData || blocked !== null} onClick={() => void startRun()}>
          Start
        </button>
        <button type="button" data-testid="train-pause" disabled={!view?.canPause} onClick={pauseRun}>
          Pause
        </button>
        <button type="button" data-testid="train-continue" disabled={!view?.canContinue} onClick={continueRun}>
          Continue
        </button>
        <button type="button" className="danger" data-testid="train-stop" disabled={!view?.canStop} onClick={stopRun}>
          Stop
        </button>
        {view?.canResume && (
          <button type="button" data-testid="train-resume" onClick={() => resumeRun(view.runId)}>
            Resume from step {view.step}
          </button>
        )}
        {noData && <span className="muted small" data-testid="start-reason">Import data (or create the demo phantoms) in the Data panel first.</span>}
        {blocked && <span className="small field-error" data-testid="start-reason">{blocked}</span>}
      </div>
      <RunProgress />
    </section>
  );
}
