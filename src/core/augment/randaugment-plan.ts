// Which RandAugment ops each image gets and with what parameters — pure JS, drawn from an Rng, so the plan
// can be logged, shown in the UI and replayed exactly. strong.ts turns a plan into tensor ops.
import type { Rng } from '../rng';
import type { CutoutBox } from './cutout';
import { planWeakAugment, type WeakAugmentOptions, type WeakParams } from './weak';

/**
 * FixMatch's RandAugment pool (Sohn et al. 2020, table 12) minus ops that do nothing on a grey image
 * (colour) and identity; shear and translate count once per axis, as in the reference code.
 */
export const STRONG_OPS = [
  'autocontrast',
  'brightness',
  'contrast',
  'equalize',
  'posterize',
  'rotate',
  'sharpness',
  'shearX',
  'shearY',
  'solarize',
  'translateX',
  'translateY',
] as const;
export type StrongOpName = (typeof STRONG_OPS)[number];

/** The 0–10 magnitude scale of RandAugment. */
export const MAX_MAGNITUDE = 10;

export interface StrongAugmentOptions {
  /** Ops per image, drawn uniformly with replacement (default 2). */
  n?: number;
  /** Upper end of the per-op magnitude, drawn uniformly in [0, magnitude] (default 10, at most 10). */
  magnitude?: number;
  /** Grey square of side 0.5·S at a uniform random centre after the ops (default true, as in FixMatch). */
  cutout?: boolean;
  /**
   * FixMatch's strong view starts from its own random flip + shift (the weak transform) before RandAugment.
   * true (default) = do that with the weak defaults, an object = with those options, false = RandAugment only.
   */
  weak?: boolean | WeakAugmentOptions;
}

/** One applied op: its name, the drawn magnitude (0–10) and the concrete parameter it became. */
export interface AppliedOp {
  op: StrongOpName;
  magnitude: number;
  /**
   * factor (brightness/contrast/sharpness, 1 = unchanged), degrees (rotate, + = counter-clockwise),
   * shear coefficient, pixels (translate, + = right/down), bits (posterize), threshold (solarize),
   * 0 for autocontrast/equalize.
   */
  value: number;
}

export interface StrongAugmentLog {
  /** The flip + shift applied first, or null when `weak` is off. */
  weak: WeakParams | null;
  ops: AppliedOp[];
  cutout: CutoutBox | null;
}

/**
 * Magnitude → parameter, with FixMatch's RandAugment ranges: enhancement factors 1 ± 0.95·m/10 (so within
 * [0.05, 1.95]), rotate ±30°, shear ±0.3, translate ±0.3·side, posterize 8 → 4 bits, solarize threshold
 * 1 → 0. `sign` is ±1 for the symmetric ops. Unlike FixMatch's code, larger magnitudes always mean a
 * stronger change (its posterize keeps MORE bits at higher magnitude).
 */
export function opValue(op: StrongOpName, magnitude: number, sign: 1 | -1, side: number): number {
  const level = magnitude / MAX_MAGNITUDE;
  switch (op) {
    case 'autocontrast':
    case 'equalize':
      return 0;
    case 'brightness':
    case 'contrast':
    case 'sharpness':
      return 1 + sign * 0.95 * level;
    case 'rotate':
      return sign * 30 * level;
    case 'shearX':
    case 'shearY':
      return sign * 0.3 * level;
    case 'translateX':
    case 'translateY':
      // Whole pixels, like PIL's int(); the shift is then an exact copy.
      return sign * Math.round(0.3 * level * side);
    case 'posterize':
      return 8 - Math.round(4 * level);
    case 'solarize':
      // PIL inverts levels ≥ 256 − 256·level; on the [0,1] scale that threshold is (1 − level)·256/255,
      // so magnitude 0 inverts nothing (threshold above 1) and magnitude 10 inverts everything.
      return ((1 - level) * 256) / 255;
  }
}

export function validateStrongOptions(opts: StrongAugmentOptions): Required<StrongAugmentOptions> {
  const weak = opts.weak ?? true;
  const n = opts.n ?? 2;
  const magnitude = opts.magnitude ?? MAX_MAGNITUDE;
  if (!(Number.isInteger(n) && n >= 0 && n <= 16)) throw new Error(`augment/strong: n must be an integer in 0..16 (got ${n})`);
  if (!(magnitude >= 0 && magnitude <= MAX_MAGNITUDE)) {
    throw new Error(`augment/strong: magnitude must be in [0, ${MAX_MAGNITUDE}] (got ${magnitude})`);
  }
  return { n, magnitude, cutout: opts.cutout ?? true, weak };
}

/**
 * Draws every image's parameters: first the weak flip + shift of all images (if on), then per image, in
 * order, for each of the n ops an op index, a magnitude and a sign, then the cutout centre (row, column).
 */
export function planStrongAugment(
  batch: number,
  height: number,
  width: number,
  rng: Rng,
  opts: StrongAugmentOptions = {},
): StrongAugmentLog[] {
  const { n, magnitude, cutout, weak } = validateStrongOptions(opts);
  const side = Math.min(height, width);
  const weakPlan = weak === false ? null : planWeakAugment(batch, height, width, rng, weak === true ? {} : weak);
  const plans: StrongAugmentLog[] = [];
  for (let b = 0; b < batch; b++) {
    const ops: AppliedOp[] = [];
    for (let k = 0; k < n; k++) {
      const op = STRONG_OPS[rng.int(STRONG_OPS.length)] as StrongOpName;
      const m = rng.uniform(0, magnitude);
      const sign = rng.next() < 0.5 ? -1 : 1;
      const along = op === 'translateY' ? height : op === 'translateX' ? width : side;
      ops.push({ op, magnitude: m, value: opValue(op, m, sign, along) });
    }
    const box: CutoutBox | null = cutout
      ? { centerRow: rng.uniform(0, height), centerCol: rng.uniform(0, width), size: Math.floor(0.5 * side) }
      : null;
    plans.push({ weak: weakPlan?.[b] ?? null, ops, cutout: box });
  }
  return plans;
}
