// DICOM through dicom-parser (cornerstone's parser). The transfer syntax is looked up first, in one
// table: each known syntax is either decoded or skipped with its name (`unsupported-dicom-transfer-syntax`).
//   decoded: implicit/explicit VR little endian, explicit big endian, deflated explicit LE (fflate),
//            RLE lossless (PS3.5 Annex G, below), JPEG baseline 8-bit (jpeg-js), JPEG lossless (jpeg-lossless-decoder-js)
//   named:   JPEG extended 12-bit, JPEG-LS, JPEG 2000, HTJ2K, MPEG/HEVC video, and any UID we do not know
// Stored values honour Bits Stored / High Bit (bits outside the stored range, e.g. overlay planes, are
// masked off) and Pixel Representation (signed samples are sign-extended from the high bit). Datasets
// without the 128-byte preamble and file meta (old PACS exports) are read as raw implicit/explicit LE.
import * as dicomParserNamespace from 'dicom-parser';
import { inflateSync } from 'fflate';
import { ImportError } from '../errors';
import type { DecodedImage } from '../types';
import { interleavedToLuma, minMaxTo8bit } from './gray';
import { checkJpeg, decodeJpegRaw } from './jpeg';

// dicom-parser is a UMD bundle. Plain Node ESM (tsx, `npm run experiment`) sees only its module.exports,
// as the default export (the namespace is { default }), while Vite and vitest also synthesise named
// exports. Take whichever object has parseDicom, so the same code works under all three.
type DicomParser = typeof dicomParserNamespace;
const dicomParserModule = dicomParserNamespace as DicomParser & { default?: DicomParser };
const dicomParser: DicomParser = typeof dicomParserModule.parseDicom === 'function' ? dicomParserModule : (dicomParserModule.default as DicomParser);

type Handling = 'native-le' | 'native-be' | 'deflate' | 'rle' | 'jpeg' | 'unsupported';

/** DICOM PS3.6 Annex A transfer syntaxes, with how (or whether) we decode each. */
export const TRANSFER_SYNTAXES: Readonly<Record<string, { name: string; handling: Handling }>> = {
  '1.2.840.10008.1.2': { name: 'Implicit VR Little Endian', handling: 'native-le' },
  '1.2.840.10008.1.2.1': { name: 'Explicit VR Little Endian', handling: 'native-le' },
  '1.2.840.10008.1.2.1.99': { name: 'Deflated Explicit VR Little Endian', handling: 'deflate' },
  '1.2.840.10008.1.2.2': { name: 'Explicit VR Big Endian', handling: 'native-be' },
  '1.2.840.10008.1.2.5': { name: 'RLE Lossless', handling: 'rle' },
  '1.2.840.10008.1.2.4.50': { name: 'JPEG Baseline (Process 1)', handling: 'jpeg' },
  '1.2.840.10008.1.2.4.51': { name: 'JPEG Extended (Process 2 & 4)', handling: 'jpeg' },
  '1.2.840.10008.1.2.4.57': { name: 'JPEG Lossless (Process 14)', handling: 'jpeg' },
  '1.2.840.10008.1.2.4.70': { name: 'JPEG Lossless SV1 (Process 14, first-order prediction)', handling: 'jpeg' },
  '1.2.840.10008.1.2.4.80': { name: 'JPEG-LS Lossless', handling: 'unsupported' },
  '1.2.840.10008.1.2.4.81': { name: 'JPEG-LS Near-Lossless', handling: 'unsupported' },
  '1.2.840.10008.1.2.4.90': { name: 'JPEG 2000 Lossless', handling: 'unsupported' },
  '1.2.840.10008.1.2.4.91': { name: 'JPEG 2000', handling: 'unsupported' },
  '1.2.840.10008.1.2.4.92': { name: 'JPEG 2000 Part 2 Multi-component Lossless', handling: 'unsupported' },
  '1.2.840.10008.1.2.4.93': { name: 'JPEG 2000 Part 2 Multi-component', handling: 'unsupported' },
  '1.2.840.10008.1.2.4.201': { name: 'High-Throughput JPEG 2000 Lossless', handling: 'unsupported' },
  '1.2.840.10008.1.2.4.202': { name: 'High-Throughput JPEG 2000 (RPCL, lossless)', handling: 'unsupported' },
  '1.2.840.10008.1.2.4.203': { name: 'High-Throughput JPEG 2000', handling: 'unsupported' },
  '1.2.840.10008.1.2.4.100': { name: 'MPEG2 video', handling: 'unsupported' },
  '1.2.840.10008.1.2.4.101': { name: 'MPEG2 video (high level)', handling: 'unsupported' },
  '1.2.840.10008.1.2.4.102': { name: 'MPEG-4 AVC/H.264 video', handling: 'unsupported' },
  '1.2.840.10008.1.2.4.103': { name: 'MPEG-4 AVC/H.264 BD video', handling: 'unsupported' },
  '1.2.840.10008.1.2.4.104': { name: 'MPEG-4 AVC/H.264 2D video', handling: 'unsupported' },
  '1.2.840.10008.1.2.4.105': { name: 'MPEG-4 AVC/H.264 3D video', handling: 'unsupported' },
  '1.2.840.10008.1.2.4.106': { name: 'MPEG-4 AVC/H.264 stereo video', handling: 'unsupported' },
  '1.2.840.10008.1.2.4.107': { name: 'HEVC/H.265 video', handling: 'unsupported' },
  '1.2.840.10008.1.2.4.108': { name: 'HEVC/H.265 Main 10 video', handling: 'unsupported' },
};

