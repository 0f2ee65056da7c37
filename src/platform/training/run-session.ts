// One run being trained inside the worker: loads its data, drives the core Trainer, batches step points to the
// page, and keeps IndexedDB up to date (checkpoint + curves + run bookkeeping in one transaction each time).
// A session ends by finishing, stopping, failing, or — on a lost GPU device — by handing the run back to the
// worker, which switches backend and resumes it from the last checkpoint.
import type { BackendName } from '../../core/config';
import { Trainer, type EpochReport, type StepProgress } from '../../core/train/loop';
import type { Checkpoint } from '../../core/train/checkpoint';
import type { RunImageKeys } from '../../core/train/run-assembly';
import { summarizeEvaluation } from '../../core/train/evaluate';
import { NonFiniteLossError } from '../../core/train/step';
import { cutRunCurves, getRunSummary, putRun, updateRun } from '../storage/runs';
import { latestCheckpoint, saveCheckpointWithCurves } from '../storage/checkpoints';
import type { CurvePoint, RunRecord } from '../storage/schema';
import type { WorkbenchDatabase } from '../storage/db';
import type { ModelSource, StepPoint, TrainErrorCode, TrainEvent } from '../workers/train.protocol';
import type { MultiMixModel } from '../../core/model';
import { buildModel, resolveWeights } from './model-source';
import type { WorkbenchRunConfig } from '../../core/workbench-config';
import { upgradeWorkbenchConfig, validateWorkbenchConfig } from '../../core/workbench-config';
import { checkpointToRecord, recordToCheckpoint } from './checkpoint-records';
import { epochCurvePoints, stepCurvePoints } from './curves';
import { mergeCurves } from '../storage/curves';
import { loadRunData } from './load-run-data';
import { RunDataError } from './run-data';
import { holdRunLock } from './run-lock';
import { isDeviceLostError } from './device-lost';
import { mergeProvenance, type TrainingProvenance } from '../../core/provenance';

/** Step points wait at most this long before they are posted (a few per second at most, never per point). */
const PROGRESS_INTERVAL_MS = 250;

export interface SessionHost {
  db: WorkbenchDatabase;
  post(event: TrainEvent): void;
  activeBackend(): BackendName;
  /** Set when the backend reported its device lost (WebGPU `device.lost`), even if no kernel failed yet. */
  deviceLost(): string | null;
  /**
   * After a failure: whether the device was lost. A kernel can fail (e.g. a buffer unmapped under a pending
   * mapAsync) a moment before `device.lost` resolves, so this waits briefly for it.
   */
  confirmDeviceLost(): Promise<string | null>;
  /** Resolves once the backend has started (it may still be starting when a tab just opened). */
  backendReady?(): Promise<void>;
}

/** Thrown out of `execute` when the GPU went away: the worker falls back and resumes the run. */
export class DeviceLostDuringRun extends Error {}

class SessionError extends Error {
  constructor(readonly code: TrainErrorCode, message: string) {
    super(message);
  }
}

export class RunSession {
  private trainer: Trainer | null = null;
  private pendingPoints: StepPoint[] = [];
  private pendingCurves: Record<string, CurvePoint[]> = {};
  private flushTimer: ReturnType<typeof setTimeout> | null = null;
  private lastPost = 0;
  private pauseRequested = false;
  private stopRequested = false;
  private releaseLock: () => void = () => {};
  private bestScore = -Infinity;
  private handingOver = false;
  /** What this run trained on so far (stored with the run and every checkpoint). */
  private provenance: TrainingProvenance | undefined;
  /** A resumed run of an older build trained steps before provenance was recorded. */
  private trainedUnrecorded = false;

  constructor(readonly runId: string, private readonly host: SessionHost) {}

  pause(): void {
    this.pauseRequested = true;
    this.trainer?.pause();
  }
  continue(): void {
    this.pauseRequested = false;
    if (this.trainer) {
      this.trainer.resume();
      this.status('running', 'Training');
    }
  }
  stop(): void {
    this.stopRequested = true;
    this.trainer?.stop();
  }
  /** Whether the user paused this run (and has not continued it). */
  get paused(): boolean {
    return this.pauseRequested;
  }
  /**
   * Stops at a checkpoint so the run can continue in a new session on another backend (a backend switch):
   * the record and the page keep the run's paused/running state instead of showing it stopped.
   */
  handOver(): void {
    this.handingOver = true;
    this.stop();
  }

