// Adam (Kingma & Ba 2015) for the training loop, computing exactly what tfjs' AdamOptimizer computes — the same
// kernels in the same order on float32 scalars of the same values, so every result bit agrees
// (tests/unit/train/optimizer.test.ts) — without its per-step uploads (issue 8): tfjs turns β₁, 1−β₁, β₂, 1−β₂,
// ε and −lr into new scalar tensors for every variable on every step (~5 × 80 uploads per MultiMix step, each a
// GPU buffer write on webgpu). Here they are cached constants (cached-constants.ts); −lr is a scalar of the
// optimizer's own, made again only when the learning rate changes (the step-decay schedule: a few times a run).
//
// Per variable θ with gradient g, at iteration t (from 0), with b₁ = β₁^(t+1) and b₂ = β₂^(t+1) kept as float32
// running products (accBeta1, accBeta2: multiplied by β once per step, as tfjs does):
//   m ← β₁·m + (1−β₁)·g,   v ← β₂·v + (1−β₂)·g²,   θ ← θ + (m/(1−b₁)) / (√(v/(1−b₂)) + ε) · (−lr)
//
// The state keeps tfjs' layout, which checkpoints store (checkpoint.ts): moments by position in the gradient map
// (the model's trainableVariables() order), named `${variable}/m` and `${variable}/v`, and the iteration count.
import * as tf from '@tensorflow/tfjs';
import { cachedScalar } from '../cached-constants';

export interface AdamSettings {
  learningRate: number;
  /** Default 0.9 (tfjs, PyTorch, the paper's code). */
  beta1?: number;
  /** Default 0.999. */
  beta2?: number;
  /** Default: the backend's epsilon, as tfjs (1e-7 on float32 backends, 1e-4 on float16 WebGL). */
  epsilon?: number;
}

interface Moment {
  /** `${variable name}/m` or `/v`: the name checkpoints store. */
  name: string;
  variable: tf.Variable;
}

/** Adam's state as checkpoints store it (checkpoint.ts), in tfjs' order. */
export interface AdamState {
  iterations: number;
  firstMoments: Array<{ name: string; tensor: tf.Tensor }>;
  secondMoments: Array<{ name: string; tensor: tf.Tensor }>;
  /** β₁^(t+1), β₂^(t+1) as float32 scalars; absent: recomputed as float32 products (restoreState). */
  accBeta1?: tf.Scalar;
  accBeta2?: tf.Scalar;
}

/** Undoes one update (trainStep on a non-finite loss): restores the optimizer's state from before it. */
export interface AdamUndo {
  restore(): void;
  dispose(): void;
}

export class Adam {
  learningRate: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  private iterations_ = 0;
  private firstMoments: Moment[] = [];
  private secondMoments: Moment[] = [];
  private readonly accBeta1: tf.Variable;
  private readonly accBeta2: tf.Variable;
  private negLr: { value: number; tensor: tf.Scalar } | undefined;

  constructor(settings: AdamSettings) {
    const { learningRate, beta1 = 0.9, beta2 = 0.999 } = settings;
    if (!(learningRate > 0 && Number.isFinite(learningRate))) throw new Error(`Adam: learningRate must be a finite number > 0, got ${learningRate}`);
    for (const [name, b] of [['beta1', beta1], ['beta2', beta2]] as const) {
      if (!(b >= 0 && b < 1)) throw new Error(`Adam: ${name} must be in [0, 1), got ${b}`);
    }
    const epsilon = settings.epsilon ?? tf.backend().epsilon();
    if (!(epsilon > 0)) throw new Error(`Adam: epsilon must be > 0, got ${epsilon}`);
    this.learningRate = learningRate;
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.epsilon = epsilon;
    this.accBeta1 = tf.tidy(() => tf.scalar(beta1).variable(false));
    this.accBeta2 = tf.tidy(() => tf.scalar(beta2).variable(false));
  }

  /** Updates completed so far. */
  get iterations(): number {
    return this.iterations_;
  }

