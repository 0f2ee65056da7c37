// PNG and GIF through well-kept pure-JS libraries (fast-png, omggif), so decoding works the same in Node,
// in a worker and in tests; JPEG is in jpeg.ts. They return RawPixels; gray.ts turns samples into gray.
import { convertIndexedToRgb, decode as decodePngLib } from 'fast-png';
import { GifReader } from 'omggif';
import { ImportError } from '../errors';
import type { RawPixels } from './gray';

function lastIndexOfPair(bytes: Uint8Array, a: number, b: number): number {
  for (let i = bytes.length - 2; i >= 0; i--) if (bytes[i] === a && bytes[i + 1] === b) return i;
  return -1;
}

/** Libraries decode truncated files "tolerantly" into half-grey images; catch truncation up front. */
export function assertJpegComplete(bytes: Uint8Array, path: string): void {
  const eoi = lastIndexOfPair(bytes, 0xff, 0xd9);
  const sos = lastIndexOfPair(bytes, 0xff, 0xda);
  if (sos < 0) throw new ImportError('corrupt-image', path, 'JPEG has no image data (no start-of-scan marker)');
  if (eoi < sos) throw new ImportError('corrupt-image', path, 'JPEG is truncated (no end-of-image marker after the image data)');
}

/** IHDR bit depth (byte 24) of a PNG. */
export function pngBitDepth(bytes: Uint8Array): number {
  return bytes[24] ?? 0;
}

export function assertPngComplete(bytes: Uint8Array, path: string): void {
  if (!hasPngEnd(bytes)) throw new ImportError('corrupt-image', path, 'PNG is truncated (no IEND chunk at the end)');
}

function hasPngEnd(bytes: Uint8Array): boolean {
  // IEND chunk type sits 8 bytes before the end (type + CRC); allow a little trailing junk.
  const from = Math.max(0, bytes.length - 64);
  for (let i = bytes.length - 8; i >= from; i--) {
    if (bytes[i] === 0x49 && bytes[i + 1] === 0x45 && bytes[i + 2] === 0x4e && bytes[i + 3] === 0x44) return true;
  }
  return false;
}

/** fast-png keeps 1/2/4-bit samples packed, rows padded to whole bytes. */
function unpackLowDepth(data: ArrayLike<number>, width: number, height: number, depth: number): Uint8Array {
  const out = new Uint8Array(width * height);
  const rowBytes = Math.ceil((width * depth) / 8);
  const mask = (1 << depth) - 1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const bit = x * depth;
      const byte = data[y * rowBytes + (bit >> 3)] as number;
      out[y * width + x] = (byte >> (8 - depth - (bit & 7))) & mask;
    }
  }
  return out;
}

/** PNG colour type (IHDR byte 25): 4 = gray+alpha, 6 = RGBA. */
export function pngColourType(bytes: Uint8Array): number {
  return bytes[25] ?? 0;
}

/** Whether the PNG can hold transparency: an alpha channel, or a tRNS chunk before the image data. */
export function pngHasTransparency(bytes: Uint8Array): boolean {
  const ct = pngColourType(bytes);
  if (ct === 4 || ct === 6) return true;
  let i = 8;
  while (i + 8 <= bytes.length) {
    const len = (((bytes[i] as number) << 24) | ((bytes[i + 1] as number) << 16) | ((bytes[i + 2] as number) << 8) | (bytes[i + 3] as number)) >>> 0;
    const type = String.fromCharCode(bytes[i + 4] as number, bytes[i + 5] as number, bytes[i + 6] as number, bytes[i + 7] as number);
    if (type === 'tRNS') return true;
    if (type === 'IDAT' || type === 'IEND') return false;
    i += 12 + len;
  }
  return false;
}

export function decodePngRaw(bytes: Uint8Array, path: string): RawPixels {
  assertPngComplete(bytes, path);
  let png: ReturnType<typeof decodePngLib>;
  try {
    png = decodePngLib(bytes);
  } catch (err) {
    throw new ImportError('corrupt-image', path, `PNG could not be decoded (${(err as Error).message})`);
  }
  const { width, height, depth, channels } = png;
  const n = width * height;
  if (png.palette) {
    const rgb = convertIndexedToRgb(png); // 3 or 4 channels (tRNS gives alpha)
    return { width, height, channels: rgb.length / n, data: rgb, maxValue: 255 };
  }
  if (depth === 16) {
    // 16-bit: stretch the used range, as most 16-bit X-ray PNGs hold 10–12 significant bits.
    return { width, height, channels, data: png.data, maxValue: 65535, highDepth: 'min-max' };
  }
  const data = depth < 8 ? unpackLowDepth(png.data, width, height, depth) : png.data;
  if (data.length < n * channels) throw new ImportError('corrupt-image', path, 'PNG pixel data is shorter than its header says');
  return { width, height, channels, data, maxValue: (1 << depth) - 1 };
}

/** First frame only (SCR masks are single-frame GIFs). */
export function decodeGifRaw(bytes: Uint8Array, path: string): RawPixels {
  let reader: GifReader;
  try {
    reader = new GifReader(bytes);
    if (reader.numFrames() < 1) throw new Error('no frames');
    const { width, height } = reader;
    const rgba = new Uint8Array(width * height * 4);
    reader.decodeAndBlitFrameRGBA(0, rgba);
    return { width, height, channels: 4, data: rgba, maxValue: 255 };
  } catch (err) {
    throw new ImportError('corrupt-image', path, `GIF could not be decoded (${(err as Error).message})`);
  }
}
