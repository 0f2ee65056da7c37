// Nearest-neighbour resizing of the viewer's masks, so a ground-truth mask stored at 256 px lines up with a
// prediction at the model size. Thresholding, Dice and the outline are the core metrics' own
// (binarizeProbabilities, diceCoefficient, maskBoundary in src/core/metrics).

function checkSquare(mask: ArrayLike<number>, size: number, what: string): void {
  if (!Number.isInteger(size) || size < 1) throw new Error(`${what}: size must be a positive integer, got ${size}`);
  if (mask.length !== size * size) throw new Error(`${what}: mask has ${mask.length} pixels, expected ${size}×${size} = ${size * size}`);
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
