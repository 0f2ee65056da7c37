// MultiMix (Haque et al., ISBI 2021): a U-Net whose encoder also classifies pneumonia, with a saliency bridge
// from the classifier into the decoder. A functional model: plain tf ops over a map of named tf.Variables, so
// that gradients, the saliency pass, seeded dropout and wasm-trainable convolutions are under our control.
import * as tf from '@tensorflow/tfjs';
import { validateModelConfig, variantFeatures, type ModelConfig, type VariantFeatures } from '../config';
import type { Rng } from '../rng';
import { stopGradient } from '../tensor-utils';
import { flopsPerImageForward, parameterSpecs, type ParamSpec } from './architecture';
import { initialValues } from './init';
import { classificationHead, decoder, encoder, saliencyBridge, type ParamLookup, type PassOptions } from './network';
import { inputSaliency } from './saliency';
import { checkWeightMap, encodeArtifacts, readArtifactsConfig } from './weights-io';

export interface ForwardOptions {
  training: boolean;
  /** Dropout seeds; required when training with dropout > 0. */
  rng?: Rng;
  /** [B,S,S,1] from `model.saliency(x)`, required when features.saliency. A constant: no gradient flows into it. */
  saliency?: tf.Tensor4D;
  /**
   * Which heads to run (default: every head the variant has). A classification-only pass skips the decoder —
   * and so needs no saliency — which is how the training step keeps cls minibatches cheap.
   */
  heads?: Heads;
  /**
   * Tests only: build the pass from plain tfjs-autodiff layers instead of the hand-written gradients (same
   * values, same dropout masks; needs far more memory and cannot train on wasm).
   */
  referenceLayers?: boolean;
  /**
   * Index of x's first image in the whole step batch: dropout masks are drawn per image from (seed, global
   * row), so a step split into chunks (issue 8) drops the same units as the unsplit step. Default 0.
   */
  rowOffset?: number;
}

export interface Heads {
  cls?: boolean;
  seg?: boolean;
}

export interface ForwardOutput {
  /** [B,2] logits, class 0 = normal, 1 = pneumonia (variants with cls). */
  clsLogits?: tf.Tensor2D;
  /** [B,S,S,1] mask logits (variants with seg). */
  segLogits?: tf.Tensor4D;
}

export interface Prediction {
  clsProb?: tf.Tensor2D;
  maskProb?: tf.Tensor4D;
  /** Only for variants that use the saliency bridge (call `saliency()` directly for other cls variants). */
  saliency?: tf.Tensor4D;
}

// tf.Variable names are global in the tfjs engine, so every instance gets its own prefix; the names used in
// getWeights/setWeights/artifacts are the clean parameter names without it.
let nextInstance = 0;

export class MultiMixModel {
  readonly config: ModelConfig;
  readonly features: VariantFeatures;
  private readonly specs: ParamSpec[];
  private readonly variables = new Map<string, tf.Variable>();
  private readonly prefix: string;
  private disposed = false;

  private constructor(config: ModelConfig, values: (spec: ParamSpec) => tf.Tensor) {
    const errors = validateModelConfig(config);
    if (errors.length > 0) throw new Error(`MultiMixModel: invalid model config: ${errors.map((p) => p.message).join('; ')}`);
    this.config = { ...config };
    this.features = variantFeatures(config.variant);
    this.specs = parameterSpecs(config);
    this.prefix = `multimix${nextInstance++}`;
    try {
      for (const spec of this.specs) {
        const initial = values(spec);
        try {
          this.variables.set(spec.name, tf.variable(initial, true, `${this.prefix}/${spec.name}`));
        } finally {
          initial.dispose(); // the variable holds its own reference to the buffer
        }
      }
    } catch (e) {
      this.dispose();
      throw e;
    }
  }

  /** Fresh He-initialised weights; the same (config, seed) gives identical weights on every backend. */
  static create(config: ModelConfig, seed: number): MultiMixModel {
    if (!Number.isInteger(seed)) throw new Error(`MultiMixModel.create: seed must be an integer, got ${seed}`);
    return new MultiMixModel(config, (spec) => tf.tensor(initialValues(spec, seed), spec.shape, 'float32'));
  }

