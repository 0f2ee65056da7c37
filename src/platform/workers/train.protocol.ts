// The typed message protocol between the page and the training worker: one union per direction, tagged by
// `type`. The worker chooses the backend, trains and checkpoints to IndexedDB, so nothing heavy ever runs on
// the main thread. The model payloads below (ModelSource, ImagePrediction, RoleEvaluation, artifacts) are also
// the inference worker's (./inference.protocol.ts), which answers the viewer, evaluation and model files
// beside training (issue 9). Requests that expect exactly one answer carry a `requestId`; run events carry
// the `runId` they belong to. Type-only imports: this module costs the page bundle nothing (no tfjs). The run
// config itself lives in core/workbench-config.ts.
import type { BackendName, RunConfig } from '../../core/config';
import type { LossTermValues } from '../../core/train/step';
import type { EvaluationResult } from '../../core/train/evaluate';
import type { BackendAttempt } from '../backend';
import type { WeightSpec } from '../../core/model/weights-io';
import type { WorkbenchRunConfig } from '../../core/workbench-config';
import type { TrainingProvenance } from '../../core/provenance';

// ---------------------------------------------------------------------------------------------------------
// Shared payloads
// ---------------------------------------------------------------------------------------------------------

/** A model to run: a run's weights (`best` validation epoch, the default, or the `latest` checkpoint) or a saved model. */
export type ModelSource = { runId: string; which?: 'best' | 'latest' } | { modelId: string };

export type RunStatus = 'loading' | 'running' | 'paused' | 'stopped' | 'finished' | 'failed';

/** One training step as the curves plot it. Only new points travel; the run record keeps them all. */
export interface StepPoint {
  /** 0-based index of the step this point is for. */
  step: number;
  epoch: number;
  lr: number;
  /** total, cls, dice, fixmatch, kl (whichever the variant has) and maskRate (FixMatch's confident share). */
  terms: LossTermValues;
  msPerStep: number;
  imagesPerSecond: number;
  /** Date.now() when the step finished. */
  wallTime: number;
}

/** The numbers of a validation/evaluation pass (summarizeEvaluation of the core). */
export interface EvaluationSummary {
  cls?: Record<string, number>;
  seg?: Record<string, number>;
}

/** How many images each stream and held-out set of a run got (shown before the first step). */
export interface RunDataSummary {
  inputSize: number;
  labeledSeg: number;
  unlabeledSeg: number;
  labeledCls: number;
  unlabeledCls: number;
  valSeg: number;
  valCls: number;
  testSeg: number;
  testCls: number;
  crossDomainSeg: number;
  crossDomainCls: number;
  stepsPerEpoch: number;
  totalSteps: number;
  /** True when any dataset used is a synthetic phantom (the UI must say so next to every result). */
  synthetic: boolean;
}

/** One backend's measured training speed (issue 9): a tiny step after a warm-up, or why it was not timed. */
export interface BackendTiming {
  backend: BackendName;
  msPerStep?: number;
  /** The warm-up step (kernel/shader compilation included) and the backend's start-up before it, ms. */
  warmupMs?: number;
  startMs?: number;
  error?: string;
}

/** `busy`: another tab holds the run's lock and is training it; nothing about the run was changed. */
export type TrainErrorCode = 'nan-loss' | 'device-lost' | 'config' | 'data' | 'not-found' | 'internal' | 'busy';

/** One image's model output at the model's input size (`size`×`size`, row-major). */
export interface ImagePrediction {
  key: string;
  /** P(pneumonia), when the variant classifies. */
  pneumoniaProb?: number;
  /** Mask probabilities in [0, 1], when the variant segments. */
  mask?: Float32Array;
  /** |∂ predicted-class logit / ∂ input| scaled to [0, 1] per image (SmoothGrad-averaged if asked), when it classifies. */
  saliency?: Float32Array;
  /** Dice of the thresholded mask (p ≥ 0.5) against the stored mask resized to `size`, when both exist. */
  dice?: number;
}

export type EvaluationRole = 'test' | 'cross-domain';

/** Metrics of one held-out set (the test split of the train datasets + `test` datasets, or `cross-domain` ones). */
export interface RoleEvaluation {
  role: EvaluationRole;
  datasetIds: string[];
  /** Full result: metrics, ROC, per-image ids/probabilities/labels, per-image Dice (see core/train/evaluate.ts). */
  result: EvaluationResult;
  summary: EvaluationSummary;
}

