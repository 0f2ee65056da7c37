// DICOM Part 10 through dicom-parser (cornerstone's parser). Only uncompressed pixel data is decoded:
// compressed transfer syntaxes (JPEG, JPEG-LS, JPEG 2000, RLE, deflate) would need codecs that are
// large and not pure JS, so they get a specific issue instead of a wrong picture.
import * as dicomParser from 'dicom-parser';
import { ImportError } from '../errors';
import type { DecodedImage } from '../types';
import { interleavedToLuma, minMaxTo8bit } from './gray';

const UNCOMPRESSED: Record<string, string> = {
  '1.2.840.10008.1.2': 'Implicit VR Little Endian',
  '1.2.840.10008.1.2.1': 'Explicit VR Little Endian',
  '1.2.840.10008.1.2.2': 'Explicit VR Big Endian',
};

/** DICOM PS3.3 C.11.2.1.2.1 linear window, to 0..255. */
export function applyWindow(value: number, center: number, width: number): number {
  const w = Math.max(width, 1);
  const lo = center - 0.5 - (w - 1) / 2;
  const hi = center - 0.5 + (w - 1) / 2;
  if (value <= lo) return 0;
  if (value > hi) return 255;
  return ((value - (center - 0.5)) / (w - 1) + 0.5) * 255;
}

function readSamples(bytes: Uint8Array, offset: number, count: number, bitsAllocated: number, signed: boolean, bigEndian: boolean): Float32Array {
  const out = new Float32Array(count);
  const view = new DataView(bytes.buffer, bytes.byteOffset + offset, bytes.length - offset);
  if (bitsAllocated === 8) {
    for (let i = 0; i < count; i++) out[i] = signed ? view.getInt8(i) : view.getUint8(i);
  } else if (bitsAllocated === 16) {
    for (let i = 0; i < count; i++) out[i] = signed ? view.getInt16(i * 2, !bigEndian) : view.getUint16(i * 2, !bigEndian);
  } else if (bitsAllocated === 32) {
    for (let i = 0; i < count; i++) out[i] = signed ? view.getInt32(i * 4, !bigEndian) : view.getUint32(i * 4, !bigEndian);
  } else {
    throw new Error(`unsupported Bits Allocated ${bitsAllocated}`);
  }
  return out;
}

export function decodeDicom(bytes: Uint8Array, path: string): DecodedImage {
  let ds: dicomParser.DataSet;
  try {
    ds = dicomParser.parseDicom(bytes);
  } catch (err) {
    const reason = typeof err === 'string' ? err : err instanceof Error ? err.message : String((err as { exception?: string }).exception ?? err);
    throw new ImportError('corrupt-image', path, `DICOM could not be parsed (${reason})`);
  }
  const syntax = (ds.string('x00020010') ?? '1.2.840.10008.1.2').replace(/\0/g, '').trim();
  const pixelEl = ds.elements.x7fe00010;
  if (!pixelEl) throw new ImportError('dicom-without-pixels', path, 'DICOM file has no Pixel Data element (7FE0,0010); it may be a report or structured document');
  if (!UNCOMPRESSED[syntax] || pixelEl.encapsulatedPixelData) {
    throw new ImportError(
      'unsupported-dicom-transfer-syntax',
      path,
      `DICOM transfer syntax ${syntax} is compressed; only uncompressed (${Object.keys(UNCOMPRESSED).join(', ')}) is supported — convert it with e.g. "gdcmconv --raw"`,
    );
  }
  const rows = ds.uint16('x00280010') ?? 0;
  const cols = ds.uint16('x00280011') ?? 0;
  const bitsAllocated = ds.uint16('x00280100') ?? 16;
  const signed = (ds.uint16('x00280103') ?? 0) === 1;
  const spp = ds.uint16('x00280002') ?? 1;
  const planar = (ds.uint16('x00280006') ?? 0) === 1;
  const photometric = (ds.string('x00280004') ?? 'MONOCHROME2').trim().toUpperCase();
  if (rows === 0 || cols === 0) throw new ImportError('dicom-without-pixels', path, 'DICOM file has Pixel Data but no Rows/Columns');
  const n = rows * cols;
  const bytesNeeded = (n * spp * bitsAllocated) / 8;
  if (pixelEl.length < bytesNeeded || pixelEl.dataOffset + bytesNeeded > bytes.length) {
    throw new ImportError('corrupt-image', path, `DICOM Pixel Data is truncated (${Math.max(0, bytes.length - pixelEl.dataOffset)} of ${bytesNeeded} bytes)`);
  }
  let samples: Float32Array;
  try {
    samples = readSamples(bytes, pixelEl.dataOffset, n * spp, bitsAllocated, signed, syntax === '1.2.840.10008.1.2.2');
  } catch (err) {
    throw new ImportError('corrupt-image', path, `DICOM pixels could not be read (${(err as Error).message})`);
  }
  let values: Float32Array;
  if (spp === 1) {
    values = samples;
  } else if (spp === 3 && photometric === 'RGB') {
    const inter = planar ? new Float32Array(n * 3) : samples;
    if (planar) for (let i = 0; i < n; i++) for (let c = 0; c < 3; c++) inter[i * 3 + c] = samples[c * n + i] as number;
    values = interleavedToLuma(inter, n, 3, 1);
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
