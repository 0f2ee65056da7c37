// JSRT raw radiographs: 2048×2048, 16-bit big-endian, 12-bit values, no header. A high stored value is
// dark (optical density), so values are inverted to make bone bright like every other source.
// The byte order is checked, not assumed: every big-endian reading of a byte-swapped (little-endian) file
// exceeds 4095, so a file with any value above 12 bits is read little endian if that fits, else skipped.
import { ImportError } from '../errors';
import type { DecodedImage } from '../types';

export const JSRT_SIDE = 2048;
export const JSRT_BYTES = JSRT_SIDE * JSRT_SIDE * 2; // 8 388 608

export function decodeJsrt(bytes: Uint8Array, path: string): DecodedImage {
  if (bytes.length !== JSRT_BYTES) {
    throw new ImportError(
      'jsrt-wrong-size',
      path,
      `a JSRT .IMG must be exactly ${JSRT_BYTES} bytes (2048×2048, 16-bit), this one is ${bytes.length} bytes`,
    );
  }
  const n = JSRT_SIDE * JSRT_SIDE;
  const littleEndian = jsrtByteOrder(bytes, path) === 'little';
  const hi = littleEndian ? 1 : 0;
  const lo = 1 - hi;
  const gray = new Uint8Array(n);
  const scale = 255 / 4095;
  for (let i = 0, j = 0; i < n; i++, j += 2) {
    const v = ((bytes[j + hi] as number) << 8) | (bytes[j + lo] as number);
    gray[i] = Math.round((4095 - v) * scale);
  }
  return { width: JSRT_SIDE, height: JSRT_SIDE, gray };
}

/** 'big' (the JSRT standard) when every 16-bit word read big endian is a 12-bit value, else 'little' if that fits; throws otherwise. */
export function jsrtByteOrder(bytes: Uint8Array, path: string): 'big' | 'little' {
  let bigFits = true;
  let littleFits = true;
  for (let j = 0; j < bytes.length && (bigFits || littleFits); j += 2) {
    if ((bytes[j] as number) > 0x0f) bigFits = false;
    if ((bytes[j + 1] as number) > 0x0f) littleFits = false;
  }
  if (bigFits) return 'big';
  if (littleFits) return 'little';
  throw new ImportError(
    'corrupt-image',
    path,
    'JSRT .IMG holds values above 4095 in both byte orders (big endian, as JSRT ships, and little endian); it is not a 12-bit JSRT image',
  );
}
