// Decoders against hand-computed pixel values: Rec. 601 luma, alpha over black, 16-bit min-max,
// palettes, low bit depths, DICOM modality/VOI/MONOCHROME1, JSRT inversion, magic-byte dispatch.
import { encode as encodePng } from 'fast-png';
import { describe, expect, it } from 'vitest';
import { ImportError, applyOrientation, applyWindow, decodeImageJs, decodeMaskSync, precheckImage, sniffFormat, JSRT_BYTES } from '../../../src/core/data/index';
import { dicom, gif, jpegFrameHeader, jpg, png, withExifOrientation } from '../../fixtures/encoders';

const gray = async (bytes: Uint8Array, path = 'x.png') => Array.from((await decodeImageJs(bytes, path)).gray);

async function codeOf(bytes: Uint8Array, path: string): Promise<string> {
  try {
    await decodeImageJs(bytes, path);
    return 'decoded';
  } catch (err) {
    expect(err).toBeInstanceOf(ImportError);
    expect((err as ImportError).message).toContain(path);
    return (err as ImportError).code;
  }
}

describe('PNG', () => {
  it('keeps 8-bit gray values', async () => {
    expect(await gray(png(2, 2, [0, 17, 128, 255]))).toEqual([0, 17, 128, 255]);
  });
  it('converts RGB with Rec. 601 weights', async () => {
    // 0.299*100 + 0.587*200 + 0.114*50 = 153; pure red 76.245; pure blue 29.07
    expect(await gray(png(3, 1, [100, 200, 50, 255, 0, 0, 0, 0, 255], 3))).toEqual([153, 76, 29]);
  });
  it('composites alpha over black', async () => {
    // 200 * 128/255 = 100.4; alpha 0 gives 0; gray+alpha 100 at full alpha stays 100
    expect(await gray(png(2, 1, [200, 200, 200, 128, 90, 90, 90, 0], 4))).toEqual([100, 0]);
    expect(await gray(png(2, 1, [100, 255, 100, 51], 2))).toEqual([100, 20]);
  });
  it('stretches 16-bit samples min-max', async () => {
    // (2000-1000)/(3000-1000)*255 = 127.5 -> 128
    expect(await gray(png(2, 2, [1000, 2000, 3000, 1000], 1, 16))).toEqual([0, 128, 255, 0]);
  });
  it('expands palettes', async () => {
    expect(await gray(png(2, 1, [0, 1], 1, 8, [[255, 0, 0], [0, 0, 255]]))).toEqual([76, 29]);
  });
  it('unpacks 1-bit gray rows padded to bytes', async () => {
    const bytes = encodePng({ width: 4, height: 2, depth: 1, channels: 1, data: new Uint8Array([0b0101_0000, 0b1100_0000]) });
    expect(await gray(bytes)).toEqual([0, 255, 0, 255, 255, 255, 0, 0]);
  });
});

describe('JPEG and GIF', () => {
  it('decodes a two-tone JPEG within compression error', async () => {
    const src = Array.from({ length: 16 * 16 }, (_, i) => (i % 16 < 8 ? 50 : 200));
    const out = await gray(jpg(16, 16, src, 100), 'a.jpeg');
    expect(Math.abs(out[3 * 16 + 3]! - 50)).toBeLessThanOrEqual(3);
    expect(Math.abs(out[12 * 16 + 12]! - 200)).toBeLessThanOrEqual(3);
  });
  it('decodes GIF palette values exactly', async () => {
    expect(await gray(gif(2, 2, [0, 255, 64, 128]), 'm.gif')).toEqual([0, 255, 64, 128]);
  });
});

