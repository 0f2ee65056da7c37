// JSRT raw radiographs: 2048×2048, 16-bit big-endian, 12-bit values, no header. A high stored value is
// dark (optical density), so values are inverted to make bone bright like every other source.
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
  const gray = new Uint8Array(n);
  const scale = 255 / 4095;
  for (let i = 0, j = 0; i < n; i++, j += 2) {
    const v = Math.min(4095, ((bytes[j] as number) << 8) | (bytes[j + 1] as number));
    gray[i] = Math.round((4095 - v) * scale);
  }
  return { width: JSRT_SIDE, height: JSRT_SIDE, gray };
}
