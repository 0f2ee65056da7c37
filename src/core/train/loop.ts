// The training loop: epochs of steps, the paper's step-decay schedule, validation after each epoch with
// model selection (the best validation epoch's weights are the result — the authors' code returned the
// epoch-0 weights), pause / resume / stop between steps, and checkpoints that restore weights, Adam state
// and position exactly.
import * as tf from '@tensorflow/tfjs';
import { validateRunConfig, variantFeatures, type RunConfig } from '../config';
import { createRng } from '../rng';
import { MultiMixModel } from '../model';
import { checkTrainingSet, type TrainingSet } from './data';
import { buildStepBatch, disposeStepBatch } from './sampler';
import { trainStep, type LossTermValues } from './step';
import { Adam } from './optimizer';
import { planStep, stepMemoryBudget, StepMemoryError, type StepPlan } from './memory-plan';
import { evaluateModel, selectionScore, type EvaluationResult } from './evaluate';
import {
  CHECKPOINT_FORMAT, decodeTensors, encodeOptimizer, encodeTensors, namedList, restoreOptimizer,
  type Checkpoint, type TrainerState,
} from './checkpoint';

export interface StepProgress {
  step: number;
  epoch: number;
  totalSteps: number;
  learningRate: number;
  terms: LossTermValues;
  msPerStep: number;
  imagesPerSecond: number;
}

export interface EpochReport {
  epoch: number;
  step: number;
  validation?: EvaluationResult;
  score?: number;
  isBest: boolean;
}

export interface TrainerCallbacks {
  onStep?(p: StepProgress): void;
  onEpoch?(e: EpochReport): void;
  /** Called every `checkpointEverySteps` steps and at every epoch end, pause and stop. */
  onCheckpoint?(c: Checkpoint): void | Promise<void>;
}

export interface TrainerOptions {
  checkpointEverySteps?: number;
  /** Images per forward pass during validation. */
  evalBatchSize?: number;
  /**
   * Memory a training step may use (bytes); default: the active backend's (stepMemoryBudget: wasm's 4 GiB heap
   * less headroom; none elsewhere). Steps that would not fit run in chunks (memory-plan.ts); a config that
   * cannot fit even so is refused by the constructor, naming the largest M that fits.
   */
  memoryBudgetBytes?: number;
}

export type TrainerStatus = 'idle' | 'running' | 'paused' | 'stopped' | 'finished';

/** Learning rate for an epoch under the step-decay schedule (paper: 1e-4, ×0.1 every 8 epochs). */
export function learningRateAt(config: RunConfig, epoch: number): number {
  return config.optim.learningRate * Math.pow(config.optim.decayFactor, Math.floor(epoch / config.optim.decayEveryEpochs));
}

export function stepsPerEpoch(config: RunConfig, set: TrainingSet): number {
  if (config.stepsPerEpoch > 0) return config.stepsPerEpoch;
  const f = variantFeatures(config.model.variant);
  const largest = Math.max(f.seg ? set.labeledSeg.length : 0, f.cls ? set.labeledCls.length : 0, 1);
  return Math.max(1, Math.ceil(largest / config.batchSize));
}

