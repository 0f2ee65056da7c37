// EXIF orientation (TIFF tag 0x0112) of JPEGs, applied once, here, for Node and the browser alike (the
// browser decoder is given the bytes without their Exif segment, so Chromium cannot rotate on its own).
// 1 = as stored; 2 mirror; 3 rotate 180°; 4 flip; 5 transpose; 6 rotate 90° clockwise; 7 transverse;
// 8 rotate 90° counter-clockwise. 5–8 swap width and height.
import type { DecodedImage } from './types';

/** Width and height as displayed. */
export function orientedSize(img: Pick<DecodedImage, 'width' | 'height' | 'orientation'>): { width: number; height: number } {
  const swap = (img.orientation ?? 1) >= 5;
  return swap ? { width: img.height, height: img.width } : { width: img.width, height: img.height };
}

/** The image as EXIF says to show it (unchanged when there is no orientation). */
export function applyOrientation(img: DecodedImage): DecodedImage {
  const o = img.orientation ?? 1;
  if (o === 1) return { width: img.width, height: img.height, gray: img.gray };
  const { width: w, height: h, gray } = img;
  const { width: W, height: H } = orientedSize(img);
  const out = new Uint8Array(W * H);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      let sx: number;
      let sy: number;
      switch (o) {
        case 2: sx = w - 1 - x; sy = y; break;
        case 3: sx = w - 1 - x; sy = h - 1 - y; break;
        case 4: sx = x; sy = h - 1 - y; break;
        case 5: sx = y; sy = x; break;
        case 6: sx = y; sy = h - 1 - x; break;
        case 7: sx = w - 1 - y; sy = h - 1 - x; break;
        default: sx = w - 1 - y; sy = x; break; // 8
      }
      out[y * W + x] = gray[sy * w + sx] as number;
    }
  }
  return { width: W, height: H, gray: out };
}
