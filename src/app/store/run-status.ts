// What every view says about a run's state (issue 9, "honest status"), derived in one place from the store's
// one source of truth: this tab's live run (`live`, mirrored from the training worker's events), the stored
// run records (`runs`) and the Web Locks of other tabs (`elsewhereRunIds`, `resumableRunIds`). Nothing here is
// copied into state: the runs table, the Train panel, the run-control bar and the curves' progress line all
// call these functions, so they cannot disagree (the runs table used to say "stopped 10/100" at step 30,
// "running" after a reload, an ETA after Stop, "it can be resumed" with no Resume button).
import type { RunSummary } from '../../platform/storage';
import type { RunStatus } from '../../platform/workers/train.protocol';
import type { LiveRun } from './training-slice';

/**
 * `interrupted`: the record says running/paused but no tab trains it (its tab was closed or crashed) — it
 * continues from its checkpoint with Resume. `elsewhere`: another tab holds its lock and trains it.
 */
export type RunState = RunStatus | 'interrupted' | 'elsewhere';

export interface RunView {
  runId: string;
  name: string;
  state: RunState;
  /** What the table and the bar print for `state`. */
  label: string;
  /** Steps done (this tab's live count for its run, else the stored one: the last checkpoint). */
  step: number;
  totalSteps: number | null;
  /** Seconds left at the recent step rate — only while it is running, never after a pause or stop. */
  etaSeconds: number | null;
  canPause: boolean;
  canContinue: boolean;
  canStop: boolean;
  /** Resume from the last checkpoint is offered (and will be accepted) exactly when this is true. */
  canResume: boolean;
}

interface RunSources {
  live: LiveRun | null;
  runs: readonly RunSummary[];
  resumableRunIds: readonly string[];
  elsewhereRunIds: readonly string[];
}

const LABELS: Record<RunState, string> = {
  loading: 'loading',
  running: 'running',
  paused: 'paused',
  stopped: 'stopped',
  finished: 'finished',
  failed: 'failed',
  interrupted: 'interrupted (tab closed)',
  elsewhere: 'training in another tab',
};

/** Whether this tab's live run is open (its worker session exists): Start, deletion and measuring wait. */
export function liveRunOpen(live: LiveRun | null): boolean {
  return live !== null && (live.status === 'running' || live.status === 'paused' || live.status === 'loading');
}

/** Seconds left at the recent step rate, while running; null otherwise or before the first step. */
function etaOf(live: LiveRun): number | null {
  if (live.status !== 'running' || live.msPerStep <= 0 || live.totalSteps <= 0) return null;
  return (Math.max(0, live.totalSteps - live.step) * live.msPerStep) / 1000;
}

function view(runId: string, name: string, state: RunState, step: number, totalSteps: number | null, resumable: boolean, eta: number | null): RunView {
  return {
    runId, name, state, label: LABELS[state], step, totalSteps, etaSeconds: eta,
    canPause: state === 'running',
    canContinue: state === 'paused',
    canStop: state === 'running' || state === 'paused',
    canResume: resumable && state !== 'running' && state !== 'paused' && state !== 'loading' && state !== 'elsewhere',
  };
}

/** This tab's live run as every view shows it. */
export function liveRunView(s: RunSources): RunView | null {
  const { live } = s;
  if (!live) return null;
  const stored = s.runs.find((r) => r.id === live.runId);
  const total = live.totalSteps || stored?.totalSteps || null;
  return view(live.runId, live.name || stored?.name || live.runId, live.status, live.step, total, s.resumableRunIds.includes(live.runId), etaOf(live));
}

/**
 * A stored run as the runs table shows it: this tab's live state when it is this tab's run (the record lags:
 * it is written at checkpoints), else what the record and the other tabs' locks say.
 */
export function storedRunView(run: RunSummary, s: RunSources): RunView {
  if (s.live?.runId === run.id) return liveRunView(s)!;
  const resumable = s.resumableRunIds.includes(run.id);
  let state: RunState = run.status;
  if (s.elsewhereRunIds.includes(run.id)) state = 'elsewhere';
  else if (run.status === 'running' || run.status === 'paused') state = 'interrupted';
  return view(run.id, run.name, state, run.step ?? 0, run.totalSteps ?? null, resumable, null);
}

/** The newest stored run left running or paused by a closed tab (the "Resume last run" offer), unless one is open here. */
export function interruptedRun(s: RunSources): RunView | null {
  if (liveRunOpen(s.live)) return null;
  const run = s.runs.find((r) => storedRunView(r, s).state === 'interrupted' && s.resumableRunIds.includes(r.id));
  return run ? storedRunView(run, s) : null;
}
