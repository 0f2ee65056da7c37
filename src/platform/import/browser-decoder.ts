// The browser's fast path for PNG and JPEG: createImageBitmap decodes on Chromium's image-decoding
// threads (off this worker's thread, so several decodes overlap), and an OffscreenCanvas hands back
// the RGBA, which the core turns into gray with the same luma weights as its JS decoder. Everything
// else (DICOM, JSRT raw, GIF masks, 16-bit PNG, anything the browser refuses) goes to the core's
// decodeImageJs, which also produces the specific error message for broken files.
import { decodeImageJs } from '../../core/data/decode/index';
import { sniffFormat } from '../../core/data/decode/sniff';
import { interleavedToGray } from '../../core/data/decode/gray';
import type { DecodedImage, ImageDecoder } from '../../core/data/types';

/** PNG IHDR bit depth (byte 24). 16-bit PNGs are stretched by the core; the browser would truncate them. */
function pngBitDepth(bytes: Uint8Array): number {
  return bytes.length > 24 ? (bytes[24] as number) : 0;
}

/**
 * Whether the file visibly ends where its format says it should (JPEG EOI, PNG IEND). Chromium draws
 * truncated files with the missing part filled in instead of failing; those go to the JS decoder,
 * which reports them as truncated.
 */
function looksComplete(bytes: Uint8Array, format: 'png' | 'jpeg'): boolean {
  const tail = bytes.subarray(Math.max(0, bytes.length - 64));
  for (let i = tail.length - 2; i >= 0; i--) {
    if (format === 'jpeg' && tail[i] === 0xff && tail[i + 1] === 0xd9) return true;
    // 'IEND' as ASCII
    if (format === 'png' && i >= 2 && tail[i - 2] === 0x49 && tail[i - 1] === 0x45 && tail[i] === 0x4e && tail[i + 1] === 0x44) return true;
  }
  return false;
}

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
    // Raw stored values: no ICC/gamma conversion (the JS decoder does none either), no premultiply.
    colorSpaceConversion: 'none',
    premultiplyAlpha: 'none',
    imageOrientation: 'from-image',
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
  const { format } = sniffFormat(bytes, path);
  const fast =
    browserDecodingAvailable() &&
    (format === 'jpeg' || (format === 'png' && pngBitDepth(bytes) <= 8)) &&
    looksComplete(bytes, format);
  if (fast) {
    try {
      return await decodeWithBrowser(bytes, format === 'png' ? 'image/png' : 'image/jpeg');
    } catch {
      // The browser refused it (truncated, corrupt): let the JS decoder say precisely why.
    }
  }
  return decodeImageJs(bytes, path);
};