  /** Creates the run record and trains from step 0 (`start`) or continues from the last checkpoint (`resume`). */
  async execute(kind: { start: { name: string; config: WorkbenchRunConfig; initFrom?: ModelSource } } | { resume: true }): Promise<void> {
    const released = new Promise<void>((r) => (this.releaseLock = r));
    try {
      if (!(await holdRunLock(this.runId, released))) {
        throw new SessionError('busy', 'This run is being trained in another tab of the workbench; it was left alone there.');
      }
      await this.host.backendReady?.();
      // A run reopened paused (after a backend switch) is shown paused throughout, never as loading/running.
      if (this.pauseRequested) this.status('paused', 'Paused; reopening the run on the new backend…');
      else this.status('loading', 'Loading the data…');
      const { config, checkpoint, dataKeys } = 'start' in kind ? await this.create(kind.start.name, kind.start.config, kind.start.initFrom) : await this.reopen();
      // Fine-tuning: the first step starts from the given model's weights (a resume starts from its checkpoint).
      const initial = 'start' in kind && kind.start.initFrom ? await this.initialModel(kind.start.initFrom, config) : undefined;
      const data = await loadRunData(this.host.db, config, dataKeys).catch((err: unknown) => {
        throw err instanceof RunDataError ? new SessionError('data', `Cannot load the run's data: ${err.message}`) : err;
      });
      // The images of every set, recorded once: a resume or re-run uses exactly these (issue 10).
      if (!dataKeys) await updateRun(this.host.db, this.runId, { dataKeys: data.keys });
      this.host.post({ type: 'data', runId: this.runId, summary: data.summary });
      // A resumed run keeps what it trained on before (it may have been re-pointed to other datasets since).
      this.provenance = mergeProvenance(this.provenance, data.provenance, this.trainedUnrecorded);
      const callbacks = {
        onStep: (p: StepProgress) => this.onStep(p),
        onEpoch: (e: EpochReport) => this.onEpoch(e),
        onCheckpoint: (ck: Checkpoint) => this.onCheckpoint(ck),
      };
      const options = { checkpointEverySteps: config.checkpointEverySteps };
      try {
        this.trainer = checkpoint
          ? await Trainer.fromCheckpoint(checkpoint, data.training, callbacks, options)
          : new Trainer(config.run, data.training, callbacks, options, initial);
      } catch (err) {
        const text = err instanceof Error ? err.message : String(err);
        const hint = /no unlabeled/.test(text) ? ' Lower the label budget or give a dataset the role "unlabeled".' : '';
        throw new SessionError('data', `${text}.${hint}`);
      }
      this.bestScore = this.trainer.progress.bestScore;
      if (this.stopRequested) return this.finish('stopped');
      if (this.pauseRequested) this.trainer.pause();
      await updateRun(this.host.db, this.runId, {
        status: 'running', backend: this.host.activeBackend(), totalSteps: this.trainer.totalSteps, provenance: this.provenance,
      });
      const at = this.trainer.progress.step;
      if (!this.pauseRequested) this.status('running', at > 0 ? `Training, resumed at step ${at}` : 'Training');
      const result = await this.trainer.run();
      const lost = this.host.deviceLost();
      if (lost !== null) throw new DeviceLostDuringRun(lost);
      await this.finish(result.status === 'finished' ? 'finished' : 'stopped');
    } catch (err) {
      await this.fail(err);
    } finally {
      this.dispose();
      this.releaseLock();
    }
  }

  /** The model a fine-tuning run starts from; its architecture must be the run's (else a `config` error naming both). */
  private async initialModel(source: ModelSource, config: WorkbenchRunConfig): Promise<MultiMixModel> {
    const w = await resolveWeights(this.host.db, source);
    const a = w.config;
    const b = config.run.model;
    if (a.variant !== b.variant || a.inputSize !== b.inputSize || a.widthMultiplier !== b.widthMultiplier) {
      throw new SessionError(
        'config',
        `Cannot fine-tune ${w.name}: it is ${a.variant}, ${a.inputSize} px, width ×${a.widthMultiplier} but the run config is ` +
          `${b.variant}, ${b.inputSize} px, width ×${b.widthMultiplier}; the run must use the model's architecture.`,
      );
    }
    return buildModel({ ...w, config: { ...a, dropout: b.dropout } });
  }

  private async create(name: string, config: WorkbenchRunConfig, initFrom?: ModelSource): Promise<{ config: WorkbenchRunConfig; checkpoint?: undefined; dataKeys?: undefined }> {
    const problems = validateWorkbenchConfig(config);
    if (problems.length > 0) throw new SessionError('config', `The run config is not valid: ${problems.map((p) => p.message).join('; ')}`);
    const now = Date.now();
    const run: RunRecord = {
      id: this.runId, name, created: now, updated: now, status: 'running', config: config.run,
      datasetIds: config.datasets.map((d) => d.datasetId), curves: {}, workbench: config,
      backend: this.host.activeBackend(), step: 0,
      ...(initFrom ? { initFrom } : {}),
    };
    await putRun(this.host.db, run);
    return { config };
  }

  private async reopen(): Promise<{ config: WorkbenchRunConfig; checkpoint?: Checkpoint; dataKeys?: RunImageKeys }> {
    const run = await getRunSummary(this.host.db, this.runId);
    if (!run) throw new SessionError('not-found', `Run ${this.runId} no longer exists.`);
    if (!run.workbench) throw new SessionError('config', `Run "${run.name}" was not started by the workbench; it has no dataset roles to resume with.`);
    const rec = await latestCheckpoint(this.host.db, this.runId);
    const at = rec?.step ?? 0;
    // Curves are saved with checkpoints, but drop anything past the checkpoint so a resume never duplicates steps.
    await cutRunCurves(this.host.db, this.runId, at, { step: at, status: 'running' });
    // A run stored by an older build lacks the config fields added since: they take their defaults.
    const config = upgradeWorkbenchConfig(run.workbench);
    this.provenance = run.provenance;
    this.trainedUnrecorded = !run.provenance && at > 0;
    // Runs stored before the keys were recorded are assembled afresh from their datasets.
    const keys = run.dataKeys ? { dataKeys: run.dataKeys } : {};
    return rec ? { config, checkpoint: recordToCheckpoint(rec, run.config), ...keys } : { config, ...keys };
  }

