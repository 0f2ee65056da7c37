// The typed message protocol between the page and the inference worker (issue 9: inference beside training).
// The inference worker answers the viewer (predict + saliency), evaluation and model files from the weights
// in IndexedDB — a run's best/latest checkpoint or a saved model — in its own thread, so none of these waits
// for a training step. It reloads a run's weights lazily: each request compares the run's newest checkpoint
// key (its step) with the cached model's. The payloads are shared with the training protocol
// (./train.protocol.ts). Type-only imports: no tfjs in the page bundle.
import type { BackendName } from '../../core/config';
import type { DatasetUse } from '../../core/workbench-config';
import type { BackendAttempt } from '../backend';
import type { CellResult } from '../../core/research/grid-plan';
import type { EvaluationRole, ImagePrediction, ModelArtifactsMessage, ModelSource, ModelSummary, RoleEvaluation } from './train.protocol';

export type InferenceRequest =
  /**
   * The backend to run on (answered by `ready`); sent first by the client, again when the choice changes.
   * The worker tries it, then wasm, then cpu — never a GPU backend it was not asked for.
   */
  | { type: 'init'; backend: BackendName }
  | {
      type: 'predict';
      requestId: number;
      source: ModelSource;
      datasetId: string;
      keys: string[];
      /** SmoothGrad: mean saliency over `samples` copies with Gaussian noise of std `noise` × the image's range. */
      smoothGrad?: { samples: number; noise: number };
    }
  /**
   * Like `predict`, for images the page holds that are not stored (the example X-rays, issue 9): each `size`²
   * 8-bit gray (+ 0/255 mask). Answered by `prediction`.
   */
  | {
      type: 'predictPixels';
      requestId: number;
      source: ModelSource;
      images: Array<{ key: string; pixels: Uint8Array; mask?: Uint8Array }>;
      size: number;
      smoothGrad?: { samples: number; noise: number };
    }
  | {
      type: 'evaluate';
      requestId: number;
      source: ModelSource;
      roles: EvaluationRole[];
      /** Which datasets play which role; default: the run's own config (required for a saved model without a run). */
      datasets?: DatasetUse[];
    }
  /**
   * Test metrics and per-image values of a finished run, as a grid cell keeps them (issue 10): best weights,
   * threshold chosen on validation, in-domain and cross-domain blocks, SSL diagnostics. Answered by `cell-results`.
   */
  | { type: 'cellResults'; requestId: number; runId: string }
  /** Stores a run's best (default) or latest weights as a named model. Answered by `model-saved`. */
  | { type: 'saveModel'; requestId: number; runId: string; name: string; which?: 'best' | 'latest' }
  /** TF.js artifacts of a model, for `downloads://`-style export by the page. Answered by `model-exported`. */
  | { type: 'exportModel'; requestId: number; source: ModelSource }
  /** Checks artifacts (from a file picker) build a MultiMix model and stores them. Answered by `model-saved`. */
  | { type: 'importModel'; requestId: number; name: string; artifacts: ModelArtifactsMessage };

/** `not-found`: the run, checkpoint or model is gone; `data`: a bad request (no images, bad SmoothGrad, no test sets). */
type InferenceErrorCode = 'not-found' | 'data' | 'internal';

export type InferenceEvent =
  /** The backend the worker runs on, and the wasm threads it uses (1 here: training has the other cores). */
  | { type: 'ready'; active: BackendName; attempts: BackendAttempt[]; threads?: number }
  /** `requestId` when it answers a request; without, the backend could not start. */
  | { type: 'error'; requestId?: number; code: InferenceErrorCode; message: string }
  /** `weights`: which weights answered, e.g. "run name (step 12)"; `ms`: time in the worker. */
  | { type: 'prediction'; requestId: number; size: number; items: ImagePrediction[]; weights: string; ms: number }
  | { type: 'evaluation'; requestId: number; evaluations: RoleEvaluation[]; ms: number }
  | { type: 'cell-results'; requestId: number; runId: string; result: CellResult; ms: number }
  | { type: 'model-saved'; requestId: number; model: ModelSummary }
  | { type: 'model-exported'; requestId: number; name: string; artifacts: ModelArtifactsMessage };
