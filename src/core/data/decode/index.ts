// The pure-JS decoder for every supported format, dispatched on magic bytes. The browser passes its own
// faster decoder for PNG/JPEG to prepareItem and calls this one for everything else.
import { ImportError } from '../errors';
import type { DecodedImage, ImageDecoder } from '../types';
import { decodeDicom } from './dicom';
import { decodeJsrt } from './jsrt';
import { decodeGif, decodeJpeg, decodePng } from './raster';
import { describeNonImage, sniffFormat } from './sniff';

export { sniffFormat, describeNonImage } from './sniff';
export type { Sniffed, SniffedFormat } from './sniff';
export { applyWindow } from './dicom';
export { JSRT_BYTES, JSRT_SIDE } from './jsrt';

export function decodeImageSync(bytes: Uint8Array, path: string): DecodedImage {
  if (bytes.length === 0) throw new ImportError('empty-file', path, 'file is empty (0 bytes)');
  const sniffed = sniffFormat(bytes, path);
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
    case 'unsupported':
      throw new ImportError(
        'unsupported-format',
        path,
        `${sniffed.name ?? 'this'} images are not supported; convert to PNG, JPEG or uncompressed DICOM`,
      );
    default:
      throw new ImportError('not-an-image', path, `not an image: the content is ${describeNonImage(bytes)}`);
  }
}

/** Reference decoder: PNG (1–16 bit, gray/RGB/RGBA/palette), JPEG, GIF, DICOM, JSRT raw `.IMG`. */
export const decodeImageJs: ImageDecoder = async (bytes, path) => decodeImageSync(bytes, path);