  static async fromArtifacts(a: tf.io.ModelArtifacts): Promise<MultiMixModel> {
    const config = readArtifactsConfig(a);
    return MultiMixModel.fromWeights(config, { data: a.weightData as tf.io.WeightData, specs: a.weightSpecs ?? [] }, 'MultiMixModel.fromArtifacts');
  }

  /**
   * The one way to build a model from stored weights (a checkpoint, a saved model, model files): `data` and
   * `specs` as tf.io.encodeWeights wrote them. Every parameter of the variant must be there with its shape and
   * dtype float32, and nothing else; the error lists every mismatch, prefixed by `context`.
   */
  static fromWeights(
    config: ModelConfig,
    encoded: { data: tf.io.WeightData; specs: readonly tf.io.WeightsManifestEntry[] },
    context = 'MultiMixModel.fromWeights',
  ): MultiMixModel {
    let weights: tf.NamedTensorMap;
    try {
      weights = tf.io.decodeWeights(encoded.data, encoded.specs as tf.io.WeightsManifestEntry[]);
    } catch (e) {
      throw new Error(`${context}: weightData does not match weightSpecs: ${(e as Error).message}`);
    }
    try {
      checkWeightMap(parameterSpecs(config), weights, context);
      return new MultiMixModel(config, (spec) => (weights[spec.name] as tf.Tensor).clone());
    } finally {
      tf.dispose(Object.values(weights));
    }
  }

  /** Trainable variables in a stable order (encoder, cls head, decoder, seg head), only those the variant uses. */
  trainableVariables(): tf.Variable[] {
    this.checkAlive();
    return this.specs.map((s) => this.variables.get(s.name) as tf.Variable);
  }

  /** Parameter names in the same order as trainableVariables() (without the per-instance prefix). */
  parameterNames(): string[] {
    return this.specs.map((s) => s.name);
  }

  /** The clean parameter name of one of this model's variables (e.g. to key optimiser state in checkpoints). */
  parameterNameOf(v: tf.Variable): string {
    const p = `${this.prefix}/`;
    if (!v.name.startsWith(p) || !this.variables.has(v.name.slice(p.length))) {
      throw new Error(`MultiMixModel.parameterNameOf: variable "${v.name}" does not belong to this model`);
    }
    return v.name.slice(p.length);
  }

  /** Call inside tf.tidy / tf.variableGrads. x: [B,S,S,1], normalised. */
  forward(x: tf.Tensor4D, opts: ForwardOptions): ForwardOutput {
    this.checkAlive();
    this.checkInput(x, 'forward');
    if (opts.training && this.config.dropout > 0 && !opts.rng) {
      throw new Error('MultiMixModel.forward: training mode needs opts.rng for the dropout seeds');
    }
    const runCls = this.features.cls && opts.heads?.cls !== false;
    const runSeg = this.features.seg && opts.heads?.seg !== false;
    if (runSeg && this.features.saliency) {
      if (!opts.saliency) throw new Error(`MultiMixModel.forward: variant "${this.config.variant}" needs opts.saliency (from model.saliency(x))`);
      if (!tf.util.arraysEqual(opts.saliency.shape, x.shape)) {
        throw new Error(`MultiMixModel.forward: saliency shape [${opts.saliency.shape.join(',')}] must equal the input shape [${x.shape.join(',')}]`);
      }
    }
    const pass: PassOptions = {
      training: opts.training,
      dropout: this.config.dropout,
      rng: opts.rng,
      filterGrad: true,
      reference: opts.referenceLayers === true,
      rowOffset: opts.rowOffset ?? 0,
    };
    return tf.tidy(() => {
      const enc = encoder(x, this.lookup, pass);
      const out: ForwardOutput = {};
      if (runCls) out.clsLogits = classificationHead(enc.bottom, this.lookup);
      if (runSeg) {
        const bridge = this.features.saliency
          ? saliencyBridge(x, opts.saliency as tf.Tensor4D, this.config.inputSize / 8)
          : undefined;
        out.segLogits = decoder(enc, this.lookup, pass, bridge);
      }
      return out as tf.TensorContainerObject;
    }) as ForwardOutput;
  }