/** Images one step feeds through the network: M per stream (weak and strong views count separately). */
export function imagesPerStep(config: RunConfig): number {
  const f = variantFeatures(config.model.variant);
  return config.batchSize * ((f.seg ? 1 : 0) + (f.kl ? 1 : 0) + (f.cls ? 1 : 0) + (f.ssl ? 2 : 0));
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

export class Trainer {
  readonly model: MultiMixModel;
  private optimizer: Adam;
  private state: TrainerState = { step: 0, epoch: 0, bestScore: -Infinity, bestStep: -1 };
  private best: Record<string, tf.Tensor> | undefined;
  private status_: TrainerStatus = 'idle';
  private resumeGate: { promise: Promise<void>; release: () => void } | undefined;
  private stopRequested = false;
  /** How each step is computed (whole or in chunks), fixed when the trainer is built. */
  readonly plan: StepPlan;

  constructor(
    readonly config: RunConfig,
    private readonly data: TrainingSet,
    private readonly callbacks: TrainerCallbacks = {},
    private readonly options: TrainerOptions = {},
    model?: MultiMixModel,
  ) {
    const problems = [...validateRunConfig(config).map((p) => p.message), ...checkTrainingSet(data, variantFeatures(config.model.variant))];
    if (data.size !== config.model.inputSize) {
      problems.push(`training images are ${data.size} px but the model input is ${config.model.inputSize} px`);
    }
    let plan: StepPlan | undefined;
    if (problems.length === 0) {
      try {
        plan = planStep(config, options.memoryBudgetBytes ?? stepMemoryBudget(tf.getBackend()));
      } catch (e) {
        if (!(e instanceof StepMemoryError)) throw e;
        problems.push(e.message);
      }
    }
    if (problems.length > 0 || !plan) throw new Error(`cannot train: ${problems.join('; ')}`);
    this.plan = plan;
    this.model = model ?? MultiMixModel.create(config.model, config.seed);
    this.optimizer = new Adam({ learningRate: learningRateAt(config, 0) });
  }

  private stepOptions(): { chunks?: NonNullable<StepPlan['chunks']> } {
    return this.plan.chunks ? { chunks: this.plan.chunks } : {};
  }

  /** Rebuilds a trainer exactly where a checkpoint left it. */
  static async fromCheckpoint(ck: Checkpoint, data: TrainingSet, callbacks?: TrainerCallbacks, options?: TrainerOptions): Promise<Trainer> {
    if (ck.format !== CHECKPOINT_FORMAT) throw new Error(`not a MultiMix checkpoint (format ${String(ck.format)})`);
    const model = MultiMixModel.fromWeights(ck.config.model, ck.weights, 'checkpoint');
    const trainer = new Trainer(ck.config, data, callbacks, options, model);
    await restoreOptimizer(trainer.optimizer, ck.optimizer, model.trainableVariables().length);
    trainer.state = { ...ck.state };
    if (ck.best) trainer.best = decodeTensors(ck.best);
    return trainer;
  }

  get status(): TrainerStatus {
    return this.status_;
  }
  get progress(): Readonly<TrainerState> & { totalSteps: number } {
    return { ...this.state, totalSteps: this.totalSteps };
  }
  get totalSteps(): number {
    return this.config.epochs * stepsPerEpoch(this.config, this.data);
  }

  /** Pauses before the next step; also before `run()` starts (a run reopened paused stays paused). */
  pause(): void {
    if ((this.status_ !== 'running' && this.status_ !== 'idle') || this.resumeGate) return;
    let release = () => {};
    const promise = new Promise<void>((r) => (release = r));
    this.resumeGate = { promise, release };
  }
  resume(): void {
    const gate = this.resumeGate;
    this.resumeGate = undefined;
    gate?.release();
  }
  stop(): void {
    this.stopRequested = true;
    this.resume();
  }

  /** Runs until the configured epochs are done or `stop()` is called. Resolves with the final state. */
  async run(): Promise<{ status: TrainerStatus; state: TrainerState }> {
    const perEpoch = stepsPerEpoch(this.config, this.data);
    const every = this.options.checkpointEverySteps ?? 0;
    const features = this.model.features;
    this.status_ = 'running';
    while (this.state.step < this.totalSteps && !this.stopRequested) {
      const gate = this.resumeGate;
      if (gate) {
        this.status_ = 'paused';
        await this.emitCheckpoint();
        // Held in a local: resume() may come while the pause checkpoint is being saved, and clears the field.
        await gate.promise;
        if (this.stopRequested) break;
        this.status_ = 'running';
      }
      const step = this.state.step;
      const epoch = Math.floor(step / perEpoch);
      const lr = learningRateAt(this.config, epoch);
      this.optimizer.learningRate = lr;
      const t0 = performance.now();
      const batch = buildStepBatch(this.data, features, this.config, step);
      let terms: LossTermValues;
      try {
        terms = await trainStep(this.model, this.optimizer, batch, this.config.loss, createRng(`${this.config.seed}/step/${step}/dropout`), step, this.stepOptions());
      } finally {
        disposeStepBatch(batch);
      }
      const ms = performance.now() - t0;
      this.state.step = step + 1;
      this.callbacks.onStep?.({
        step, epoch, totalSteps: this.totalSteps, learningRate: lr, terms, msPerStep: ms,
        imagesPerSecond: (imagesPerStep(this.config) * 1000) / ms,
      });
      if ((step + 1) % perEpoch === 0) await this.endEpoch(epoch);
      else if (every > 0 && (step + 1) % every === 0) await this.emitCheckpoint();
      await yieldToEventLoop();
    }
    this.status_ = this.stopRequested ? 'stopped' : 'finished';
    if (this.stopRequested) await this.emitCheckpoint();
    if (this.status_ === 'finished' && this.best) this.model.setWeights(this.best);
    return { status: this.status_, state: { ...this.state } };
  }

  private async endEpoch(epoch: number): Promise<void> {
    this.state.epoch = epoch + 1;
    const report: EpochReport = { epoch, step: this.state.step, isBest: false };
    const hasVal = this.data.valSeg.length > 0 || this.data.valCls.length > 0;
    if (hasVal) {
      const validation = await evaluateModel(
        this.model,
        { size: this.data.size, seg: this.data.valSeg, cls: this.data.valCls },
        { batchSize: this.options.evalBatchSize ?? Math.max(this.config.batchSize, 8) },
      );
      const score = selectionScore(validation);
      report.validation = validation;
      report.score = score;
      if (score > this.state.bestScore) {
        this.state.bestScore = score;
        this.state.bestStep = this.state.step;
        if (this.best) tf.dispose(Object.values(this.best));
        this.best = this.model.getWeights();
        report.isBest = true;
      }
    }
    this.callbacks.onEpoch?.(report);
    await this.emitCheckpoint();
  }

  private async emitCheckpoint(): Promise<void> {
    if (!this.callbacks.onCheckpoint) return;
    await this.callbacks.onCheckpoint(await this.checkpoint());
  }

  async checkpoint(): Promise<Checkpoint> {
    const weights = this.model.getWeights();
    const ck: Checkpoint = {
      format: CHECKPOINT_FORMAT,
      config: this.config,
      state: { ...this.state },
      weights: await encodeTensors(namedList(weights)),
      optimizer: await encodeOptimizer(this.optimizer),
      createdAt: new Date().toISOString(),
    };
    tf.dispose(Object.values(weights));
    if (this.best) ck.best = await encodeTensors(namedList(this.best));
    return ck;
  }

  /** Frees the optimizer and kept best weights; the model stays usable until `model.dispose()`. */
  dispose(): void {
    this.optimizer.dispose();
    if (this.best) tf.dispose(Object.values(this.best));
    this.best = undefined;
  }
}
