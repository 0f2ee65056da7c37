// The browser's fast path for PNG and JPEG: createImageBitmap decodes on Chromium's image-decoding
// threads (off this worker's thread, so several decodes overlap), and an OffscreenCanvas hands back
// the RGBA, which the core turns into gray with the same luma/alpha rule as its JS decoder.
// The core's precheckImage runs first: it reports empty, non-image, unsupported (12-bit JPEG, ...) and
// truncated files exactly as decodeImageJs would (Chromium draws truncated files without complaint) and
// routes everything the browser must not decode (16-bit or transparent PNG, lossless JPEG, GIF, DICOM,
// JSRT raw) to decodeImageJs. The JPEG's Exif segment is removed before Chromium sees it (Chromium
// applies EXIF orientation whatever imageOrientation says); the core applies the orientation for both
// paths (core/data/orient.ts). Masks never come here: prepareItem decodes them with the core's JS path.
import { type Precheck, decodeImageJs, fromPlatformRgba, precheckImage, withoutExif } from '../../core/data/decode/index';
import type { DecodedImage, ImageDecoder } from '../../core/data/types';

export function browserDecodingAvailable(): boolean {
  return typeof createImageBitmap === 'function' && typeof OffscreenCanvas === 'function';
}

let canvas: OffscreenCanvas | null = null;
let context: OffscreenCanvasRenderingContext2D | null = null;

function canvasOfSize(w: number, h: number): OffscreenCanvasRenderingContext2D {
  if (!canvas || !context) {
    canvas = new OffscreenCanvas(w, h);
    // willReadFrequently keeps the canvas in CPU memory: we read every pixel back right away.
    context = canvas.getContext('2d', { willReadFrequently: true, alpha: true });
    if (!context) throw new Error('OffscreenCanvas 2D context is unavailable');
  }
  if (canvas.width !== w || canvas.height !== h) {
    canvas.width = w;
    canvas.height = h;
  }
  return context;
}

async function decodeWithBrowser(bytes: Uint8Array, check: Precheck): Promise<DecodedImage> {
  const type = check.format === 'png' ? 'image/png' : 'image/jpeg';
  const plain = check.jpeg ? withoutExif(bytes, check.jpeg) : bytes;
  const bitmap = await createImageBitmap(new Blob([plain as Uint8Array<ArrayBuffer>], { type }), {
    // Stored values as they are, like the JS decoder: no ICC/gamma conversion, no premultiplied alpha,
    // stored orientation (the Exif segment is gone; the core orients, with the mask check of prepareItem).
    colorSpaceConversion: 'none',
    premultiplyAlpha: 'none',
    imageOrientation: 'none',
  });
  try {
    const { width, height } = bitmap;
    const ctx = canvasOfSize(width, height);
    ctx.clearRect(0, 0, width, height);
    ctx.drawImage(bitmap, 0, 0);
    const rgba = ctx.getImageData(0, 0, width, height).data;
    return fromPlatformRgba(rgba, width, height, check);
  } finally {
    bitmap.close();
  }
}

/** The decoder the import worker passes to prepareItem. */
export const decodeInBrowser: ImageDecoder = async (bytes, path) => {
  const check = precheckImage(bytes, path);
  if (check.platformMayDecode && browserDecodingAvailable()) {
    try {
      return await decodeWithBrowser(bytes, check);
    } catch {
      // The browser refused it (corrupt inside): let the JS decoder say precisely why.
    }
  }
  return decodeImageJs(bytes, path);
};
