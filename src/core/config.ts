// The one typed run configuration shared by the training loop, the headless runner, the worker and the UI,
// with validation whose messages name the field and the allowed values.

export const VARIANTS = ['unet', 'enc', 'enc-ssl', 'umtl', 'umtl-s', 'umtl-ssl', 'umtl-ssl-s', 'multimix'] as const;
export type Variant = (typeof VARIANTS)[number];

/** What each ablation of the paper switches on. One variant = one row of the paper's tables. */
export interface VariantFeatures {
  /** Segmentation decoder + Dice loss. */
  seg: boolean;
  /** Classification head + cross-entropy. */
  cls: boolean;
  /** FixMatch consistency on unlabeled classification images. */
  ssl: boolean;
  /** Saliency bridge from the classifier into the decoder. */
  saliency: boolean;
  /** Unsupervised KL term between labeled and unlabeled mask predictions. */
  kl: boolean;
}

const FEATURES: Record<Variant, VariantFeatures> = {
  unet: { seg: true, cls: false, ssl: false, saliency: false, kl: false },
  enc: { seg: false, cls: true, ssl: false, saliency: false, kl: false },
  'enc-ssl': { seg: false, cls: true, ssl: true, saliency: false, kl: false },
  umtl: { seg: true, cls: true, ssl: false, saliency: false, kl: false },
  'umtl-s': { seg: true, cls: true, ssl: false, saliency: true, kl: false },
  'umtl-ssl': { seg: true, cls: true, ssl: true, saliency: false, kl: false },
  'umtl-ssl-s': { seg: true, cls: true, ssl: true, saliency: true, kl: false },
  multimix: { seg: true, cls: true, ssl: true, saliency: true, kl: true },
};

export function variantFeatures(variant: Variant): VariantFeatures {
  return { ...FEATURES[variant] };
}

export const BACKENDS = ['webgpu', 'webgl', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKENDS)[number];

export interface ModelConfig {
  variant: Variant;
  /** Square input side in pixels; a multiple of 16 (four 2x poolings). Paper: 256. */
  inputSize: number;
  /** Multiplies the encoder widths 16/32/64/128/256. Paper: 1. */
  widthMultiplier: number;
  /** Dropout rate after each conv block. Paper: 0.25. */
  dropout: number;
}

export interface LossWeights {
  /** Dice weight α (paper 5). */
  alpha: number;
  /** KL weight β (paper 0.01). */
  beta: number;
  /** FixMatch weight λ (paper 0.25). */
  lambda: number;
  /** FixMatch confidence threshold t (paper 0.7). */
  threshold: number;
}

export interface OptimConfig {
  learningRate: number;
  /** Multiply the learning rate by `decayFactor` every `decayEveryEpochs` epochs (paper: 0.1 every 8). */
  decayFactor: number;
  decayEveryEpochs: number;
}

export interface RunConfig {
  model: ModelConfig;
  loss: LossWeights;
  optim: OptimConfig;
  /** Images per stream per step (labeled seg, unlabeled seg, labeled cls, unlabeled cls). Paper: 10. */
  batchSize: number;
  epochs: number;
  /** Steps per epoch; 0 = derived from the largest labeled stream (one pass over it). */
  stepsPerEpoch: number;
  seed: number;
  /** Whether to apply the strong (RandAugment) cutout op in the strong view. */
  cutout: boolean;
}

export const DEFAULT_RUN_CONFIG: RunConfig = {
  model: { variant: 'multimix', inputSize: 256, widthMultiplier: 1, dropout: 0.25 },
  loss: { alpha: 5, beta: 0.01, lambda: 0.25, threshold: 0.7 },
  optim: { learningRate: 1e-4, decayFactor: 0.1, decayEveryEpochs: 8 },
  batchSize: 10,
  epochs: 20,
  stepsPerEpoch: 0,
  seed: 42,
  cutout: true,
};

/** Deep-merge a partial config over the defaults (plain objects only). */
export function withDefaults(partial: DeepPartial<RunConfig> = {}): RunConfig {
  const d = DEFAULT_RUN_CONFIG;
  return {
    ...d,
    ...partial,
    model: { ...d.model, ...partial.model },
    loss: { ...d.loss, ...partial.loss },
    optim: { ...d.optim, ...partial.optim },
  } as RunConfig;
}

export type DeepPartial<T> = { [K in keyof T]?: T[K] extends object ? DeepPartial<T[K]> : T[K] };

/** Returns human-readable problems; empty when the config is usable. */
export function validateRunConfig(c: RunConfig): string[] {
  const errors: string[] = [];
  const num = (v: unknown) => typeof v === 'number' && Number.isFinite(v);
  if (!VARIANTS.includes(c.model.variant)) {
    errors.push(`model.variant "${String(c.model.variant)}" is not one of ${VARIANTS.join(', ')}`);
  }
  if (!num(c.model.inputSize) || c.model.inputSize < 32 || c.model.inputSize % 16 !== 0) {
    errors.push(`model.inputSize must be a multiple of 16 and at least 32 (got ${c.model.inputSize})`);
  }
  if (!num(c.model.widthMultiplier) || c.model.widthMultiplier <= 0 || c.model.widthMultiplier > 4) {
    errors.push(`model.widthMultiplier must be in (0, 4] (got ${c.model.widthMultiplier})`);
  }
  if (!num(c.model.dropout) || c.model.dropout < 0 || c.model.dropout >= 1) {
    errors.push(`model.dropout must be in [0, 1) (got ${c.model.dropout})`);
  }
  for (const k of ['alpha', 'beta', 'lambda'] as const) {
    if (!num(c.loss[k]) || c.loss[k] < 0) errors.push(`loss.${k} must be a number >= 0 (got ${c.loss[k]})`);
  }
  if (!num(c.loss.threshold) || c.loss.threshold < 0.5 || c.loss.threshold > 1) {
    errors.push(`loss.threshold must be in [0.5, 1] for two classes (got ${c.loss.threshold})`);
  }
  if (!num(c.optim.learningRate) || c.optim.learningRate <= 0 || c.optim.learningRate > 1) {
    errors.push(`optim.learningRate must be in (0, 1] (got ${c.optim.learningRate})`);
  }
  if (!num(c.optim.decayFactor) || c.optim.decayFactor <= 0 || c.optim.decayFactor > 1) {
    errors.push(`optim.decayFactor must be in (0, 1] (got ${c.optim.decayFactor})`);
  }
  if (!Number.isInteger(c.optim.decayEveryEpochs) || c.optim.decayEveryEpochs < 1) {
    errors.push(`optim.decayEveryEpochs must be an integer >= 1 (got ${c.optim.decayEveryEpochs})`);
  }
  if (!Number.isInteger(c.batchSize) || c.batchSize < 1 || c.batchSize > 256) {
    errors.push(`batchSize (M) must be an integer in [1, 256] (got ${c.batchSize})`);
  }
  if (!Number.isInteger(c.epochs) || c.epochs < 1) errors.push(`epochs must be an integer >= 1 (got ${c.epochs})`);
  if (!Number.isInteger(c.stepsPerEpoch) || c.stepsPerEpoch < 0) {
    errors.push(`stepsPerEpoch must be an integer >= 0, 0 meaning one pass over the labeled data (got ${c.stepsPerEpoch})`);
  }
  if (!Number.isInteger(c.seed)) errors.push(`seed must be an integer (got ${c.seed})`);
  return errors;
}
