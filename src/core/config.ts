// The one typed run configuration shared by the training loop, the headless runner, the worker and the UI:
// types, defaults, and the schema (valibot) whose problems name the field, the allowed values and the value.
import * as v from 'valibot';
import {
  booleanField, diffFromTemplate, integerField, mergeOverTemplate, numberField, oneOf, problemsOf, showValue, type ConfigProblem,
} from './config-schema';

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

/** A group of fields (`model`, `loss`, ...); `what` says what it holds when it is missing. */
function section<const E extends v.ObjectEntries>(entries: E, what: string) {
  return v.object(entries, (issue) =>
    issue.input === undefined ? `(${what}) is missing` : `(${what}) must be an object (got ${showValue(issue.input)})`,
  );
}

/**
 * The rules of a ModelConfig, one per field (also checked by MultiMixModel.create and when model files are
 * read). At 16 px the bottom level is 1×1 and InstanceNorm over one pixel outputs beta whatever the input: no
 * signal and no gradient would pass, so 32 px (2×2 at the bottom) is the smallest usable size.
 */
const MODEL_CONFIG_SCHEMA: v.GenericSchema<ModelConfig> = section(
  {
    variant: oneOf(VARIANTS),
    inputSize: integerField(32, 'must be a multiple of 16 and at least 32', Number.POSITIVE_INFINITY, 16),
    widthMultiplier: numberField((x) => x > 0 && x <= 4, 'must be in (0, 4]'),
    dropout: numberField((x) => x >= 0 && x < 1, 'must be in [0, 1)'),
  },
  'the network',
);

/**
 * The rules of a RunConfig, one per field, in the order the form shows them. Adding a field: its type and
 * doc in `RunConfig`, its default in DEFAULT_RUN_CONFIG, its rule here (TypeScript refuses a schema that
 * misses a field of the type), then its input in app/panels/config/RunConfigFields.tsx. See CONTRIBUTING.md.
 */
export const RUN_CONFIG_SCHEMA: v.GenericSchema<RunConfig> = section(
  {
    model: MODEL_CONFIG_SCHEMA,
    loss: section(
      {
        alpha: numberField((x) => x >= 0, 'must be a number >= 0'),
        beta: numberField((x) => x >= 0, 'must be a number >= 0'),
        lambda: numberField((x) => x >= 0, 'must be a number >= 0'),
        threshold: numberField((x) => x >= 0.5 && x <= 1, 'must be in [0.5, 1] for two classes'),
      },
      'the loss weights',
    ),
    optim: section(
      {
        learningRate: numberField((x) => x > 0 && x <= 1, 'must be in (0, 1]'),
        decayFactor: numberField((x) => x > 0 && x <= 1, 'must be in (0, 1]'),
        decayEveryEpochs: integerField(1, 'must be an integer >= 1'),
      },
      'the optimiser settings',
    ),
    batchSize: integerField(1, '(M) must be an integer in [1, 256]', 256),
    epochs: integerField(1, 'must be an integer >= 1'),
    stepsPerEpoch: integerField(0, 'must be an integer >= 0, 0 meaning one pass over the labeled data'),
    seed: integerField(Number.NEGATIVE_INFINITY, 'must be an integer'),
    cutout: booleanField(),
  },
  'the model/training settings',
);

/** Problems with a ModelConfig (paths `model.inputSize`, ...); empty when the network can be built. */
export function validateModelConfig(c: ModelConfig): ConfigProblem[] {
  return problemsOf(v.object({ model: MODEL_CONFIG_SCHEMA }), { model: c });
}

/** Problems with a RunConfig (paths and messages from RUN_CONFIG_SCHEMA); empty when the config is usable. */
export function validateRunConfig(c: RunConfig): ConfigProblem[] {
  return problemsOf(RUN_CONFIG_SCHEMA, c);
}

/**
 * A RunConfig from untrusted JSON (a file someone edited, a URL someone shortened): fields missing take
 * `defaults` (so a link only needs what differs), unknown fields and wrong JSON types are reported rather
 * than dropped silently, then the schema's rules run on the fields whose type was right.
 */
export function runConfigFromJson(value: unknown, defaults: RunConfig = DEFAULT_RUN_CONFIG): { config: RunConfig; problems: ConfigProblem[] } {
  const problems: ConfigProblem[] = [];
  const config = mergeOverTemplate(defaults, value, problems);
  const typed = new Set(problems.map((p) => p.path));
  problems.push(...validateRunConfig(config).filter((p) => !typed.has(p.path)));
  // A variant has no free-text input to correct it in: keep the message, show the default variant.
  if (!VARIANTS.includes(config.model.variant)) config.model = { ...config.model, variant: defaults.model.variant };
  return { config, problems };
}

/** Only the leaves of `config` that differ from `defaults`: what a short share link carries. */
export function runConfigDiff(config: RunConfig, defaults: RunConfig = DEFAULT_RUN_CONFIG): DeepPartial<RunConfig> {
  return diffFromTemplate(config, defaults) as DeepPartial<RunConfig>;
}
