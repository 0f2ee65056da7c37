// The pure-JS decoder for every supported format, dispatched on magic bytes. It is the one pixel path:
// the browser's faster createImageBitmap route (platform/import/browser-decoder.ts) only replaces the
// codec for the files precheckImage allows, and hands its samples back through rawToGray, so the rules
// for colour, alpha, bit depth and EXIF orientation are the ones here in both Node and the browser.
import { ImportError } from '../errors';
import type { DecodedImage, ImageDecoder } from '../types';
import { decodeDicom } from './dicom';
import { type RawPixels, rawToGray, rawToMaskLevel } from './gray';
import { type JpegInfo, checkJpeg, decodeJpegRaw } from './jpeg';
import { decodeJsrt } from './jsrt';
import { assertJpegComplete, assertPngComplete, decodeGifRaw, decodePngRaw, pngBitDepth, pngHasTransparency } from './raster';
import { type SniffedFormat, describeNonImage, sniffFormat } from './sniff';

export { sniffFormat } from './sniff';
export type { SniffedFormat } from './sniff';
export { applyWindow } from './dicom';
export { JSRT_BYTES } from './jsrt';
export { withoutExif } from './jpeg';
export type { JpegInfo } from './jpeg';

/** A JPEG after the truncation and frame-type checks. */
function checkedJpeg(bytes: Uint8Array, path: string): JpegInfo {
  assertJpegComplete(bytes, path);
  return checkJpeg(bytes, path);
}

function withOrientation(img: DecodedImage, info: JpegInfo): DecodedImage {
  if (info.orientation !== 1) img.orientation = info.orientation;
  return img;
}

/** Raw samples of the formats that have channels (PNG, JPEG, GIF), or undefined for DICOM/JSRT. */
function decodeRaw(bytes: Uint8Array, path: string, format: SniffedFormat): { raw: RawPixels; jpeg?: JpegInfo } | undefined {
  switch (format) {
    case 'png':
      return { raw: decodePngRaw(bytes, path) };
    case 'jpeg': {
      const jpeg = checkedJpeg(bytes, path);
      return { raw: decodeJpegRaw(bytes, path, jpeg), jpeg };
    }
    case 'gif':
      return { raw: decodeGifRaw(bytes, path) };
    default:
      return undefined;
  }
}

function decodeGrayOnly(bytes: Uint8Array, path: string, format: SniffedFormat): DecodedImage {
  if (format === 'dicom') return decodeDicom(bytes, path);
  if (format === 'jsrt-raw') return decodeJsrt(bytes, path);
  throw new Error(`unreachable: ${format}`);
}

/** 8-bit gray at the stored orientation; `orientation` says how EXIF wants it shown (prepareItem applies it). */
export function decodeImageSync(bytes: Uint8Array, path: string): DecodedImage {
  const { format } = checkSniffed(bytes, path);
  const r = decodeRaw(bytes, path, format);
  if (!r) return decodeGrayOnly(bytes, path, format);
  const img: DecodedImage = { width: r.raw.width, height: r.raw.height, gray: rawToGray(r.raw) };
  return r.jpeg ? withOrientation(img, r.jpeg) : img;
}

/** A decoded mask file: per pixel the value the mask rule reads (see rawToMaskLevel and mask.ts). */
export interface MaskLevels {
  width: number;
  height: number;
  level: Uint8Array;
  /** Lossy (JPEG) masks carry compression noise around 0, so the rule needs half the range there. */
  lossy: boolean;
}

/** Mask files always go through this JS path (in the browser too), so the mask rule is one rule. */
export function decodeMaskSync(bytes: Uint8Array, path: string): MaskLevels {
  const { format } = checkSniffed(bytes, path);
  const r = decodeRaw(bytes, path, format);
  if (!r) {
    const img = decodeGrayOnly(bytes, path, format);
    return { width: img.width, height: img.height, level: img.gray, lossy: false };
  }
  return { width: r.raw.width, height: r.raw.height, level: rawToMaskLevel(r.raw), lossy: format === 'jpeg' && r.jpeg?.sof !== 3 };
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

export interface Precheck {
  format: SniffedFormat;
  /** The platform may decode these bytes itself (then: stored orientation, samples through rawToGray). */
  platformMayDecode: boolean;
  /** For JPEG: frame type, size and EXIF orientation (and where the Exif segment is, to strip it). */
  jpeg?: JpegInfo;
}

/**
 * For a faster platform decoder (browser createImageBitmap): throws the same ImportErrors as
 * decodeImageJs for empty, non-image, unsupported (e.g. 12-bit JPEG) and truncated PNG/JPEG files
 * (browsers decode truncated files silently), and says whether the platform may decode the bytes
 * itself: only 8-bit DCT JPEG and opaque PNG of at most 8 bits. 16-bit PNGs must be min-max stretched,
 * transparent PNGs composited exactly (a canvas premultiplies alpha), lossless JPEG and GIF/DICOM/JSRT
 * need decodeImageJs anyway.
 */
export function precheckImage(bytes: Uint8Array, path: string): Precheck {
  const { format } = checkSniffed(bytes, path);
  if (format === 'jpeg') {
    const jpeg = checkedJpeg(bytes, path);
    return { format, platformMayDecode: jpeg.sof !== 3, jpeg };
  }
  if (format === 'png') {
    assertPngComplete(bytes, path);
    return { format, platformMayDecode: pngBitDepth(bytes) <= 8 && !pngHasTransparency(bytes) };
  }
  return { format, platformMayDecode: false };
}

/** The DecodedImage of RGBA samples a platform decoded from bytes that precheckImage allowed. */
export function fromPlatformRgba(rgba: ArrayLike<number>, width: number, height: number, check: Precheck): DecodedImage {
  const img: DecodedImage = { width, height, gray: rawToGray({ width, height, channels: 4, data: rgba, maxValue: 255 }) };
  return check.jpeg ? withOrientation(img, check.jpeg) : img;
}

/** Reference decoder: PNG (1–16 bit, gray/RGB/RGBA/palette), JPEG (8-bit DCT, lossless), GIF, DICOM, JSRT raw `.IMG`. */
export const decodeImageJs: ImageDecoder = async (bytes, path) => decodeImageSync(bytes, path);
