// Training as the app sees it: the run config being edited, the backend, the live run (status, progress, live
// curve points), and the stored runs. The worker does the work; this slice only mirrors its events.
//
// Live points are arrays per run ordered by step, mutated in place: a progress message appends its points and
// bumps `livePointsVersion` once (every ≥ 250 ms), so nothing re-renders per point. Only the last
// LIVE_POINTS_KEPT points are kept (the plots hold their own decimated history), so a long run's memory stays
// bounded. Plots subscribe transiently and read the points past the last step they took in.
import type { StateCreator } from 'zustand';
import type { BackendName, ModelConfig } from '../../core/config';
import type { BackendAttempt } from '../../platform/backend';
import { deleteRun as deleteStoredRun, getRunCurves, listRuns, noteDeliberateRemoval, noteInventory, type CurvePoint, type RunSummary } from '../../platform/storage';
import { defaultRunConfig, defaultWorkbenchConfig, validateWorkbenchConfig } from '../../core/workbench-config';
import { runsInProgress, whenRunReleased } from '../../platform/training/run-lock';
import type { ModelSource, RunDataSummary, RunStatus, StepPoint, TrainEvent } from '../../platform/workers/train.protocol';
import type { WorkbenchRunConfig } from '../../core/workbench-config';
import { database, messageOf, trainWorker } from './services';
import { decimateCurves } from '../components/plot/decimate';
import { uniqueRunName } from './run-names';
import type { Full } from './types';
import { adoptDatasets, startBlocker, syntheticAndReal } from './dataset-roles';
import { backendToUse, type BackendMeasurement } from './backend-choice';
import { liveRunOpen } from './run-status';
import { exampleShown } from './viewer-slice';

export type EpochEvent = Extract<TrainEvent, { type: 'epoch' }>;

export interface BackendState {
  preference: BackendName | 'auto';
  active: BackendName | null;
  available: BackendName[];
  attempts: BackendAttempt[];
  softwareGpu: boolean;
  /** True while the worker is (re)initialising a backend. */
  switching: boolean;
  /** While the backends are being timed: which one, of how many. */
  measuring: { backend: BackendName; index: number; total: number } | null;
}

export interface LiveRun {
  runId: string;
  name: string;
  status: RunStatus;
  message: string;
  step: number;
  totalSteps: number;
  imagesPerSecond: number;
  /** Mean of the last 10 steps (the ETA is derived from it while running: run-status.ts). */
  msPerStep: number;
  bestScore: number | null;
  lastCheckpointStep: number | null;
  summary: RunDataSummary | null;
  error: string | null;
}

