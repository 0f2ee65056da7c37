// JPEG: the frame type (SOFn marker) and sample precision are read from the header BEFORE decoding, so a
// JPEG our decoders cannot read correctly is named and skipped instead of being imported as garbage
// (jpeg-js happily runs a 12-bit SOF1 file through its 8-bit path and returns a mostly black picture).
//   SOF0/SOF1/SOF2, 8-bit (baseline, extended, progressive DCT) → jpeg-js
//   SOF3, 2–16-bit (lossless, Huffman)                          → jpeg-lossless-decoder-js
//   SOF1/SOF2 12-bit, arithmetic (SOF9–11), hierarchical (SOF5–7, 13–15), JPEG-LS (SOF55) → unsupported-format
// EXIF orientation (APP1 "Exif", tag 0x0112) is read here too; prepareItem applies it (see orient.ts).
import { decode as decodeJpegLib } from 'jpeg-js';
import { Decoder as LosslessDecoder } from 'jpeg-lossless-decoder-js';
import { ImportError } from '../errors';
import type { RawPixels } from './gray';

/** Originals from hospitals reach 4k×5k RGB; jpeg-js refuses anything above 512 MB by default. */
const JPEG_MAX_MEMORY_MB = 2048;

export interface JpegInfo {
  /** SOF marker number n of 0xFFCn (0–15), or 55 for JPEG-LS (0xFFF7). */
  sof: number;
  precision: number;
  width: number;
  height: number;
  components: number;
  /** EXIF orientation 1–8 (1 = as stored) */
  orientation: number;
  /** Byte range [start, end) of the APP1 Exif segment, if any (the browser path strips it). */
  exifSegment?: [number, number];
}

const SOF_NAMES: Record<number, string> = {
  0: 'baseline DCT (SOF0)',
  1: 'extended sequential DCT (SOF1)',
  2: 'progressive DCT (SOF2)',
  3: 'lossless (SOF3)',
  5: 'hierarchical sequential DCT (SOF5)',
  6: 'hierarchical progressive DCT (SOF6)',
  7: 'hierarchical lossless (SOF7)',
  9: 'arithmetic-coded extended DCT (SOF9)',
  10: 'arithmetic-coded progressive DCT (SOF10)',
  11: 'arithmetic-coded lossless (SOF11)',
  13: 'hierarchical arithmetic DCT (SOF13)',
  14: 'hierarchical arithmetic progressive DCT (SOF14)',
  15: 'hierarchical arithmetic lossless (SOF15)',
  55: 'JPEG-LS (SOF55)',
};

export function describeJpeg(info: Pick<JpegInfo, 'sof' | 'precision'>): string {
  return `${info.precision}-bit ${SOF_NAMES[info.sof] ?? `SOF${info.sof}`} JPEG`;
}

function exifOrientation(bytes: Uint8Array, start: number, end: number): number {
  // start: first byte after "Exif\0\0" = TIFF header.
  if (end - start < 8) return 1;
  const le = bytes[start] === 0x49;
  const view = new DataView(bytes.buffer, bytes.byteOffset + start, end - start);
  const u16 = (o: number) => view.getUint16(o, le);
  const ifd = view.getUint32(4, le);
  if (ifd + 2 > view.byteLength) return 1;
  const n = u16(ifd);
  for (let i = 0; i < n; i++) {
    const o = ifd + 2 + i * 12;
    if (o + 12 > view.byteLength) break;
    if (u16(o) === 0x0112) {
      const v = u16(o + 8);
      return v >= 1 && v <= 8 ? v : 1;
    }
  }
  return 1;
}