/** What the models store lists (the weights stay in the worker / IndexedDB). */
export interface ModelSummary {
  id: string;
  name: string;
  created: number;
  runId?: string;
  config: RunConfig['model'];
  metrics: Record<string, number>;
  /** Absent: unknown provenance (a model saved before issue 9, or imported from a file without it). */
  provenance?: TrainingProvenance;
}

/**
 * TF.js model artifacts as the worker hands them out (and takes them in): `modelTopology` carries the
 * MultiMix config (core/model/weights-io.ts), `weightData` is one transferable buffer.
 */
export interface ModelArtifactsMessage {
  modelTopology: object;
  weightSpecs: WeightSpec[];
  weightData: ArrayBuffer;
  /** The run config that produced the weights, when known (exported next to the model files). */
  runConfig?: RunConfig;
  /** What the weights were trained on, when known (model.json `userDefinedMetadata.provenance`). */
  provenance?: TrainingProvenance;
}

// ---------------------------------------------------------------------------------------------------------
// main → worker
// ---------------------------------------------------------------------------------------------------------

export type TrainRequest =
  /** Pick the backend (answered by `ready`). Sent by the client before anything else. */
  | { type: 'init'; backend: BackendName | 'auto' }
  /**
   * Creates run `runId` (a new record) and trains it from step 0: from fresh weights, or — fine-tuning (issue 9,
   * item 8) — from the weights of `initFrom`, whose architecture must equal `config.run.model`.
   */
  | { type: 'start'; runId: string; name: string; config: WorkbenchRunConfig; initFrom?: ModelSource }
  /** Continues a stored run from its last checkpoint (after a reload, a crash or a stop). */
  | { type: 'resume'; runId: string }
  | { type: 'pause'; runId: string }
  /** Continues a paused run in this session (no reload from IndexedDB). */
  | { type: 'continue'; runId: string }
  | { type: 'stop'; runId: string }
  /**
   * Destroys the WebGPU device (or loses the WebGL context) as a driver reset would: the run falls back to the
   * next backend and resumes from its last checkpoint. For demos and the browser test of that path.
   */
  | { type: 'simulateDeviceLoss' }
  /**
   * Times one small training step (32 px, width 0.25, M = 1, after one warm-up step) on every backend that
   * initialises (the active backend is restored after). Progress as `measure-progress`, answered by
   * `backends-measured`; refused while a run trains in this worker. Without `software`, GPU backends on a
   * software adapter (SwiftShader: CPU speed, and 15–30 s of shader compilation here) are listed untimed.
   */
  | { type: 'measureBackends'; requestId: number; software: boolean }
  /** Switch backends; a running run is checkpointed and resumed on the new backend. Answered by `ready`. */
  | { type: 'setBackend'; backend: BackendName | 'auto' };

// ---------------------------------------------------------------------------------------------------------
// worker → main
// ---------------------------------------------------------------------------------------------------------

export type TrainEvent =
  | {
      type: 'ready';
      /** Backends that initialised in this browser, ladder order. */
      backends: BackendName[];
      active: BackendName;
      /** The tries that led to `active`, with why each failed one was skipped. */
      attempts: BackendAttempt[];
      /** WebGPU on a software adapter (SwiftShader) trains at CPU speed: defaults should be CPU-sized then. */
      softwareGpu: boolean;
    }
  | { type: 'status'; runId: string; status: RunStatus; message: string }
  | { type: 'data'; runId: string; summary: RunDataSummary }
  | { type: 'progress'; runId: string; points: StepPoint[]; totalSteps: number }
  | {
      type: 'epoch';
      runId: string;
      epoch: number;
      step: number;
      validation?: EvaluationSummary;
      /** Model-selection score (mean of val AUC and Dice over the variant's heads). */
      score?: number;
      isBest: boolean;
      bestScore: number;
    }
  | { type: 'checkpoint'; runId: string; step: number; epoch: number }
  /** `requestId` when the error answers a request (measureBackends), `runId` when it ends or concerns a run. */
  | { type: 'error'; runId?: string; requestId?: number; code: TrainErrorCode; message: string }
  | { type: 'backend-fallback'; runId?: string; from: BackendName; to: BackendName; reason: string }
  | { type: 'measure-progress'; backend: BackendName; index: number; total: number }
  | { type: 'backends-measured'; requestId: number; timings: BackendTiming[] };

