// How many images one taped pass of a training step may hold, from an estimate of the step's peak memory
// (issue 8). wasm32 addresses at most 4 GiB and tfjs-backend-wasm aborts ("memory access out of bounds",
// "null function or function signature mismatch") when an allocation fails, so a step that would not fit must
// be split into chunks (chunked-step.ts) — and a configuration that cannot fit even then must be refused before
// the run starts, naming the largest M that fits.
//
// The estimate: a taped pass keeps, per image, a fixed number of bytes per feature-map element of the network
// (inputs and outputs of every conv block: conv outputs, instance-norm statistics and output, LeakyReLU, dropout
// keep-masks). That count is analytic (featureElementsPerImage); the bytes per element were measured with
// tf.profile's peakBytes on wasm (≈ 19.4 B for encoder + decoder passes, ≈ 22.5–30 B for encoder-only passes
// with FixMatch at 64–128 px) and rounded up. tests/unit/train/memory-plan.test.ts checks the estimate against
// measured peaks; `npm run bench` prints estimate and measured wasm heap side by side. The wasm heap runs up to
// ~1.3× tfjs' own peak (allocator fragmentation, XNNPACK's packed filters, geometric heap growth), hence the
// budget of 2.75 of the 4 GiB.
import * as tf from '@tensorflow/tfjs';
import { variantFeatures, type ModelConfig, type RunConfig } from '../config';
import { decoderInputChannels, modelWidths, parameterSpecs, SALIENCY_BRIDGE_CHANNELS } from '../model/architecture';
import type { ChunkSizes } from './chunked-step';

/** Bytes a taped (or tidy-held) pass keeps per feature-map element, rounded up from wasm measurements. */
export const TAPED_BYTES_PER_FEATURE_ELEMENT = { seg: 24, cls: 32 } as const;
/**
 * What the plan lets a step's tensors use on wasm: wasm32's 4 GiB heap (the most tfjs-backend-wasm can grow to)
 * less room for the allocator's fragmentation,
 * XNNPACK's packed weights and workspaces, and the estimate's error.
 */
export const WASM_STEP_BUDGET_BYTES = 2.75 * 2 ** 30;

/** The memory budget of a training step on a backend, or undefined when there is no hard limit we know of. */
export function stepMemoryBudget(backend: string): number | undefined {
  return backend === 'wasm' ? WASM_STEP_BUDGET_BYTES : undefined;
}

/**
 * Feature-map elements one image's pass creates: Σ over conv blocks of res² · (input channels + 2 × output
 * channels). `seg`: encoder + decoder (+ bridge); otherwise encoder only.
 */
export function featureElementsPerImage(model: ModelConfig, seg: boolean): number {
  const w = modelWidths(model.widthMultiplier);
  const s = model.inputSize;
  let n = 0;
  let cin = 1;
  for (let level = 0; level < 5; level++) {
    const cout = w.encoder[level] as number;
    n += (s / 2 ** level) ** 2 * (cin + 2 * cout);
    cin = cout;
  }
  if (seg) {
    const saliency = variantFeatures(model.variant).saliency;
    for (const stage of [1, 2, 3, 4] as const) {
      const res = s / 2 ** (4 - stage);
      n += res * res * (decoderInputChannels(w, stage, saliency) + 2 * (w.decoder[stage - 1] as number));
    }
    n += s * s * (2 + SALIENCY_BRIDGE_CHANNELS);
  }
  return n;
}

/** Estimated bytes one image holds in a taped seg (encoder + decoder) and cls (encoder) pass. */
export function bytesPerImage(model: ModelConfig): { seg: number; cls: number } {
  return {
    seg: TAPED_BYTES_PER_FEATURE_ELEMENT.seg * featureElementsPerImage(model, true),
    cls: TAPED_BYTES_PER_FEATURE_ELEMENT.cls * featureElementsPerImage(model, false),
  };
}

/** Images in each pass of one step at batch size M: seg = labeled (+ unlabeled for KL), cls = labeled (+ strong). */
export function passImages(config: RunConfig, m = config.batchSize): { seg: number; cls: number } {
  const f = variantFeatures(config.model.variant);
  return { seg: f.seg ? m * (f.kl ? 2 : 1) : 0, cls: f.cls ? m * (f.ssl ? 2 : 1) : 0 };
}

/**
 * Peak bytes of one step at batch size M, whole (chunks undefined: the seg and cls tapes are alive together)
 * or in chunks (one pass at a time). Includes weights, Adam moments, gradients and the step's input tensors.
 */
