// The analytic FLOP count of one training step, from the run config alone (no model, no tfjs), so that the
// benchmark (GFLOP/s) and the app's grid ETA (issue 10, item 4: scale a measured small step to a cell's
// setting) share one formula.
import { variantFeatures, withDefaults, type RunConfig } from '../config';
import { flopsPerImageForward } from '../model/architecture';

/**
 * Approximate floating-point operations of one training step (2 per multiply-add):
 * a trained image costs ≈ 3 forward passes (forward + input and weight gradients), the saliency pass
 * ≈ 2 encoder passes (forward + input gradient), the weak view 1 encoder pass.
 */
export function stepFlops(config: RunConfig): number {
  const model = config.model;
  const f = variantFeatures(model.variant);
  const M = config.batchSize;
  const full = flopsPerImageForward(model, { cls: f.cls, seg: f.seg });
  const enc = f.cls ? flopsPerImageForward(model, { cls: true, seg: false }) : 0;
  let total = 0;
  if (f.seg) {
    const segImages = M * (f.kl ? 2 : 1);
    total += segImages * 3 * flopsPerImageForward(model, { cls: false, seg: true });
    if (f.saliency) total += segImages * 2 * enc;
  }
  if (f.cls) total += M * (f.ssl ? 2 : 1) * 3 * enc + (f.ssl ? M * enc : 0);
  return total || full;
}

/** The small step every backend is timed with (issue 9; the app's backend measurement): multimix, 32 px, width 0.25, M = 1. */
export const MEASURE_STEP = { size: 32, m: 1, widthMultiplier: 0.25, warmup: 1, steps: 1 } as const;

/** The run config of MEASURE_STEP (what its measured ms/step is the time of). */
export function measureStepConfig(): RunConfig {
  return withDefaults({ model: { variant: 'multimix', inputSize: MEASURE_STEP.size, widthMultiplier: MEASURE_STEP.widthMultiplier }, batchSize: MEASURE_STEP.m });
}
