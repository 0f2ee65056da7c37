// Bilinear upsampling of a square float map (mask probabilities, saliency) from the model's input size to
// the stored image size, so overlays line up with the X-ray pixel for pixel and a thresholded mask gets a
// smooth outline instead of model-size blocks. Half-pixel centres, as the model's own ×2 upsampling.

export function resampleBilinear(values: Float32Array, from: number, to: number): Float32Array {
  if (values.length !== from * from) throw new Error(`resampleBilinear: map has ${values.length} values, expected ${from}×${from}`);
  if (!Number.isInteger(to) || to < 1) throw new Error(`resampleBilinear: target size must be a positive integer, got ${to}`);
  if (from === to) return values.slice();
  const out = new Float32Array(to * to);
  const scale = from / to;
  for (let y = 0; y < to; y++) {
    const sy = Math.max(0, Math.min(from - 1, (y + 0.5) * scale - 0.5));
    const y0 = Math.floor(sy);
    const y1 = Math.min(from - 1, y0 + 1);
    const fy = sy - y0;
    for (let x = 0; x < to; x++) {
      const sx = Math.max(0, Math.min(from - 1, (x + 0.5) * scale - 0.5));
      const x0 = Math.floor(sx);
      const x1 = Math.min(from - 1, x0 + 1);
      const fx = sx - x0;
      const top = (values[y0 * from + x0] as number) * (1 - fx) + (values[y0 * from + x1] as number) * fx;
      const bottom = (values[y1 * from + x0] as number) * (1 - fx) + (values[y1 * from + x1] as number) * fx;
      out[y * to + x] = top * (1 - fy) + bottom * fy;
    }
  }
  return out;
}