  /** |∂ predicted-class logit / ∂ x| per image, scaled to [0,1] by its maximum; inference mode. [B,S,S,1]. */
  saliency(x: tf.Tensor4D): tf.Tensor4D {
    this.checkAlive();
    this.checkInput(x, 'saliency');
    if (!this.features.cls) throw new Error(`MultiMixModel.saliency: variant "${this.config.variant}" has no classification head`);
    const pass: PassOptions = { training: false, dropout: this.config.dropout, filterGrad: false };
    // stopGradient: should a caller compute this inside a taped function anyway, it still stays a constant.
    return tf.tidy(() =>
      stopGradient(inputSaliency(x, (input) => classificationHead(encoder(input, this.lookup, pass).bottom, this.lookup))),
    );
  }

  /** Inference: class probabilities (softmax), mask probabilities (sigmoid) and, for bridge variants, saliency. */
  predict(x: tf.Tensor4D, opts: { heads?: Heads } = {}): Prediction {
    this.checkAlive();
    this.checkInput(x, 'predict');
    const runSeg = this.features.seg && opts.heads?.seg !== false;
    return tf.tidy(() => {
      const saliency = this.features.saliency && runSeg ? this.saliency(x) : undefined;
      const fwd: ForwardOptions = { training: false };
      if (saliency) fwd.saliency = saliency;
      if (opts.heads) fwd.heads = opts.heads;
      const out = this.forward(x, fwd);
      const p: Prediction = {};
      if (out.clsLogits) p.clsProb = tf.softmax(out.clsLogits);
      if (out.segLogits) p.maskProb = tf.sigmoid(out.segLogits);
      if (saliency) p.saliency = saliency;
      return p as tf.TensorContainerObject;
    }) as Prediction;
  }

  /** Copies of all weights by parameter name; the caller disposes them. */
  getWeights(): Record<string, tf.Tensor> {
    this.checkAlive();
    const out: Record<string, tf.Tensor> = {};
    for (const s of this.specs) out[s.name] = (this.variables.get(s.name) as tf.Variable).clone();
    return out;
  }

  /** Replaces all weights; names, shapes and dtypes must match this variant exactly. Does not take ownership. */
  setWeights(w: Record<string, tf.Tensor>): void {
    this.checkAlive();
    checkWeightMap(this.specs, w, `MultiMixModel.setWeights (${this.config.variant})`);
    for (const s of this.specs) (this.variables.get(s.name) as tf.Variable).assign(w[s.name] as tf.Tensor);
  }

  async toArtifacts(): Promise<tf.io.ModelArtifacts> {
    const w = this.getWeights();
    try {
      return await encodeArtifacts(this.config, this.specs, w);
    } finally {
      tf.dispose(Object.values(w));
    }
  }

  parameterCount(): number {
    return this.specs.reduce((n, s) => n + s.shape.reduce((a, b) => a * b, 1), 0);
  }

  /** Analytic FLOPs of one image's forward pass through the given heads (default: all the variant has). */
  flopsPerImageForward(heads?: Heads): number {
    return flopsPerImageForward(this.config, heads);
  }

  dispose(): void {
    if (this.disposed) return;
    for (const v of this.variables.values()) v.dispose();
    this.variables.clear();
    this.disposed = true;
  }

  private readonly lookup: ParamLookup = (name) => {
    const v = this.variables.get(name);
    if (!v) throw new Error(`MultiMixModel: parameter "${name}" does not exist in variant "${this.config.variant}"`);
    return v;
  };

  private checkAlive(): void {
    if (this.disposed) throw new Error('MultiMixModel: this model has been disposed');
  }

  private checkInput(x: tf.Tensor4D, op: string): void {
    const s = this.config.inputSize;
    if (!(x instanceof tf.Tensor) || x.rank !== 4 || x.shape[1] !== s || x.shape[2] !== s || x.shape[3] !== 1) {
      const got = x instanceof tf.Tensor ? `[${x.shape.join(',')}]` : String(x);
      throw new Error(`MultiMixModel.${op}: input must have shape [B,${s},${s},1], got ${got}`);
    }
    if (x.dtype !== 'float32') throw new Error(`MultiMixModel.${op}: input must be float32, got ${x.dtype}`);
  }
}
