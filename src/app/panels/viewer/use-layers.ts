// The RGBA layers of the viewed image, recomputed only when their inputs change: the windowed X-ray, the
// ground-truth mask, the predicted mask (probabilities upsampled to the image size, then thresholded) and
// the clipped, colour-mapped saliency. Also the per-image Dice at the model's size (the metric's resolution).
import { useMemo } from 'react';
import { binarizeProbabilities, diceCoefficient } from '../../../core/metrics';
import { displayAspect } from '../../components/overlay/aspect';
import { colormapLut } from '../../components/overlay/colormap';
import { applyWindowLevel, clipToBytes } from '../../components/overlay/intensity';
import { resizeMaskNearest } from '../../components/overlay/mask';
import { resampleBilinear } from '../../components/overlay/resample';
import { grayToRgba, heatToRgba, maskToRgba, PREDICTION_COLOR, TRUTH_COLOR } from '../../components/overlay/rgba';
import type { ViewedImage, ViewerOptions, ViewerPrediction } from '../../store/viewer-slice';

export interface ViewerLayers {
  size: number;
  /** Original width / height: the panes draw every layer at this aspect (1 for records without a size). */
  aspect: number;
  image: Uint8ClampedArray<ArrayBuffer>;
  truth: Uint8ClampedArray<ArrayBuffer> | null;
  prediction: Uint8ClampedArray<ArrayBuffer> | null;
  saliency: Uint8ClampedArray<ArrayBuffer> | null;
  dice: number | null;
}

/** The worker's Dice when it sent one, else ours with the same convention (model size, p ≥ 0.5); null without a mask or truth. */
export function predictionDice(p: ViewerPrediction | null, viewed: ViewedImage | null): number | null {
  if (!p || !viewed?.truth) return null;
  if (p.item.dice !== undefined) return p.item.dice;
  if (!p.item.mask) return null;
  return diceCoefficient(binarizeProbabilities(p.item.mask), resizeMaskNearest(viewed.truth, viewed.imageSize, p.size));
}

/** The predicted mask at the image's size: probabilities upsampled bilinearly, then thresholded at 0.5. */
export function predictedMaskAt(p: ViewerPrediction | null, size: number): Uint8Array | null {
  if (!p?.item.mask) return null;
  return binarizeProbabilities(resampleBilinear(p.item.mask, p.size, size));
}

export function useViewerLayers(viewed: ViewedImage | null, prediction: ViewerPrediction | null, o: ViewerOptions): ViewerLayers | null {
  const size = viewed?.imageSize ?? 0;
  const image = useMemo(() => (viewed ? grayToRgba(applyWindowLevel(viewed.pixels, o.windowLevel)) : null), [viewed, o.windowLevel]);

  const truth = useMemo(
    () => (viewed?.truth ? maskToRgba(viewed.truth, size, TRUTH_COLOR, 1, o.maskStyle) : null),
    [viewed, size, o.maskStyle],
  );

  const predictedMask = useMemo(() => (viewed ? predictedMaskAt(prediction, size) : null), [prediction, viewed, size]);
  const predictionLayer = useMemo(
    () => (predictedMask ? maskToRgba(predictedMask, size, PREDICTION_COLOR, 1, o.maskStyle) : null),
    [predictedMask, size, o.maskStyle],
  );

  const saliency = useMemo(() => {
    const p = prediction;
    if (!p?.item.saliency || !viewed) return null;
    const up = resampleBilinear(p.item.saliency, p.size, size);
    return heatToRgba(clipToBytes(up, o.clipLow, o.clipHigh), colormapLut(o.colormap), 1);
  }, [prediction, viewed, size, o.clipLow, o.clipHigh, o.colormap]);

  const dice = useMemo(() => predictionDice(prediction, viewed), [prediction, viewed]);

  if (!viewed || !image) return null;
  return { size, aspect: displayAspect(viewed.record), image, truth, prediction: predictionLayer, saliency, dice };
}
