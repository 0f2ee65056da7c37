// The MultiMix network's shape as data: channel widths, the list of named parameters each variant uses, and
// the analytic FLOP count. Kept apart from the forward pass so that parameter names, shapes and order are
// defined exactly once (weights files, setWeights validation and the optimiser all rely on them).
import { variantFeatures, type ModelConfig, type VariantFeatures } from '../config';

/** Encoder widths of the paper at widthMultiplier 1 (five levels; the decoder mirrors the first four). */
export const BASE_ENCODER_WIDTHS = [16, 32, 64, 128, 256] as const;
/** Image + normalised saliency, concatenated into the first decoder stage. */
export const SALIENCY_BRIDGE_CHANNELS = 2;
export const NUM_CLASSES = 2;

export type Initializer = 'he-normal' | 'ones' | 'zeros';

export interface ParamSpec {
  name: string;
  shape: number[];
  init: Initializer;
  /** Inputs feeding one output unit, for He initialisation. */
  fanIn: number;
}

export interface Widths {
  encoder: [number, number, number, number, number];
  /** Decoder stage k (1..4) outputs decoder[k-1] channels: 128/64/32/16 × multiplier. */
  decoder: [number, number, number, number];
}

export function scaledWidth(base: number, multiplier: number): number {
  return Math.max(1, Math.round(base * multiplier));
}

export function modelWidths(widthMultiplier: number): Widths {
  const e = BASE_ENCODER_WIDTHS.map((w) => scaledWidth(w, widthMultiplier)) as Widths['encoder'];
  return { encoder: e, decoder: [e[3], e[2], e[1], e[0]] };
}

function blockSpecs(prefix: string, cin: number, cout: number): ParamSpec[] {
  // No conv bias: the InstanceNorm right after each conv subtracts the per-channel mean, which cancels any
  // bias exactly, so a bias would only be a parameter with zero gradient.
  return [
    { name: `${prefix}/conv1/w`, shape: [3, 3, cin, cout], init: 'he-normal', fanIn: 9 * cin },
    { name: `${prefix}/norm1/gamma`, shape: [cout], init: 'ones', fanIn: 1 },
    { name: `${prefix}/norm1/beta`, shape: [cout], init: 'zeros', fanIn: 1 },
    { name: `${prefix}/conv2/w`, shape: [3, 3, cout, cout], init: 'he-normal', fanIn: 9 * cout },
    { name: `${prefix}/norm2/gamma`, shape: [cout], init: 'ones', fanIn: 1 },
    { name: `${prefix}/norm2/beta`, shape: [cout], init: 'zeros', fanIn: 1 },
  ];
}

/** Input channels of decoder stage k (1..4): upsampled features + skip (+ saliency bridge at stage 1). */
export function decoderInputChannels(widths: Widths, stage: 1 | 2 | 3 | 4, saliency: boolean): number {
  const below = stage === 1 ? widths.encoder[4] : (widths.decoder[stage - 2] as number);
  const skip = widths.encoder[4 - stage] as number;
  return below + skip + (stage === 1 && saliency ? SALIENCY_BRIDGE_CHANNELS : 0);
}

/** Every parameter the variant uses, in the stable order used by trainableVariables() and weight files. */
export function parameterSpecs(config: ModelConfig): ParamSpec[] {
  const f: VariantFeatures = variantFeatures(config.variant);
  const w = modelWidths(config.widthMultiplier);
  const specs: ParamSpec[] = [];
  let cin = 1;
  for (let level = 0; level < 5; level++) {
    specs.push(...blockSpecs(`enc${level + 1}`, cin, w.encoder[level] as number));
    cin = w.encoder[level] as number;
  }
  if (f.cls) {
    specs.push({ name: 'cls/dense/w', shape: [w.encoder[4], NUM_CLASSES], init: 'he-normal', fanIn: w.encoder[4] });
    specs.push({ name: 'cls/dense/b', shape: [NUM_CLASSES], init: 'zeros', fanIn: 1 });
  }
  if (f.seg) {
    for (const stage of [1, 2, 3, 4] as const) {
      specs.push(...blockSpecs(`dec${stage}`, decoderInputChannels(w, stage, f.saliency), w.decoder[stage - 1] as number));
    }
    specs.push({ name: 'seg/out/w', shape: [w.decoder[3], 1], init: 'he-normal', fanIn: w.decoder[3] });
    specs.push({ name: 'seg/out/b', shape: [1], init: 'zeros', fanIn: 1 });
  }
  return specs;
}

/**
 * Multiply-adds ×2 of the convolutions and matMuls of one forward pass for one image (elementwise ops, norms
 * and pooling are not counted). A training step costs roughly 3× this per image (forward, dx, dW).
 */
export function flopsPerImageForward(config: ModelConfig, heads?: { cls?: boolean; seg?: boolean }): number {
  const variant = variantFeatures(config.variant);
  const f = { ...variant, cls: variant.cls && heads?.cls !== false, seg: variant.seg && heads?.seg !== false };
  const w = modelWidths(config.widthMultiplier);
  const s = config.inputSize;
  const conv3 = (res: number, cin: number, cout: number) => 2 * 9 * cin * cout * res * res;
  let flops = 0;
  let cin = 1;
  for (let level = 0; level < 5; level++) {
    const res = s / 2 ** level;
    const cout = w.encoder[level] as number;
    flops += conv3(res, cin, cout) + conv3(res, cout, cout);
    cin = cout;
  }
  if (f.cls) flops += 2 * w.encoder[4] * NUM_CLASSES;
  if (f.seg) {
    for (const stage of [1, 2, 3, 4] as const) {
      const res = s / 2 ** (4 - stage);
      const cout = w.decoder[stage - 1] as number;
      flops += conv3(res, decoderInputChannels(w, stage, f.saliency), cout) + conv3(res, cout, cout);
    }
    flops += 2 * w.decoder[3] * s * s;
  }
  return flops;
}
