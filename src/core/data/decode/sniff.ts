// Formats are recognised by their first bytes, never by the file extension: dropped folders are full of
// `.png` files that are really JPEGs, and DICOM files often have no extension at all (nor, from old PACS
// exports, the 128-byte preamble and "DICM": those are recognised by their first data elements).
import { sniffHeaderlessDicom } from './dicom';

export type SniffedFormat =
  | 'png'
  | 'jpeg'
  | 'gif'
  | 'dicom'
  /** No magic: only recognisable by extension `.img` and the exact JSRT size (checked by the decoder). */
  | 'jsrt-raw'
  /** A known image format this app does not decode (TIFF, BMP, WebP, JPEG 2000, HEIC, ...). */
  | 'unsupported'
  | 'unknown';

export interface Sniffed {
  format: SniffedFormat;
  /** Human name of an unsupported format, for the issue message. */
  name?: string;
}

function startsWith(bytes: Uint8Array, sig: readonly number[], offset = 0): boolean {
  if (bytes.length < offset + sig.length) return false;
  for (let i = 0; i < sig.length; i++) if (bytes[offset + i] !== sig[i]) return false;
  return true;
}

function ascii(bytes: Uint8Array, from: number, to: number): string {
  return String.fromCharCode(...bytes.subarray(from, Math.min(to, bytes.length)));
}

const UNSUPPORTED: ReadonlyArray<{ sig: number[]; offset?: number; name: string }> = [
  { sig: [0x49, 0x49, 0x2a, 0x00], name: 'TIFF' },
  { sig: [0x4d, 0x4d, 0x00, 0x2a], name: 'TIFF' },
  { sig: [0x49, 0x49, 0x2b, 0x00], name: 'BigTIFF' },
  { sig: [0x42, 0x4d], name: 'BMP' },
  { sig: [0x00, 0x00, 0x00, 0x0c, 0x6a, 0x50, 0x20, 0x20], name: 'JPEG 2000' },
  { sig: [0xff, 0x4f, 0xff, 0x51], name: 'JPEG 2000 codestream' },
  { sig: [0x00, 0x00, 0x01, 0x00], name: 'ICO' },
  { sig: [0x76, 0x2f, 0x31, 0x01], name: 'OpenEXR' },
];

export function sniffFormat(bytes: Uint8Array, path = ''): Sniffed {
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return { format: 'png' };
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return { format: 'jpeg' };
  const head6 = ascii(bytes, 0, 6);
  if (head6 === 'GIF87a' || head6 === 'GIF89a') return { format: 'gif' };
  if (ascii(bytes, 128, 132) === 'DICM') return { format: 'dicom' };
  if (ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 12) === 'WEBP') return { format: 'unsupported', name: 'WebP' };
  const ftyp = ascii(bytes, 4, 12);
  if (ftyp === 'ftypheic' || ftyp === 'ftypheix' || ftyp === 'ftypmif1' || ftyp === 'ftypavif') {
    return { format: 'unsupported', name: ftyp === 'ftypavif' ? 'AVIF' : 'HEIC' };
  }
  for (const u of UNSUPPORTED) if (startsWith(bytes, u.sig, u.offset ?? 0)) return { format: 'unsupported', name: u.name };
  if (/\.img$/i.test(path)) return { format: 'jsrt-raw' };
  if (sniffHeaderlessDicom(bytes)) return { format: 'dicom' };
  return { format: 'unknown' };
}

/** What an unknown file looks like, so "not an image" can say what it is instead. */
export function describeNonImage(bytes: Uint8Array): string {
  if (ascii(bytes, 0, 5) === '%PDF-') return 'a PDF document';
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) return 'a zip archive';
  if (startsWith(bytes, [0x1f, 0x8b])) return 'a gzip archive';
  const sample = bytes.subarray(0, 512);
  let printable = 0;
  for (const b of sample) if (b === 9 || b === 10 || b === 13 || (b >= 32 && b < 127)) printable++;
  if (sample.length > 0 && printable / sample.length > 0.95) return 'a text file';
  return 'data with no known image signature';
}