  /**
   * One Adam update of the registered variables named by `grads` (tf.variableGrads' map, in the model's
   * trainableVariables() order: moment i belongs to the i-th entry, as in tfjs). Does not dispose `grads`.
   * Uploads nothing except −lr when the learning rate changed since the last update.
   */
  applyGradients(grads: tf.NamedTensorMap): void {
    const names = Object.keys(grads);
    const variables = tf.engine().registeredVariables;
    const one = cachedScalar(1);
    const beta1 = cachedScalar(this.beta1);
    const beta2 = cachedScalar(this.beta2);
    const oneMinusBeta1 = cachedScalar(1 - this.beta1);
    const oneMinusBeta2 = cachedScalar(1 - this.beta2);
    const epsilon = cachedScalar(this.epsilon);
    const negLr = this.negativeLearningRate();
    tf.tidy(() => {
      const oneMinusAccBeta1 = tf.sub(one, this.accBeta1);
      const oneMinusAccBeta2 = tf.sub(one, this.accBeta2);
      names.forEach((name, i) => {
        const value = variables[name];
        if (!value) throw new Error(`Adam.applyGradients: no variable named "${name}" is registered`);
        const m = (this.firstMoments[i] ??= { name: `${name}/m`, variable: tf.tidy(() => tf.zerosLike(value).variable(false)) }).variable;
        const v = (this.secondMoments[i] ??= { name: `${name}/v`, variable: tf.tidy(() => tf.zerosLike(value).variable(false)) }).variable;
        const g = grads[name] as tf.Tensor;
        const newM = tf.add(tf.mul(m, beta1), tf.mul(g, oneMinusBeta1));
        const newV = tf.add(tf.mul(v, beta2), tf.mul(tf.square(g), oneMinusBeta2));
        const mHat = tf.div(newM, oneMinusAccBeta1);
        const vHat = tf.div(newV, oneMinusAccBeta2);
        m.assign(newM);
        v.assign(newV);
        value.assign(tf.add(tf.mul(tf.div(mHat, tf.add(tf.sqrt(vHat), epsilon)), negLr), value));
      });
      this.accBeta1.assign(tf.mul(this.accBeta1, beta1));
      this.accBeta2.assign(tf.mul(this.accBeta2, beta2));
    });
    this.iterations_++;
  }

  /** −lr as a float32 scalar of this optimizer's, made again only when `learningRate` changed. */
  private negativeLearningRate(): tf.Scalar {
    if (this.negLr?.value !== this.learningRate || this.negLr.tensor.isDisposed) {
      this.negLr?.tensor.dispose();
      this.negLr = { value: this.learningRate, tensor: tf.keep(tf.scalar(-this.learningRate)) };
    }
    return this.negLr.tensor;
  }

  /** The state in tfjs' order; the tensors are the optimizer's own (do not dispose them). */
  state(): AdamState {
    return {
      iterations: this.iterations_,
      firstMoments: this.firstMoments.map((m) => ({ name: m.name, tensor: m.variable })),
      secondMoments: this.secondMoments.map((m) => ({ name: m.name, tensor: m.variable })),
      accBeta1: this.accBeta1 as tf.Scalar,
      accBeta2: this.accBeta2 as tf.Scalar,
    };
  }

  /**
   * Replaces the state (a checkpoint's). Copies the tensors' values (the caller still owns them). Without stored
   * β powers they are recomputed as training reaches them — t+1 float32 multiplications — not as pow(β, t+1),
   * which differs in the last bits and made resumed runs drift (issue 12).
   */
  restoreState(s: AdamState): void {
    if (!(Number.isInteger(s.iterations) && s.iterations >= 0)) throw new Error(`Adam.restoreState: iterations must be an integer >= 0, got ${s.iterations}`);
    if (s.firstMoments.length !== s.secondMoments.length) {
      throw new Error(`Adam.restoreState: ${s.firstMoments.length} first moments but ${s.secondMoments.length} second moments`);
    }
    this.disposeMoments();
    const copy = (l: AdamState['firstMoments']) => l.map(({ name, tensor }) => ({ name, variable: tf.tidy(() => tf.clone(tensor).variable(false)) }));
    this.firstMoments = copy(s.firstMoments);
    this.secondMoments = copy(s.secondMoments);
    this.iterations_ = s.iterations;
    const power = (beta: number) => {
      const b = Math.fround(beta);
      let acc = b;
      for (let i = 0; i < s.iterations; i++) acc = Math.fround(acc * b);
      return acc;
    };
    tf.tidy(() => {
      this.accBeta1.assign(s.accBeta1 ?? tf.scalar(power(this.beta1)));
      this.accBeta2.assign(s.accBeta2 ?? tf.scalar(power(this.beta2)));
    });
  }

  /**
   * Keeps the current state (buffer-sharing clones: no copy, no readback) so that one update can be undone.
   * Moments the update creates (the first step) go back to zero, which is a fresh Adam's state.
   */
  saveForUndo(): AdamUndo {
    const vars = [this.accBeta1, this.accBeta2, ...this.firstMoments.map((m) => m.variable), ...this.secondMoments.map((m) => m.variable)];
    const saved = vars.map((v) => tf.clone(v as tf.Tensor));
    const counts = [this.firstMoments.length, this.secondMoments.length];
    const iterations = this.iterations_;
    const release = () => tf.dispose(saved);
    return {
      restore: () => {
        vars.forEach((v, i) => v.assign(saved[i] as tf.Tensor));
        for (const [list, n] of [[this.firstMoments, counts[0]], [this.secondMoments, counts[1]]] as const) {
          for (const m of list.slice(n)) tf.tidy(() => m.variable.assign(tf.zerosLike(m.variable)));
        }
        this.iterations_ = iterations;
        release();
      },
      dispose: release,
    };
  }

  dispose(): void {
    this.disposeMoments();
    this.accBeta1.dispose();
    this.accBeta2.dispose();
    this.negLr?.tensor.dispose();
    this.negLr = undefined;
  }

  private disposeMoments(): void {
    tf.dispose([...this.firstMoments, ...this.secondMoments].map((m) => m.variable));
    this.firstMoments = [];
    this.secondMoments = [];
  }
}