export interface TrainingSlice {
  /** The config the next Start uses; the config panel edits it. */
  config: WorkbenchRunConfig;
  /** False until the user (or a loaded config) changed `config`: until then the defaults follow the backend. */
  configTouched: boolean;
  setConfig(next: WorkbenchRunConfig | ((prev: WorkbenchRunConfig) => WorkbenchRunConfig)): void;
  backend: BackendState;
  /** 'auto' = the measured fastest; a backend name = the user's override (both remembered). */
  setBackendPreference(b: BackendName | 'auto'): Promise<void>;
  /** The last timing of every backend (persisted); null until measured in this browser. */
  backendMeasurement: BackendMeasurement | null;
  /**
   * Times a small step on every backend, remembers the figures and moves to the fastest unless overridden.
   * `software`: also time GPU backends on a software adapter (the first start skips them: slow to compile).
   */
  measureBackends(software?: boolean): Promise<void>;
  live: LiveRun | null;
  /** The latest step points per run id, by step (mutated in place; watch `livePointsVersion`). */
  livePoints: Record<string, StepPoint[]>;
  /** The stored curves a resumed live run continues from (loaded when it resumes, decimated for plotting). */
  liveStoredCurves: { runId: string; curves: Record<string, CurvePoint[]> } | null;
  liveEpochs: Record<string, EpochEvent[]>;
  livePointsVersion: number;
  /** Stored runs, newest first: summaries only (curves are loaded per run with `runCurves`). */
  runs: RunSummary[];
  /**
   * Runs that can continue from their last checkpoint: left running/paused by a closed tab, stopped, or failed
   * after at least one checkpoint — and not being trained by any tab.
   */
  resumableRunIds: string[];
  /** Runs another tab is training right now (it holds their Web Lock): no Resume here. */
  elsewhereRunIds: string[];
  /** Ready datasets that already got their default role (later changes are the user's; persisted). */
  datasetsSeen: string[];
  /** Gives datasets seen for the first time their default role (after the dataset list changed). */
  adoptStoredDatasets(): void;
  initTraining(): Promise<void>;
  refreshRuns(): Promise<void>;
  /** Starts a run (from fresh weights, or from `initFrom`'s weights: a fine-tuning run). */
  startRun(name?: string, initFrom?: ModelSource): Promise<void>;
  /**
   * Fine-tunes a model (a saved one or the example): the run config adopts its architecture (variant, image
   * size, width), then a run starts from its weights on the datasets with a training role (issue 9, item 8).
   */
  startFineTuning(source: { modelId: string }, model: ModelConfig, name: string): Promise<void>;
  /**
   * Starts a run of `config` named `name` (made unique) in the worker, without the Start button's checks:
   * for callers that checked the config themselves (the experiment grid). Returns the new run's id.
   */
  launchRun(config: WorkbenchRunConfig, name: string, initFrom?: ModelSource): string;
  pauseRun(): void;
  continueRun(): void;
  stopRun(): void;
  resumeRun(runId: string): void;
  deleteRun(runId: string): Promise<void>;
  /** Every stored curve of a run (for overlays and the CSV export). */
  runCurves(runId: string): Promise<Record<string, CurvePoint[]>>;
}

/** Step points kept per live run: a point is dropped once LIVE_POINTS_KEPT newer ones arrived. */
const LIVE_POINTS_KEPT = 250;

function newRunId(): string {
  return `run-${Date.now().toString(36)}-${crypto.getRandomValues(new Uint32Array(1))[0]!.toString(36)}`;
}

/** Asks before a run mixes synthetic phantoms into real data (issue 9). */
function confirmMixedData(mixed: { synthetic: string[]; real: string[] }): boolean {
  return window.confirm(
    `This run mixes synthetic phantoms (${mixed.synthetic.join(', ')}) with real X-rays (${mixed.real.join(', ')}). ` +
      'Its models will be marked as trained on synthetic data. Start anyway?',
  );
}

/** Runs at least this long end with a reminder to export a workspace file. */
const LONG_RUN_MINUTES = 10;

let initStarted = false;

