// Turning viewer layers into RGBA pixels for canvas ImageData: the X-ray (gray), a mask (fill or outline in
// one colour) and the saliency heatmap (colormap). Each layer is its own canvas, stacked, so opacity sliders
// only restyle and flipping a toggle never recomputes the others.
import { maskBoundary } from '../../../core/metrics';

export type MaskStyle = 'fill' | 'outline';
export type Rgb = readonly [number, number, number];

export const PREDICTION_COLOR: Rgb = [255, 196, 0];
export const TRUTH_COLOR: Rgb = [0, 200, 255];

/** Opaque gray RGBA from 8-bit gray. */
export function grayToRgba(gray: Uint8Array): Uint8ClampedArray<ArrayBuffer> {
  const out = new Uint8ClampedArray(gray.length * 4);
  for (let i = 0; i < gray.length; i++) {
    const v = gray[i] as number;
    out[i * 4] = v;
    out[i * 4 + 1] = v;
    out[i * 4 + 2] = v;
    out[i * 4 + 3] = 255;
  }
  return out;
}

/** A binary mask (size×size, anything > 0 is foreground) in `color` with alpha `opacity` (0..1); background transparent. */
export function maskToRgba(mask: Uint8Array, size: number, color: Rgb, opacity: number, style: MaskStyle): Uint8ClampedArray<ArrayBuffer> {
  const shown = style === 'outline' ? maskBoundary(mask, size, size) : mask;
  const alpha = Math.round(Math.max(0, Math.min(1, opacity)) * 255);
  const out = new Uint8ClampedArray(shown.length * 4);
  for (let i = 0; i < shown.length; i++) {
    if ((shown[i] as number) === 0) continue;
    out[i * 4] = color[0];
    out[i * 4 + 1] = color[1];
    out[i * 4 + 2] = color[2];
    out[i * 4 + 3] = alpha;
  }
  return out;
}

/**
 * Display bytes (0..255, e.g. from clipToBytes) through a 256×3 colormap LUT. Alpha grows with the value
 * (times `opacity`), so low-saliency regions stay see-through and the X-ray under them readable.
 */
export function heatToRgba(bytes: Uint8Array, lut: Uint8Array, opacity: number): Uint8ClampedArray<ArrayBuffer> {
  if (lut.length !== 256 * 3) throw new Error(`a colormap LUT has 768 entries, got ${lut.length}`);
  const o = Math.max(0, Math.min(1, opacity));
  const out = new Uint8ClampedArray(bytes.length * 4);
  for (let i = 0; i < bytes.length; i++) {
    const v = bytes[i] as number;
    out[i * 4] = lut[v * 3] as number;
    out[i * 4 + 1] = lut[v * 3 + 1] as number;
    out[i * 4 + 2] = lut[v * 3 + 2] as number;
    out[i * 4 + 3] = Math.round(v * o);
  }
  return out;
}

/** Colours of the models compared on one image (at most 4), apart from TRUTH_COLOR and from each other. */
export const COMPARE_COLORS: readonly Rgb[] = [[255, 64, 64], [80, 220, 80], [230, 90, 255], [255, 160, 0]];

/**
 * Several binary masks' boundaries (size×size, anything > 0 is foreground; 4-connected boundary as HD measures
 * it, `maskBoundary`) drawn opaque into one RGBA layer, each in its colour, in order: a later mask's boundary
 * covers an earlier one where they coincide (so pass the ground truth first). Background transparent.
 */
export function boundariesToRgba(entries: ReadonlyArray<{ mask: Uint8Array; color: Rgb }>, size: number): Uint8ClampedArray<ArrayBuffer> {
  const out = new Uint8ClampedArray(size * size * 4);
  for (const { mask, color } of entries) {
    const edge = maskBoundary(mask, size, size);
    for (let i = 0; i < edge.length; i++) {
      if (!edge[i]) continue;
      out[i * 4] = color[0];
      out[i * 4 + 1] = color[1];
      out[i * 4 + 2] = color[2];
      out[i * 4 + 3] = 255;
    }
  }
  return out;
}
