// A stored 256² gray image drawn small at its original aspect ratio (the stored square stretched back), with
// its lung mask as a coloured outline.
import { useEffect, useRef } from 'react';
import { containBox } from '../../components/overlay/aspect';

/** Side of the drawn canvas: half the stored size keeps outlines visible when shown at ~100 px. */
const SIDE = 128;
/** The longer side of a thumbnail on screen, CSS px. */
const SHOWN = 104;

/** RGBA for a gray image downsampled 2:1 (mean) with the mask's boundary painted over it. */
export function thumbnailRgba(pixels: Uint8Array, mask: Uint8Array | undefined, size: number): Uint8ClampedArray {
  const f = size / SIDE;
  const out = new Uint8ClampedArray(SIDE * SIDE * 4);
  const inside = new Uint8Array(SIDE * SIDE);
  for (let y = 0; y < SIDE; y++) {
    for (let x = 0; x < SIDE; x++) {
      let sum = 0;
      let m = 0;
      for (let dy = 0; dy < f; dy++) {
        for (let dx = 0; dx < f; dx++) {
          const i = (y * f + dy) * size + x * f + dx;
          sum += pixels[i] as number;
          if (mask && (mask[i] as number) > 127) m = 1;
        }
      }
      const g = sum / (f * f);
      const o = (y * SIDE + x) * 4;
      out[o] = out[o + 1] = out[o + 2] = g;
      out[o + 3] = 255;
      inside[y * SIDE + x] = m;
    }
  }
  if (mask) {
    for (let y = 0; y < SIDE; y++) {
      for (let x = 0; x < SIDE; x++) {
        if (!inside[y * SIDE + x]) continue;
        const edge = x === 0 || y === 0 || x === SIDE - 1 || y === SIDE - 1 || !inside[y * SIDE + x - 1] || !inside[y * SIDE + x + 1] || !inside[(y - 1) * SIDE + x] || !inside[(y + 1) * SIDE + x];
        if (edge) {
          const o = (y * SIDE + x) * 4;
          out[o] = 255;
          out[o + 1] = 196;
          out[o + 2] = 0;
        }
      }
    }
  }
  return out;
}

/** `aspect`: original width / height (1 draws a square, e.g. for records without a size). */
export function Thumbnail({ pixels, mask, size, title, aspect = 1 }: { pixels: Uint8Array; mask?: Uint8Array | undefined; size: number; title: string; aspect?: number }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const ctx = ref.current?.getContext('2d');
    if (!ctx || size % SIDE !== 0) return;
    ctx.putImageData(new ImageData(thumbnailRgba(pixels, mask, size) as Uint8ClampedArray<ArrayBuffer>, SIDE, SIDE), 0, 0);
  }, [pixels, mask, size]);
  const box = containBox(aspect, SHOWN);
  return <canvas ref={ref} width={SIDE} height={SIDE} className="thumb" style={{ width: `${box.width}px`, height: `${box.height}px` }} title={title} role="img" aria-label={title} />;
}
