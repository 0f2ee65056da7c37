// The pure-JS decoder for every supported format, dispatched on magic bytes. The browser passes its own
// faster decoder for PNG/JPEG to prepareItem and calls this one for everything else.
import { ImportError } from '../errors';
import type { DecodedImage, ImageDecoder } from '../types';
import { decodeDicom } from './dicom';
import { decodeJsrt } from './jsrt';
import { assertJpegComplete, assertPngComplete, decodeGif, decodeJpeg, decodePng, pngBitDepth } from './raster';
import { type SniffedFormat, describeNonImage, sniffFormat } from './sniff';

export { sniffFormat } from './sniff';
export type { SniffedFormat } from './sniff';
export { applyWindow } from './dicom';
export { JSRT_BYTES } from './jsrt';

export function decodeImageSync(bytes: Uint8Array, path: string): DecodedImage {
  const sniffed = checkSniffed(bytes, path);
  switch (sniffed.format) {
    case 'png':
      return decodePng(bytes, path);
    case 'jpeg':
      return decodeJpeg(bytes, path);
    case 'gif':
      return decodeGif(bytes, path);
    case 'dicom':
      return decodeDicom(bytes, path);
    case 'jsrt-raw':
      return decodeJsrt(bytes, path);
    default:
      throw new Error(`unreachable: ${sniffed.format}`);
  }
}

/** Sniff, and throw the specific issue for empty, unknown and unsupported content. */
function checkSniffed(bytes: Uint8Array, path: string) {
  if (bytes.length === 0) throw new ImportError('empty-file', path, 'file is empty (0 bytes)');
  const sniffed = sniffFormat(bytes, path);
  if (sniffed.format === 'unsupported') {
    throw new ImportError('unsupported-format', path, `${sniffed.name ?? 'this'} images are not supported; convert to PNG, JPEG or uncompressed DICOM`);
  }
  if (sniffed.format === 'unknown') {
    throw new ImportError('not-an-image', path, `not an image: the content is ${describeNonImage(bytes)}`);
  }
  return sniffed;
}

/**
 * For a faster platform decoder (browser createImageBitmap): throws the same ImportErrors as
 * decodeImageJs for empty, non-image, unsupported and truncated PNG/JPEG files (browsers decode
 * truncated files silently), and says whether the platform may decode the bytes itself. Only
 * JPEG and PNG of at most 8 bits qualify: 16-bit PNGs must be min-max stretched like here,
 * and GIF/DICOM/JSRT need decodeImageJs anyway.
 */
export function precheckImage(bytes: Uint8Array, path: string): { format: SniffedFormat; platformMayDecode: boolean } {
  const { format } = checkSniffed(bytes, path);
  if (format === 'jpeg') assertJpegComplete(bytes, path);
  if (format === 'png') assertPngComplete(bytes, path);
  return { format, platformMayDecode: format === 'jpeg' || (format === 'png' && pngBitDepth(bytes) <= 8) };
}

/** Reference decoder: PNG (1–16 bit, gray/RGB/RGBA/palette), JPEG, GIF, DICOM, JSRT raw `.IMG`. */
export const decodeImageJs: ImageDecoder = async (bytes, path) => decodeImageSync(bytes, path);