export const createTrainingSlice: StateCreator<Full, [], [], TrainingSlice> = (set, get) => {
  const patchLive = (runId: string, patch: Partial<LiveRun>) => {
    const live = get().live;
    if (live && live.runId === runId) set({ live: { ...live, ...patch } });
  };

  function onEvent(e: TrainEvent): void {
    switch (e.type) {
      case 'ready': {
        const { config, configTouched } = get();
        set({
          backend: { ...get().backend, active: e.active, available: e.backends, attempts: e.attempts, softwareGpu: e.softwareGpu, switching: false },
          ...(configTouched ? {} : { config: { ...config, run: defaultRunConfig(e.active, e.softwareGpu) } }),
        });
        break;
      }
      case 'status': {
        const live = get().live;
        if (!live || live.runId !== e.runId) {
          set({ live: emptyLive(e.runId, '', e.status, e.message) });
        } else patchLive(e.runId, { status: e.status, message: e.message, ...(e.status === 'running' ? { error: null } : {}) });
        if (e.status !== 'running' && e.status !== 'loading') void get().refreshRuns();
        if (e.status === 'finished') remindOfWorkspace(e.runId);
        break;
      }
      case 'data':
        patchLive(e.runId, { summary: e.summary, totalSteps: e.summary.totalSteps });
        break;
      case 'progress': {
        const points = (get().livePoints[e.runId] ??= []);
        // A resumed run repeats the steps after its last checkpoint (identically: batches depend on seed + step);
        // the arrays stay append-only, so only steps past the last one shown are added.
        const lastShown = points.at(-1)?.step ?? -1;
        points.push(...e.points.filter((p) => p.step > lastShown));
        if (points.length >= 2 * LIVE_POINTS_KEPT) points.splice(0, points.length - LIVE_POINTS_KEPT);
        const last = e.points.at(-1);
        const recent = points.slice(-10);
        const msPerStep = recent.reduce((a, p) => a + p.msPerStep, 0) / Math.max(recent.length, 1);
        set({ livePointsVersion: get().livePointsVersion + 1 });
        if (last) {
          patchLive(e.runId, {
            step: last.step + 1,
            totalSteps: e.totalSteps,
            imagesPerSecond: last.imagesPerSecond,
            msPerStep,
          });
        }
        break;
      }
      case 'epoch':
        (get().liveEpochs[e.runId] ??= []).push(e);
        set({ livePointsVersion: get().livePointsVersion + 1 });
        patchLive(e.runId, { bestScore: Number.isFinite(e.bestScore) ? e.bestScore : null });
        break;
      case 'checkpoint':
        patchLive(e.runId, { lastCheckpointStep: e.step });
        break;
      case 'measure-progress':
        set({ backend: { ...get().backend, measuring: { backend: e.backend, index: e.index, total: e.total } } });
        break;
      case 'backend-fallback':
        get().notify('warning', `The ${e.from} backend failed (${e.reason}); training continues on ${e.to} from the last checkpoint.`);
        set({ backend: { ...get().backend, active: e.to } });
        break;
      case 'error':
        if (e.code === 'busy') {
          // A stale Resume: another tab trains this run. Nothing was changed; show the run as it is.
          if (e.runId && get().live?.runId === e.runId) set({ live: null });
          get().notify('warning', e.message);
          void get().refreshRuns();
          break;
        }
        if (e.runId) patchLive(e.runId, { error: e.message, status: 'failed' });
        if (e.requestId === undefined) get().notify('error', e.message);
        if (e.runId) void get().refreshRuns();
        break;
      default:
        break;
    }
  }

  /** After a long run (issue 12): its results exist only in this browser's storage until exported. */
  function remindOfWorkspace(runId: string): void {
    const run = get().runs.find((r) => r.id === runId);
    const minutes = run ? (Date.now() - run.created) / 60_000 : 0;
    if (minutes >= LONG_RUN_MINUTES) {
      get().notify('warning', `Run “${run!.name}” finished after ${Math.round(minutes)} min. Its results live only in this browser's storage: keep a copy with Data → Export workspace.`);
    }
  }

  function resumeNow(runId: string): void {
    const run = get().runs.find((r) => r.id === runId);
    const live = emptyLive(runId, run?.name ?? runId, 'loading', 'Loading the last checkpoint…');
    // The run continues from its stored state: step, best score and checkpoint are the record's (written with
    // the checkpoint it resumes from), not blanks until the next epoch (issue 9: "best score –" after a resume).
    const step = run?.step ?? 0;
    set({
      live: {
        ...live, step, totalSteps: run?.totalSteps ?? 0, bestScore: run?.bestScore ?? null, lastCheckpointStep: step > 0 ? step : null,
      },
      resumableRunIds: get().resumableRunIds.filter((id) => id !== runId),
    });
    trainWorker().resume(runId);
    void get()
      .runCurves(runId)
      .then((curves) => {
        if (get().live?.runId === runId) set({ liveStoredCurves: { runId, curves: decimateCurves(curves) }, livePointsVersion: get().livePointsVersion + 1 });
      })
      .catch((err: unknown) => get().notify('error', `Could not read the run's stored curves: ${messageOf(err)}`));
  }

  /** Runs whose lock release refreshRuns waits for (one wait per run). */
  const watchedElsewhere = new Set<string>();

  function emptyLive(runId: string, name: string, status: RunStatus, message: string): LiveRun {
    return {
      runId, name, status, message, step: 0, totalSteps: 0, imagesPerSecond: 0, msPerStep: 0,
      bestScore: null, lastCheckpointStep: null, summary: null, error: null,
    };
  }

  return {
    config: defaultWorkbenchConfig(),
    configTouched: false,
    setConfig(next) {
      set((s) => ({ config: typeof next === 'function' ? next(s.config) : next, configTouched: true }));
    },
    backend: { preference: 'auto', active: null, available: [], attempts: [], softwareGpu: false, switching: false, measuring: null },
    async setBackendPreference(b) {
      set({ backend: { ...get().backend, preference: b, switching: true } });
      try {
        await trainWorker().setBackend(backendToUse(b, get().backendMeasurement));
      } catch (err) {
        set({ backend: { ...get().backend, switching: false } });
        get().notify('error', `Could not switch the backend: ${messageOf(err)}`);
      }
    },
    live: null,
    livePoints: {},
    liveStoredCurves: null,
    liveEpochs: {},
    livePointsVersion: 0,
    runs: [],
    resumableRunIds: [],
    elsewhereRunIds: [],

    datasetsSeen: [],
    adoptStoredDatasets() {
      const { config, datasets, datasetsSeen } = get();
      const next = adoptDatasets(config.datasets, datasets, datasetsSeen);
      if (next.changed) set({ config: { ...config, datasets: next.uses }, datasetsSeen: next.seen });
    },

    backendMeasurement: null,
    async measureBackends(software = true) {
      set({ backend: { ...get().backend, switching: true, measuring: null } });
      try {
        const t0 = performance.now();
        const { timings } = await trainWorker().measureBackends(software);
        set({ backendMeasurement: { measuredAt: Date.now(), tookMs: performance.now() - t0, timings }, backend: { ...get().backend, measuring: null } });
        await trainWorker().setBackend(backendToUse(get().backend.preference, get().backendMeasurement));
      } catch (err) {
        get().notify('error', `Could not measure the backends: ${messageOf(err)}`);
      } finally {
        set({ backend: { ...get().backend, switching: false, measuring: null } });
      }
    },

    async initTraining() {
      if (initStarted) return;
      initStarted = true;
      trainWorker().subscribe(onEvent);
      set({ backend: { ...get().backend, switching: true } });
      // The remembered choice (an override, else the measured fastest); a first start measures (issue 9).
      const { preference } = get().backend;
      const measured = get().backendMeasurement;
      // A first visit shows the example model's prediction before anything else (issue 9, item 8: under 5 s):
      // the training worker, whose backend start (wasm threads, tfjs) would share the CPU with the inference
      // worker's, starts only once the example prediction is on screen; it starts on wasm, which initialises in
      // every browser without compiling shaders, and the measurement then picks the fastest backend.
      const exampleFirst = !measured && preference === 'auto' && get().firstVisit;
      const first = exampleFirst ? 'wasm' : backendToUse(preference, measured);
      // A run started before then starts the worker itself, on this backend (and the init below changes nothing).
      trainWorker().preferBackend(first);
      await Promise.all([
        (exampleFirst ? exampleShown() : Promise.resolve())
          .then(() => trainWorker().init(first))
          .then(async () => {
            // A run the user started meanwhile keeps the worker: the next page load measures (nothing remembered).
            if (measured || liveRunOpen(get().live)) return;
            await get().measureBackends(false);
          })
          .catch((err) => {
            set({ backend: { ...get().backend, switching: false } });
            get().notify('error', messageOf(err));
          }),
        get().refreshRuns(),
      ]);
    },

    async refreshRuns() {
      try {
        const runs = await listRuns(await database());
        const held = await runsInProgress();
        const live = get().live;
        const liveId = liveRunOpen(live) ? live!.runId : undefined;
        const canContinue = (r: RunSummary) =>
          r.status === 'running' || r.status === 'paused' || r.status === 'stopped' || (r.status === 'failed' && (r.step ?? 0) > 0);
        const resumableRunIds = runs.filter((r) => canContinue(r) && !held.has(r.id) && r.id !== liveId).map((r) => r.id);
        const elsewhereRunIds = runs.filter((r) => held.has(r.id) && r.id !== live?.runId).map((r) => r.id);
        set({ runs, resumableRunIds, elsewhereRunIds });
        // A run held elsewhere — another tab, or the page this one replaced, for a moment after a reload — is
        // listed again once its lock is free: then it is resumable (or finished) here.
        for (const id of elsewhereRunIds) {
          if (watchedElsewhere.has(id)) continue;
          watchedElsewhere.add(id);
          void whenRunReleased(id).then(() => {
            watchedElsewhere.delete(id);
            return get().refreshRuns();
          });
        }
        const loss = await noteInventory(await database());
        if (loss) get().notify('error', loss.message);
      } catch (err) {
        get().notify('error', `Could not list the runs: ${messageOf(err)}`);
      }
    },

    async startFineTuning(source, model, name) {
      const { config } = get();
      get().setConfig({ ...config, run: { ...config.run, model: { ...config.run.model, variant: model.variant, inputSize: model.inputSize, widthMultiplier: model.widthMultiplier } } });
      await get().startRun(`Fine-tune ${name} ${new Date().toLocaleString()}`, source);
    },

    async startRun(name, initFrom) {
      const config = get().config;
      // "unused" everywhere trains on nothing (it used to train on every stored dataset: issue 9).
      const blocked = startBlocker(config.datasets);
      if (blocked) {
        get().notify('error', `Cannot start: ${blocked}`);
        return;
      }
      const mixed = syntheticAndReal(config.datasets, get().datasets);
      if (mixed && !confirmMixedData(mixed)) return;
      const problems = validateWorkbenchConfig(config, new Set(get().datasets.map((d) => d.id)));
      if (problems.length > 0) {
        get().notify('error', `Cannot start: ${problems.map((p) => p.message).join('; ')}.`);
        return;
      }
      get().launchRun(config, name ?? `${config.run.model.variant} ${config.run.model.inputSize}px ${new Date().toLocaleString()}`, initFrom);
    },
    launchRun(config, name, initFrom) {
      const runId = newRunId();
      const runName = uniqueRunName(name, [...get().runs, ...(get().live ? [get().live!] : [])]);
      set({ live: emptyLive(runId, runName, 'loading', 'Loading the data…') });
      trainWorker().start(runId, runName, config, initFrom);
      return runId;
    },
    pauseRun() {
      const live = get().live;
      if (live) trainWorker().pause(live.runId);
    },
    continueRun() {
      const live = get().live;
      if (live) trainWorker().continue(live.runId);
    },
    stopRun() {
      const live = get().live;
      if (live) trainWorker().stop(live.runId);
    },
    resumeRun(runId) {
      void (async () => {
        // Refused here at once when another tab holds the run (the worker checks the lock again, atomically).
        if ((await runsInProgress()).has(runId)) {
          const name = get().runs.find((r) => r.id === runId)?.name ?? runId;
          get().notify('warning', `Run “${name}” is being trained in another tab of the workbench; it was left alone there.`);
          await get().refreshRuns();
          return;
        }
        resumeNow(runId);
      })();
    },
    async deleteRun(runId) {
      if (get().live?.runId === runId && liveRunOpen(get().live)) {
        get().notify('error', 'Stop the run before deleting it.');
        return;
      }
      try {
        noteDeliberateRemoval();
        await deleteStoredRun(await database(), runId);
      } catch (err) {
        get().notify('error', `Could not delete the run: ${messageOf(err)}`);
      }
      await get().refreshRuns();
    },
    async runCurves(runId) {
      return getRunCurves(await database(), runId);
    },
  };
};