describe('DICOM', () => {
  it('implements the PS3.3 linear window', () => {
    expect(applyWindow(-160, 40, 400)).toBe(0); // at the lower edge c-0.5-(w-1)/2
    expect(applyWindow(240, 40, 400)).toBe(255); // above c-0.5+(w-1)/2 = 239
    expect(applyWindow(40, 40, 400)).toBeCloseTo(((40 - 39.5) / 399 + 0.5) * 255, 6);
  });
  it('applies rescale, then window, then MONOCHROME1 inversion', async () => {
    // stored [0,1000,2000,4000] * 2 - 1000 = [-1000, 1000, 3000, 7000]; window c=1000 w=2001 -> [0, 127.56, 255, 255]
    const base = { rows: 2, cols: 2, pixels: [0, 1000, 2000, 4000], slope: 2, intercept: -1000, windowCenter: 1000, windowWidth: 2001 };
    expect(await gray(dicom(base), 'a.dcm')).toEqual([0, 128, 255, 255]);
    expect(await gray(dicom({ ...base, photometric: 'MONOCHROME1' }), 'a.dcm')).toEqual([255, 127, 0, 0]);
  });
  it('falls back to min-max without a window', async () => {
    // [-1000, 1000, 3000, 7000] -> [0, 63.75, 127.5, 255]
    expect(await gray(dicom({ rows: 2, cols: 2, pixels: [0, 1000, 2000, 4000], slope: 2, intercept: -1000 }), 'b')).toEqual([0, 64, 128, 255]);
  });
  it('names compressed transfer syntaxes and missing pixels', async () => {
    expect(await codeOf(dicom({ rows: 2, cols: 2, transferSyntax: '1.2.840.10008.1.2.4.90', encapsulated: true }), 'j2k.dcm')).toBe('unsupported-dicom-transfer-syntax');
    expect(await codeOf(dicom({ rows: 2, cols: 2, omitPixels: true }), 'sr.dcm')).toBe('dicom-without-pixels');
  });
});

describe('DICOM pixel encodings (issue 7)', () => {
  const words = [0, 1000, 2000, 4000]; // min-max: 0, 63.75, 127.5, 255
  const expected = [0, 64, 128, 255];
  it('masks bits above Bits Stored (overlay planes) and sign-extends from High Bit', async () => {
    expect(await gray(dicom({ rows: 2, cols: 2, pixels: words.map((w, i) => w | (i % 2 ? 0x8000 : 0x1000)) }), 'o.dcm')).toEqual(expected);
    // signed 12-bit: -2048, -1, 0, 2047 stored as 0x800, 0xfff, 0, 0x7ff -> 0, 127.44, 127.56, 255
    expect(await gray(dicom({ rows: 2, cols: 2, pixels: [0x800, 0xfff, 0, 0x7ff], signed: true }), 's.dcm')).toEqual([0, 127, 128, 255]);
    // High Bit 15 with Bits Stored 12: the stored bits are the top ones (shifted down by 4)
    expect(await gray(dicom({ rows: 2, cols: 2, pixels: words.map((w) => (w << 4) | 0xf), highBit: 15 }), 'h.dcm')).toEqual(expected);
  });
  it('decodes RLE Lossless, deflated and headerless datasets to the same pixels', async () => {
    for (const variant of [{ rle: true }, { deflate: true }, { headerless: true }]) {
      expect(await gray(dicom({ rows: 2, cols: 2, pixels: words, ...variant }), 'v.dcm'), JSON.stringify(variant)).toEqual(expected);
    }
    expect(sniffFormat(dicom({ rows: 2, cols: 2, pixels: words, headerless: true }), 'IM0001').format).toBe('dicom');
  });
  it('decodes 8-bit JPEG baseline frames and names every syntax it does not decode', async () => {
    const src = Array.from({ length: 256 }, (_, i) => (i % 16 < 8 ? 50 : 200));
    const out = await gray(dicom({ rows: 16, cols: 16, bitsAllocated: 8, transferSyntax: '1.2.840.10008.1.2.4.50', encapsulated: true, fragment: jpg(16, 16, src, 100) }), 'j.dcm');
    // min-max of the decoded 50/200 two-tone: within JPEG error of 0 and 255
    expect(out[3 * 16 + 3]!).toBeLessThanOrEqual(4);
    expect(out[12 * 16 + 12]!).toBeGreaterThanOrEqual(251);
    const twelveBit = dicom({ rows: 64, cols: 64, transferSyntax: '1.2.840.10008.1.2.4.51', encapsulated: true, fragment: jpegFrameHeader(0xc1, 12, 64, 64) });
    expect(await codeOf(twelveBit, 'x.dcm')).toBe('unsupported-dicom-transfer-syntax');
    await expect(decodeImageJs(twelveBit, 'x.dcm')).rejects.toThrow(/JPEG Extended \(Process 2 & 4\) \(1.2.840.10008.1.2.4.51\): 12-bit extended sequential DCT/);
    for (const [uid, name] of [['1.2.840.10008.1.2.4.80', 'JPEG-LS Lossless'], ['1.2.840.10008.1.2.4.91', 'JPEG 2000'], ['1.2.3.4', '1.2.3.4 is not a known']]) {
      await expect(decodeImageJs(dicom({ rows: 2, cols: 2, transferSyntax: uid, encapsulated: true }), 'c.dcm')).rejects.toThrow(name);
    }
  });
});