  private onStep(p: StepProgress): void {
    const point: StepPoint = {
      step: p.step, epoch: p.epoch, lr: p.learningRate, terms: p.terms, msPerStep: p.msPerStep,
      imagesPerSecond: p.imagesPerSecond, wallTime: Date.now(),
    };
    this.pendingPoints.push(point);
    mergeCurves(this.pendingCurves, stepCurvePoints([point]));
    const wait = PROGRESS_INTERVAL_MS - (performance.now() - this.lastPost);
    if (wait <= 0) this.postProgress();
    else this.flushTimer ??= setTimeout(() => this.postProgress(), wait);
  }

  private postProgress(): void {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = null;
    if (this.pendingPoints.length === 0 || !this.trainer) return;
    this.lastPost = performance.now();
    this.host.post({ type: 'progress', runId: this.runId, points: this.pendingPoints, totalSteps: this.trainer.totalSteps });
    this.pendingPoints = [];
  }

  private onEpoch(e: EpochReport): void {
    this.postProgress();
    const validation = e.validation ? summarizeEvaluation(e.validation) : undefined;
    if (e.isBest && e.score !== undefined) this.bestScore = e.score;
    mergeCurves(this.pendingCurves, epochCurvePoints(e.epoch, e.step, validation, e.score));
    this.host.post({
      type: 'epoch', runId: this.runId, epoch: e.epoch, step: e.step, isBest: e.isBest, bestScore: this.bestScore,
      ...(validation ? { validation } : {}), ...(e.score !== undefined ? { score: e.score } : {}),
    });
  }

  private async onCheckpoint(ck: Checkpoint): Promise<void> {
    this.postProgress();
    const curves = this.pendingCurves;
    this.pendingCurves = {};
    const paused = this.trainer?.status === 'paused';
    await saveCheckpointWithCurves(this.host.db, checkpointToRecord(this.runId, ck, this.provenance), curves, {
      step: ck.state.step,
      backend: this.host.activeBackend(),
      ...(paused ? { status: 'paused' as const } : {}),
      ...(Number.isFinite(ck.state.bestScore) ? { bestScore: ck.state.bestScore, bestStep: ck.state.bestStep } : {}),
    });
    this.host.post({ type: 'checkpoint', runId: this.runId, step: ck.state.step, epoch: ck.state.epoch });
    if (paused) this.status('paused', `Paused at step ${ck.state.step}; checkpoint saved`);
  }

  private async finish(status: 'finished' | 'stopped'): Promise<void> {
    this.postProgress();
    const step = this.trainer?.progress.step ?? 0;
    if (this.handingOver && status === 'stopped') {
      const kept = this.pauseRequested ? 'paused' : 'running';
      await updateRun(this.host.db, this.runId, { status: kept, step }).catch(() => undefined);
      this.status(kept === 'paused' ? 'paused' : 'loading', `${kept === 'paused' ? 'Paused' : 'Switching'} at step ${step}; moving to the new backend…`);
      return;
    }
    await updateRun(this.host.db, this.runId, { status, step }).catch(() => undefined);
    this.status(status, status === 'finished' ? `Finished after ${step} steps` : `Stopped at step ${step}`);
  }

  private async fail(err: unknown): Promise<void> {
    this.postProgress();
    const lost = isDeviceLostError(err) ? null : await this.host.confirmDeviceLost();
    if (lost !== null || isDeviceLostError(err)) throw new DeviceLostDuringRun(lost ?? (err instanceof Error ? err.message : String(err)));
    const code: TrainErrorCode =
      err instanceof SessionError ? err.code : err instanceof NonFiniteLossError ? 'nan-loss' : err instanceof RunDataError ? 'data' : 'internal';
    const text = err instanceof Error ? err.message : String(err);
    const message = code === 'nan-loss' ? `Training stopped: ${text}` : text;
    // A run another tab is training is not ours to touch (issue 12: a stale Resume used to mark it failed).
    if (code !== 'not-found' && code !== 'busy') await updateRun(this.host.db, this.runId, { status: 'failed', error: message }).catch(() => undefined);
    this.host.post({ type: 'error', runId: this.runId, code, message });
    if (code !== 'busy') this.status('failed', message);
  }

  private status(status: 'loading' | 'running' | 'paused' | 'stopped' | 'finished' | 'failed', message: string): void {
    this.host.post({ type: 'status', runId: this.runId, status, message });
  }

  private dispose(): void {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    try {
      this.trainer?.dispose();
      this.trainer?.model.dispose();
    } catch {
      // A lost device can refuse to free its buffers; the backend is being replaced anyway.
    }
    this.trainer = null;
  }
}
