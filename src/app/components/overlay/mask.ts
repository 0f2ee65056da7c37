// Mask helpers of the viewer: thresholding, the outline (boundary) of a binary mask, per-image Dice, and
// nearest-neighbour resizing so a ground-truth mask stored at 256 px lines up with a prediction at the model size.

/** 1 where p ≥ threshold (the metrics' convention, p ≥ 0.5), else 0. */
export function thresholdMask(probs: ArrayLike<number>, threshold = 0.5): Uint8Array {
  const out = new Uint8Array(probs.length);
  for (let i = 0; i < probs.length; i++) out[i] = (probs[i] as number) >= threshold ? 1 : 0;
  return out;
}

function checkSquare(mask: ArrayLike<number>, size: number, what: string): void {
  if (!Number.isInteger(size) || size < 1) throw new Error(`${what}: size must be a positive integer, got ${size}`);
  if (mask.length !== size * size) throw new Error(`${what}: mask has ${mask.length} pixels, expected ${size}×${size} = ${size * size}`);
}

/**
 * Inner 4-connected boundary: foreground pixels with a background 4-neighbour (or on the image border).
 * Same boundary definition as the Hausdorff metric, so what the outline shows is what HD measures.
 */
export function maskOutline(mask: ArrayLike<number>, size: number): Uint8Array {
  checkSquare(mask, size, 'maskOutline');
  const out = new Uint8Array(size * size);
  const on = (x: number, y: number) => x >= 0 && y >= 0 && x < size && y < size && (mask[y * size + x] as number) > 0;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      if (!on(x, y)) continue;
      if (!on(x - 1, y) || !on(x + 1, y) || !on(x, y - 1) || !on(x, y + 1)) out[y * size + x] = 1;
    }
  }
  return out;
}

/** Dice of two binary masks (anything > 0 is foreground); 1 when both are empty (the metrics' convention). */
export function diceOf(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`diceOf: masks differ in size (${a.length} vs ${b.length} pixels)`);
  let inter = 0;
  let sa = 0;
  let sb = 0;
  for (let i = 0; i < a.length; i++) {
    const x = (a[i] as number) > 0;
    const y = (b[i] as number) > 0;
    if (x) sa++;
    if (y) sb++;
    if (x && y) inter++;
  }
  return sa + sb === 0 ? 1 : (2 * inter) / (sa + sb);
}

/** Nearest-neighbour resize of a square mask (pixel centres), keeping it binary. */
export function resizeMaskNearest(mask: ArrayLike<number>, from: number, to: number): Uint8Array {
  checkSquare(mask, from, 'resizeMaskNearest');
  const out = new Uint8Array(to * to);
  for (let y = 0; y < to; y++) {
    const sy = Math.min(from - 1, Math.floor(((y + 0.5) * from) / to));
    for (let x = 0; x < to; x++) {
      const sx = Math.min(from - 1, Math.floor(((x + 0.5) * from) / to));
      out[y * to + x] = (mask[sy * from + sx] as number) > 0 ? 1 : 0;
    }
  }
  return out;
}