describe('JPEG frame types and EXIF orientation (issue 7)', () => {
  it('skips 12-bit DCT, arithmetic and JPEG-LS files with unsupported-format naming them', async () => {
    expect(await codeOf(jpegFrameHeader(0xc1, 12, 64, 64), 'x12.jpg')).toBe('unsupported-format');
    await expect(decodeImageJs(jpegFrameHeader(0xc1, 12, 64, 64), 'x12.jpg')).rejects.toThrow(/12-bit extended sequential DCT \(SOF1\) JPEG/);
    await expect(decodeImageJs(jpegFrameHeader(0xc9, 8, 64, 64), 'a.jpg')).rejects.toThrow(/arithmetic-coded extended DCT \(SOF9\)/);
    await expect(decodeImageJs(jpegFrameHeader(0xf7, 8, 64, 64), 'ls.jpg')).rejects.toThrow(/JPEG-LS \(SOF55\)/);
    expect(() => precheckImage(jpegFrameHeader(0xc1, 12, 64, 64), 'x12.jpg')).toThrow(/x12.jpg: 12-bit/);
  });
  it('reads the EXIF orientation, decodes the stored pixels and orients them in one place', async () => {
    const src = Array.from({ length: 16 * 8 }, (_, i) => (i % 16 < 8 ? 30 : 220)); // 16 wide, 8 high: left dark
    const img = await decodeImageJs(withExifOrientation(jpg(16, 8, src, 100), 6), 'r.jpg');
    expect([img.width, img.height, img.orientation]).toEqual([16, 8, 6]);
    const shown = applyOrientation(img);
    expect([shown.width, shown.height]).toEqual([8, 16]);
    // rotated 90° clockwise: the stored left half (dark) becomes the top half
    expect(shown.gray[1 * 8 + 4]!).toBeLessThan(60);
    expect(shown.gray[14 * 8 + 4]!).toBeGreaterThan(190);
    const grid = { width: 3, height: 2, gray: new Uint8Array([1, 2, 3, 4, 5, 6]) };
    const o = (n: number) => Array.from(applyOrientation({ ...grid, orientation: n }).gray);
    expect([o(1), o(2), o(3), o(4)]).toEqual([[1, 2, 3, 4, 5, 6], [3, 2, 1, 6, 5, 4], [6, 5, 4, 3, 2, 1], [4, 5, 6, 1, 2, 3]]);
    expect([o(5), o(6), o(7), o(8)]).toEqual([[1, 4, 2, 5, 3, 6], [4, 1, 5, 2, 6, 3], [6, 3, 5, 2, 4, 1], [3, 6, 2, 5, 1, 4]]);
  });
  it('routes transparent PNGs and EXIF JPEGs the platform way only as the core allows', () => {
    expect(precheckImage(png(2, 1, [1, 255, 2, 128], 2), 'ga.png').platformMayDecode).toBe(false);
    expect(precheckImage(png(2, 1, [1, 2, 3, 4, 5, 6], 3), 'rgb.png').platformMayDecode).toBe(true);
    const exif = precheckImage(withExifOrientation(jpg(8, 8, new Array(64).fill(3)), 8), 'e.jpg');
    expect([exif.platformMayDecode, exif.jpeg?.orientation, exif.jpeg?.exifSegment !== undefined]).toEqual([true, 8, true]);
  });
});

describe('mask levels (the one mask rule)', () => {
  it('reads the largest colour channel, or the alpha when the file has transparency', () => {
    expect(Array.from(decodeMaskSync(png(4, 1, [0, 0, 0, 255, 0, 0, 0, 9, 0, 0, 0, 1], 3), 'c.png').level)).toEqual([0, 255, 9, 1]);
    expect(Array.from(decodeMaskSync(png(2, 1, [0, 0, 0, 255, 255, 255, 255, 0], 4), 'a.png').level)).toEqual([255, 0]);
    expect(decodeMaskSync(jpg(8, 8, new Array(64).fill(200)), 'm.jpg').lossy).toBe(true);
  });
});