const IMPLICIT_LE = '1.2.840.10008.1.2';
const EXPLICIT_LE = '1.2.840.10008.1.2.1';

/** DICOM PS3.3 C.11.2.1.2.1 linear window, to 0..255. */
export function applyWindow(value: number, center: number, width: number): number {
  const w = Math.max(width, 1);
  const lo = center - 0.5 - (w - 1) / 2;
  const hi = center - 0.5 + (w - 1) / 2;
  if (value <= lo) return 0;
  if (value > hi) return 255;
  return ((value - (center - 0.5)) / (w - 1) + 0.5) * 255;
}

const VR_CODES = new Set(['AE', 'AS', 'AT', 'CS', 'DA', 'DS', 'DT', 'FL', 'FD', 'IS', 'LO', 'LT', 'OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'PN', 'SH', 'SL', 'SQ', 'SS', 'ST', 'SV', 'TM', 'UC', 'UI', 'UL', 'UN', 'UR', 'US', 'UT', 'UV']);

/**
 * A DICOM dataset without the Part-10 preamble/"DICM"/file meta: its first element is a low group
 * (0002 file meta, or 0008 identifying) in little endian, and the next element follows in tag order.
 * Returns the raw transfer syntax it was written in, or undefined when it does not look like DICOM.
 */
export function sniffHeaderlessDicom(bytes: Uint8Array): typeof IMPLICIT_LE | typeof EXPLICIT_LE | undefined {
  if (bytes.length < 16) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const group = view.getUint16(0, true);
  if (group !== 0x0002 && group !== 0x0008) return undefined;
  const element = view.getUint16(2, true);
  const vr = String.fromCharCode(bytes[4] as number, bytes[5] as number);
  const explicit = VR_CODES.has(vr);
  let length: number;
  let header: number;
  if (explicit) {
    const long = ['OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'SQ', 'UC', 'UN', 'UR', 'UT', 'UV'].includes(vr);
    length = long ? view.getUint32(8, true) : view.getUint16(6, true);
    header = long ? 12 : 8;
  } else {
    length = view.getUint32(4, true);
    header = 8;
  }
  const next = header + length;
  if (length > 1024 || next + 4 > bytes.length) return undefined;
  const group2 = view.getUint16(next, true);
  const element2 = view.getUint16(next + 2, true);
  if (group2 < group || (group2 === group && element2 <= element) || group2 > 0x7fe0) return undefined;
  return explicit ? EXPLICIT_LE : IMPLICIT_LE;
}

function reasonOf(err: unknown): string {
  if (typeof err === 'string') return err;
  if (err instanceof Error) return err.message;
  const ex = (err as { exception?: unknown })?.exception;
  return ex !== undefined ? reasonOf(ex) : String(err);
}

function parse(bytes: Uint8Array, path: string): { ds: dicomParserNamespace.DataSet; syntax: string } {
  const hasPreamble = bytes.length >= 132 && String.fromCharCode(...bytes.subarray(128, 132)) === 'DICM';
  const raw = hasPreamble ? undefined : sniffHeaderlessDicom(bytes);
  if (!hasPreamble && !raw) throw new ImportError('not-an-image', path, 'not a DICOM file: no "DICM" marker and no DICOM data elements at the start');
  let ds: dicomParserNamespace.DataSet;
  try {
    ds = dicomParser.parseDicom(bytes, {
      ...(raw ? { TransferSyntaxUID: raw } : {}),
      inflater: (all: Uint8Array, position: number) => {
        const inflated = inflateSync(all.subarray(position));
        const full = new Uint8Array(position + inflated.length);
        full.set(all.subarray(0, position), 0);
        full.set(inflated, position);
        return full;
      },
    } as dicomParserNamespace.ParseDicomOptions);
  } catch (err) {
    const what = raw ? 'DICOM dataset without Part-10 header (no preamble/file meta)' : 'DICOM';
    throw new ImportError('corrupt-image', path, `${what} could not be parsed (${reasonOf(err)})`);
  }
  const syntax = raw ?? (ds.string('x00020010') ?? IMPLICIT_LE).replace(/\0/g, '').trim();
  return { ds, syntax };
}

interface PixelModule {
  rows: number;
  cols: number;
  frames: number;
  bitsAllocated: number;
  bitsStored: number;
  highBit: number;
  signed: boolean;
  spp: number;
  planar: boolean;
  photometric: string;
}

function pixelModule(ds: dicomParserNamespace.DataSet): PixelModule {
  const bitsAllocated = ds.uint16('x00280100') ?? 16;
  const bitsStored = ds.uint16('x00280101') ?? bitsAllocated;
  return {
    rows: ds.uint16('x00280010') ?? 0,
    cols: ds.uint16('x00280011') ?? 0,
    frames: Math.max(1, ds.intString('x00280008') ?? 1),
    bitsAllocated,
    bitsStored,
    highBit: ds.uint16('x00280102') ?? bitsStored - 1,
    signed: (ds.uint16('x00280103') ?? 0) === 1,
    spp: ds.uint16('x00280002') ?? 1,
    planar: (ds.uint16('x00280006') ?? 0) === 1,
    photometric: (ds.string('x00280004') ?? 'MONOCHROME2').trim().toUpperCase(),
  };
}

/**
 * Stored words (Bits Allocated 8/16/32) → sample values: shifted so the stored bits end at bit 0, bits
 * outside Bits Stored masked off, and sign-extended from the top stored bit when Pixel Representation is 1.
 */
export function readStoredValues(bytes: Uint8Array, offset: number, count: number, pm: Pick<PixelModule, 'bitsAllocated' | 'bitsStored' | 'highBit' | 'signed'>, bigEndian: boolean): Float64Array {
  const { bitsAllocated, bitsStored, highBit, signed } = pm;
  if (bitsAllocated !== 8 && bitsAllocated !== 16 && bitsAllocated !== 32) throw new Error(`unsupported Bits Allocated ${bitsAllocated}`);
  if (bitsStored < 1 || bitsStored > bitsAllocated || highBit < bitsStored - 1 || highBit >= bitsAllocated) {
    throw new Error(`inconsistent Bits Stored ${bitsStored} / High Bit ${highBit} for Bits Allocated ${bitsAllocated}`);
  }
  const out = new Float64Array(count);
  const view = new DataView(bytes.buffer, bytes.byteOffset + offset, bytes.length - offset);
  const shift = highBit + 1 - bitsStored;
  const range = 2 ** bitsStored;
  const signBit = 2 ** (bitsStored - 1);
  for (let i = 0; i < count; i++) {
    const word = bitsAllocated === 8 ? view.getUint8(i) : bitsAllocated === 16 ? view.getUint16(i * 2, !bigEndian) : view.getUint32(i * 4, !bigEndian);
    let v = Math.floor(word / 2 ** shift) % range; // (word >> shift) & (2^bitsStored − 1), safe for 32 bits
    if (signed && v >= signBit) v -= range;
    out[i] = v;
  }
  return out;
}

/** PS3.5 Annex G: a header of up to 15 segment offsets, each segment PackBits-coded, most significant byte first. */
export function decodeRleFrame(frame: Uint8Array, pm: PixelModule): Uint8Array {
  const view = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
  const segments = view.getUint32(0, true);
  const bytesPerSample = pm.bitsAllocated / 8;
  const n = pm.rows * pm.cols;
  if (segments !== bytesPerSample * pm.spp) throw new Error(`RLE frame has ${segments} segments, expected ${bytesPerSample * pm.spp}`);
  // Output in little-endian interleaved layout (planar 0), like native pixel data.
  const out = new Uint8Array(n * pm.spp * bytesPerSample);
  for (let s = 0; s < segments; s++) {
    const start = view.getUint32(4 + s * 4, true);
    const end = s + 1 < segments ? view.getUint32(8 + s * 4, true) : frame.length;
    const sample = Math.floor(s / bytesPerSample);
    const byteInSample = bytesPerSample - 1 - (s % bytesPerSample);
    const stride = pm.spp * bytesPerSample;
    let o = sample * bytesPerSample + byteInSample;
    let written = 0;
    let i = start;
    while (i < end && written < n) {
      const h = frame[i++] as number;
      if (h < 128) {
        for (let k = 0; k <= h && written < n; k++, written++, o += stride) out[o] = frame[i++] as number;
      } else if (h > 128) {
        const v = frame[i++] as number;
        for (let k = 0; k < 257 - h && written < n; k++, written++, o += stride) out[o] = v;
      }
    }
    if (written < n) throw new Error(`RLE segment ${s + 1} is short (${written} of ${n} bytes)`);
  }
  return out;
}

function firstFrameFragments(ds: dicomParserNamespace.DataSet, el: dicomParserNamespace.Element, frames: number): Uint8Array {
  const fragments = el.fragments ?? [];
  if (fragments.length === 0) throw new Error('encapsulated Pixel Data has no fragments');
  if (frames === 1) return dicomParser.readEncapsulatedPixelDataFromFragments(ds, el, 0, fragments.length) as Uint8Array;
  const table = el.basicOffsetTable && el.basicOffsetTable.length > 0 ? el.basicOffsetTable : dicomParser.createJPEGBasicOffsetTable(ds, el);
  return dicomParser.readEncapsulatedImageFrame(ds, el, 0, table) as Uint8Array;
}

export function decodeDicom(bytes: Uint8Array, path: string): DecodedImage {
  const { ds, syntax } = parse(bytes, path);
  const ts = TRANSFER_SYNTAXES[syntax];
  if (!ts) {
    throw new ImportError('unsupported-dicom-transfer-syntax', path, `DICOM transfer syntax ${syntax} is not a known DICOM transfer syntax; convert it with e.g. "gdcmconv --raw"`);
  }
  if (ts.handling === 'unsupported') {
    throw new ImportError(
      'unsupported-dicom-transfer-syntax',
      path,
      `DICOM transfer syntax ${ts.name} (${syntax}) is not supported (uncompressed, deflate, RLE, 8-bit JPEG baseline and JPEG lossless are); convert it with e.g. "gdcmconv --raw"`,
    );
  }
  const pixelEl = ds.elements.x7fe00010;
  if (!pixelEl) throw new ImportError('dicom-without-pixels', path, 'DICOM file has no Pixel Data element (7FE0,0010); it may be a report or structured document');
  const pm = pixelModule(ds);
  const { rows, cols, spp } = pm;
  if (rows === 0 || cols === 0) throw new ImportError('dicom-without-pixels', path, 'DICOM file has Pixel Data but no Rows/Columns');
  const n = rows * cols;
  const data = ds.byteArray as Uint8Array; // the inflated bytes for deflate
  const encapsulated = pixelEl.encapsulatedPixelData === true;
  const native = ts.handling === 'native-le' || ts.handling === 'native-be' || ts.handling === 'deflate';
  if (native === encapsulated) {
    throw new ImportError('corrupt-image', path, `DICOM Pixel Data is ${encapsulated ? 'encapsulated (compressed)' : 'not encapsulated'}, which contradicts its transfer syntax ${ts.name}`);
  }
  let samples: Float64Array;
  if (native) {
    const bytesNeeded = (n * spp * pm.bitsAllocated) / 8;
    if (pixelEl.length < bytesNeeded || pixelEl.dataOffset + bytesNeeded > data.length) {
      throw new ImportError('corrupt-image', path, `DICOM Pixel Data is truncated (${Math.max(0, data.length - pixelEl.dataOffset)} of ${bytesNeeded} bytes)`);
    }
    try {
      samples = readStoredValues(data, pixelEl.dataOffset, n * spp, pm, ts.handling === 'native-be');
    } catch (err) {
      throw new ImportError('corrupt-image', path, `DICOM pixels could not be read (${(err as Error).message})`);
    }
  } else {
    let frame: Uint8Array;
    try {
      frame = firstFrameFragments(ds, pixelEl, pm.frames);
    } catch (err) {
      throw new ImportError('corrupt-image', path, `DICOM encapsulated Pixel Data could not be read (${reasonOf(err)})`);
    }
    if (ts.handling === 'rle') {
      try {
        const plain = decodeRleFrame(frame, pm);
        samples = readStoredValues(plain, 0, n * spp, pm, false);
      } catch (err) {
        throw new ImportError('corrupt-image', path, `DICOM RLE pixel data could not be decoded (${reasonOf(err)})`);
      }
    } else {
      const what = `DICOM ${ts.name}`;
      let info: ReturnType<typeof checkJpeg>;
      try {
        info = checkJpeg(frame, path);
      } catch (err) {
        // e.g. JPEG Extended with 12-bit frames: name the DICOM syntax as well as the JPEG type.
        if (err instanceof ImportError && err.code === 'unsupported-format') {
          throw new ImportError('unsupported-dicom-transfer-syntax', path, `${what} (${syntax}): ${err.message.slice(path.length + 2)}`);
        }
        throw err;
      }
      const raw = decodeJpegRaw(frame, path, info);
      if (raw.width !== cols || raw.height !== rows) throw new ImportError('corrupt-image', path, `${what} frame is ${raw.width}×${raw.height} but the header says ${cols}×${rows}`);
      // The codec yields the stored bits (unsigned, JPEG has no sign); apply the sign rule of the header.
      samples = Float64Array.from(raw.data as ArrayLike<number>);
      if (pm.signed && info.precision > 8) {
        const range = 2 ** pm.bitsStored;
        for (let i = 0; i < samples.length; i++) if ((samples[i] as number) >= range / 2) samples[i] = (samples[i] as number) - range;
      }
      // jpeg-js returns RGB (colour-converted from YCbCr, gray replicated): take its luma as one sample.
      if (raw.channels === 3) return toGray(ds, Float64Array.from(interleavedToLuma(samples, n, 3, 1)), { ...pm, spp: 1 }, path);
      if (raw.channels !== spp) throw new ImportError('corrupt-image', path, `${what} frame has ${raw.channels} components but the header says ${spp} samples per pixel`);
    }
  }
  return toGray(ds, samples, pm, path);
}

function toGray(ds: dicomParserNamespace.DataSet, samples: Float64Array, pm: PixelModule, path: string): DecodedImage {
  const { rows, cols, spp, planar, photometric } = pm;
  const n = rows * cols;
  let values: Float32Array;
  if (spp === 1) {
    values = Float32Array.from(samples.subarray(0, n));
  } else if (spp === 3 && (photometric === 'RGB' || photometric.startsWith('YBR'))) {
    const inter = planar ? new Float64Array(n * 3) : samples;
    if (planar) for (let i = 0; i < n; i++) for (let c = 0; c < 3; c++) inter[i * 3 + c] = samples[c * n + i] as number;
    // YBR: the first component is the luma already.
    values = photometric === 'RGB' ? interleavedToLuma(inter, n, 3, 1) : Float32Array.from({ length: n }, (_, i) => inter[i * 3] as number);
  } else {
    throw new ImportError('unsupported-format', path, `DICOM photometric interpretation ${photometric} with ${spp} samples per pixel is not supported`);
  }
  // Modality LUT first (stored values → e.g. Hounsfield / optical density), then the VOI window.
  const slope = ds.floatString('x00281053') ?? 1;
  const intercept = ds.floatString('x00281052') ?? 0;
  if (slope !== 1 || intercept !== 0) for (let i = 0; i < n; i++) values[i] = (values[i] as number) * slope + intercept;
  const center = ds.floatString('x00281050');
  const width = ds.floatString('x00281051');
  let gray: Uint8Array;
  if (center !== undefined && width !== undefined && width > 0) {
    gray = new Uint8Array(n);
    for (let i = 0; i < n; i++) gray[i] = Math.round(applyWindow(values[i] as number, center, width));
  } else {
    gray = minMaxTo8bit(values, n);
  }
  // MONOCHROME1 means "bright = low value": invert so bone is always white, as in MONOCHROME2.
  if (photometric === 'MONOCHROME1') for (let i = 0; i < n; i++) gray[i] = 255 - (gray[i] as number);
  return { width: cols, height: rows, gray };
}