export function estimateStepPeakBytes(config: RunConfig, chunks?: ChunkSizes, m = config.batchSize): number {
  const params = parameterSpecs(config.model).reduce((n, p) => n + p.shape.reduce((a, b) => a * b, 1), 0);
  const imgs = passImages(config, m);
  const pixels = config.model.inputSize ** 2;
  // weights, Adam m and v, the accumulated gradients and one chunk's gradients; 5M input images (+ normalised
  // copies and saliency maps); 16 MiB of small tensors and kernel workspaces.
  const fixed = 5 * 4 * params + 3 * 4 * pixels * (imgs.seg + imgs.cls + m) + 16 * 2 ** 20;
  const { seg: segImage, cls: clsImage } = bytesPerImage(config.model);
  if (!chunks) return fixed + imgs.seg * segImage + imgs.cls * clsImage;
  return fixed + Math.max(Math.min(chunks.seg, imgs.seg) * segImage, Math.min(chunks.cls, imgs.cls) * clsImage);
}

export interface StepPlan {
  /** undefined: the whole step fits in one pass. */
  chunks?: ChunkSizes;
  estimatedPeakBytes: number;
  budgetBytes?: number;
}

/** Largest chunk sizes under the budget (whole passes when everything fits); throws StepMemoryError if none does. */
export function planStep(config: RunConfig, budgetBytes: number | undefined): StepPlan {
  if (budgetBytes === undefined) return { estimatedPeakBytes: estimateStepPeakBytes(config) };
  const whole = estimateStepPeakBytes(config);
  if (whole <= budgetBytes) return { estimatedPeakBytes: whole, budgetBytes };
  const imgs = passImages(config);
  const fixed = estimateStepPeakBytes(config, { seg: 0, cls: 0 });
  const { seg: segImage, cls: clsImage } = bytesPerImage(config.model);
  const room = budgetBytes - fixed;
  const chunks: ChunkSizes = {
    seg: Math.max(1, Math.min(imgs.seg || 1, Math.floor(room / segImage))),
    cls: Math.max(1, Math.min(imgs.cls || 1, Math.floor(room / clsImage))),
  };
  const estimatedPeakBytes = estimateStepPeakBytes(config, chunks);
  if (estimatedPeakBytes > budgetBytes) throw new StepMemoryError(config, budgetBytes, estimatedPeakBytes);
  return { chunks, estimatedPeakBytes, budgetBytes };
}

/** Largest M whose step fits the budget (in chunks of one image if need be); 0 when not even M = 1 does. */
export function largestFittingBatchSize(config: RunConfig, budgetBytes: number): number {
  const one = { seg: 1, cls: 1 };
  if (estimateStepPeakBytes(config, one, 1) > budgetBytes) return 0;
  let lo = 1;
  let hi = 2;
  while (hi <= 1 << 16 && estimateStepPeakBytes(config, one, hi) <= budgetBytes) [lo, hi] = [hi, hi * 2];
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (estimateStepPeakBytes(config, one, mid) <= budgetBytes) lo = mid;
    else hi = mid;
  }
  return lo;
}

const gib = (b: number) => `${(b / 2 ** 30).toFixed(2)} GiB`;

/** A step that cannot fit the backend's memory even in chunks of one image; raised before a run starts. */
export class StepMemoryError extends Error {
  readonly code = 'step-memory';
  readonly largestBatchSize: number;
  constructor(config: RunConfig, budgetBytes: number, estimatedBytes: number) {
    const largest = largestFittingBatchSize(config, budgetBytes);
    const px = config.model.inputSize;
    super(
      `a training step at ${px} px, width ${config.model.widthMultiplier}, M = ${config.batchSize} needs about ` +
        `${gib(estimatedBytes)} even one image at a time, more than the ${gib(budgetBytes)} this backend allows; ` +
        (largest > 0
          ? `the largest M that fits is ${largest}`
          : `no M fits at ${px} px: lower the image size or the width multiplier`),
    );
    this.largestBatchSize = largest;
  }
}

/** Size of tfjs-backend-wasm's WebAssembly heap in bytes (it only grows), or undefined on other backends. */
export function wasmHeapBytes(): number | undefined {
  if (tf.getBackend() !== 'wasm') return undefined;
  const heap = (tf.backend() as unknown as { wasm?: { HEAPU8?: Uint8Array } }).wasm?.HEAPU8;
  return heap?.buffer.byteLength;
}
