// The browser's fast path for PNG and JPEG: createImageBitmap decodes on Chromium's image-decoding
// threads (off this worker's thread, so several decodes overlap), and an OffscreenCanvas hands back
// the RGBA, which the core turns into gray with the same luma/alpha rule as its JS decoder.
// The core's precheckImage runs first: it reports empty, non-image, unsupported and truncated files
// exactly as decodeImageJs would (Chromium draws truncated files without complaint) and routes
// everything the browser must not decode (16-bit PNG, GIF, DICOM, JSRT raw) to decodeImageJs.
import { decodeImageJs, precheckImage } from '../../core/data/decode/index';
import { interleavedToGray } from '../../core/data/decode/gray';
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

async function decodeWithBrowser(bytes: Uint8Array, type: string): Promise<DecodedImage> {
  const bitmap = await createImageBitmap(new Blob([bytes as Uint8Array<ArrayBuffer>], { type }), {
    // Stored values as they are, like the JS decoder: no ICC/gamma conversion, no premultiplied
    // alpha, no EXIF rotation (masks carry no EXIF, so rotating only the image would misalign them).
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
    return { width, height, gray: interleavedToGray(rgba, width, height, 4, 255) };
  } finally {
    bitmap.close();
  }
}

/** The decoder the import worker passes to prepareItem. */
export const decodeInBrowser: ImageDecoder = async (bytes, path) => {
  const { format, platformMayDecode } = precheckImage(bytes, path);
  if (platformMayDecode && browserDecodingAvailable()) {
    try {
      return await decodeWithBrowser(bytes, format === 'png' ? 'image/png' : 'image/jpeg');
    } catch {
      // The browser refused it (corrupt inside): let the JS decoder say precisely why.
    }
  }
  return decodeImageJs(bytes, path);
};