/** Walks the markers up to the first start-of-frame. Returns undefined when there is no SOF before SOS/EOF. */
export function readJpegInfo(bytes: Uint8Array): JpegInfo | undefined {
  let i = 2;
  let orientation = 1;
  let exifSegment: [number, number] | undefined;
  while (i + 4 <= bytes.length) {
    if (bytes[i] !== 0xff) return undefined;
    const marker = bytes[i + 1] as number;
    if (marker === 0xff) {
      i++; // fill byte
      continue;
    }
    if (marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      i += 2;
      continue;
    }
    const len = ((bytes[i + 2] as number) << 8) | (bytes[i + 3] as number);
    const isSof = (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) || marker === 0xf7;
    if (isSof) {
      if (i + 10 > bytes.length) return undefined;
      const info: JpegInfo = {
        sof: marker === 0xf7 ? 55 : marker - 0xc0,
        precision: bytes[i + 4] as number,
        height: ((bytes[i + 5] as number) << 8) | (bytes[i + 6] as number),
        width: ((bytes[i + 7] as number) << 8) | (bytes[i + 8] as number),
        components: bytes[i + 9] as number,
        orientation,
      };
      if (exifSegment) info.exifSegment = exifSegment;
      return info;
    }
    if (marker === 0xda || marker === 0xd9) return undefined;
    if (marker === 0xe1 && i + 10 <= bytes.length && String.fromCharCode(...bytes.subarray(i + 4, i + 8)) === 'Exif') {
      exifSegment = [i, i + 2 + len];
      orientation = exifOrientation(bytes, i + 10, Math.min(bytes.length, i + 2 + len));
    }
    i += 2 + len;
  }
  return undefined;
}

/** The reason this JPEG cannot be decoded correctly here, or undefined when it can. */
export function unsupportedJpeg(info: JpegInfo): string | undefined {
  if ((info.sof === 0 || info.sof === 1 || info.sof === 2) && info.precision === 8) return undefined;
  if (info.sof === 3 && info.precision >= 2 && info.precision <= 16) return undefined;
  const what = describeJpeg(info);
  const hint = info.sof === 1 || info.sof === 2 ? '; convert it to a 16-bit PNG' : '; convert it to PNG';
  return `${what} is not supported (8-bit baseline/extended/progressive and lossless JPEG are)${hint}`;
}

/** The frame info of a JPEG we can decode, or an unsupported-format / corrupt-image ImportError. */
export function checkJpeg(bytes: Uint8Array, path: string): JpegInfo {
  const info = readJpegInfo(bytes);
  if (!info) throw new ImportError('corrupt-image', path, 'JPEG has no frame header (no start-of-frame marker before the image data)');
  const why = unsupportedJpeg(info);
  if (why) throw new ImportError('unsupported-format', path, why);
  return info;
}

/** A JPEG checked by checkJpeg, as raw samples (DCT: 8-bit, 3 channels; lossless: its own precision). */
export function decodeJpegRaw(bytes: Uint8Array, path: string, info: JpegInfo): RawPixels {
  if (info.sof === 3) {
    try {
      const dec = new LosslessDecoder();
      const copy = bytes.slice();
      const out = dec.decode(copy.buffer, 0, copy.length) as Uint8Array | Uint16Array;
      const channels = dec.numComp ?? info.components;
      return { width: info.width, height: info.height, channels, data: out, maxValue: 2 ** info.precision - 1, ...(info.precision > 8 ? { highDepth: 'significant-bits' as const } : {}) };
    } catch (err) {
      throw new ImportError('corrupt-image', path, `${describeJpeg(info)} could not be decoded (${(err as Error).message ?? String(err)})`);
    }
  }
  let img: { width: number; height: number; data: Uint8Array };
  try {
    img = decodeJpegLib(bytes, { useTArray: true, formatAsRGBA: false, maxMemoryUsageInMB: JPEG_MAX_MEMORY_MB });
  } catch (err) {
    throw new ImportError('corrupt-image', path, `JPEG could not be decoded (${(err as Error).message})`);
  }
  // formatAsRGBA=false always yields 3 interleaved channels (gray JPEGs are replicated).
  return { width: img.width, height: img.height, channels: 3, data: img.data, maxValue: 255 };
}

/** The bytes without the APP1 Exif segment, so a platform decoder cannot apply the orientation itself. */
export function withoutExif(bytes: Uint8Array, info: JpegInfo): Uint8Array {
  if (!info.exifSegment) return bytes;
  const [a, b] = info.exifSegment;
  const out = new Uint8Array(bytes.length - (b - a));
  out.set(bytes.subarray(0, a), 0);
  out.set(bytes.subarray(b), a);
  return out;
}