describe('JSRT raw', () => {
  it('reads 16-bit big-endian 12-bit values and inverts them', async () => {
    const bytes = new Uint8Array(JSRT_BYTES);
    bytes.set([0x00, 0x00, 0x0f, 0xff, 0x08, 0x00, 0x00, 0x01]); // 0, 4095, 2048, 1
    const img = await decodeImageJs(bytes, 'JPCLN001.IMG');
    expect([img.width, img.height]).toEqual([2048, 2048]);
    // (4095 - v) * 255 / 4095: 255, 0, 127.47, 254.94
    expect(Array.from(img.gray.subarray(0, 4))).toEqual([255, 0, 127, 255]);
  });
  it('detects a byte-swapped (little-endian) file and reads it the same (issue 7)', async () => {
    const bytes = new Uint8Array(JSRT_BYTES);
    bytes.set([0x00, 0x00, 0xff, 0x0f, 0x00, 0x08, 0x01, 0x00]); // LE 0, 4095, 2048, 1; BE would be 0, 65295, 8, 256
    expect(Array.from((await decodeImageJs(bytes, 'JPCLN002.IMG')).gray.subarray(0, 4))).toEqual([255, 0, 127, 255]);
  });
  it('skips a file that is 12-bit in neither byte order instead of clamping it', async () => {
    const bytes = new Uint8Array(JSRT_BYTES);
    bytes.set([0x10, 0x00, 0x00, 0x10]); // BE 4096, LE 4096
    expect(await codeOf(bytes, 'JPCLN003.IMG')).toBe('corrupt-image');
    await expect(decodeImageJs(bytes, 'JPCLN003.IMG')).rejects.toThrow(/above 4095 in both byte orders/);
  });
  it('rejects any other size', async () => {
    expect(await codeOf(new Uint8Array(JSRT_BYTES - 2), 'JPCLN002.IMG')).toBe('jsrt-wrong-size');
  });
});

describe('format detection', () => {
  it('goes by magic bytes, not extension', async () => {
    expect(sniffFormat(png(1, 1, [0]), 'x.jpg').format).toBe('png');
    expect(await gray(png(2, 1, [10, 20]), 'mislabelled.jpg')).toEqual([10, 20]);
    expect(sniffFormat(new Uint8Array(200), 'noext').format).toBe('unknown');
  });
  it('reports empty, text, TIFF and truncated files specifically', async () => {
    expect(await codeOf(new Uint8Array(0), 'e.png')).toBe('empty-file');
    expect(await codeOf(new TextEncoder().encode('hello'), 't.png')).toBe('not-an-image');
    expect(await codeOf(new Uint8Array([0x4d, 0x4d, 0x00, 0x2a, 0, 0, 0, 8]), 'i.tiff')).toBe('unsupported-format');
    const full = png(8, 8, new Array(64).fill(9));
    expect(await codeOf(full.slice(0, full.length - 12), 'cut.png')).toBe('corrupt-image');
  });
});

describe('precheckImage (for a platform decoder)', () => {
  it('lets the platform decode only 8-bit PNG and JPEG, and rejects what decodeImageJs rejects', () => {
    expect(precheckImage(png(2, 1, [1, 2]), 'a.png')).toEqual({ format: 'png', platformMayDecode: true });
    expect(precheckImage(png(2, 1, [1, 2], 1, 16), 'b.png')).toEqual({ format: 'png', platformMayDecode: false });
    expect(precheckImage(jpg(8, 8, new Array(64).fill(3)), 'c.jpg').platformMayDecode).toBe(true);
    expect(precheckImage(gif(2, 1, [0, 255]), 'd.gif').platformMayDecode).toBe(false);
    const full = jpg(16, 16, new Array(256).fill(100));
    expect(() => precheckImage(full.slice(0, full.length - 10), 'cut.jpg')).toThrow(/cut.jpg: JPEG is truncated/);
    expect(() => precheckImage(new TextEncoder().encode('no'), 'e.png')).toThrow(ImportError);
  });
});
